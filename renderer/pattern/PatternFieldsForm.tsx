// The builder's form: one field per number of the pattern, with the lecture's name (k, m, n, K, F, P), a
// one-line help under it, and the field's problem in red in place of the help.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePatternBuilder, type FieldErrors, type FieldName, type PatternFields } from './patternForm';

type Errors = FieldErrors;

function Field({ name, errors, children }: { name: string; errors: (string | undefined)[]; children: ReactNode }) {
  const { t } = useTranslation('pattern');
  const error = errors.find(Boolean);
  return (
    <label className={`pattern-field${error ? ' invalid' : ''}`} data-testid={`pattern-field-${name}`}>
      <span className="pattern-label">{t(`fields.${name}.label`)}</span>
      {children}
      <span className={error ? 'pattern-help error-text' : 'pattern-help'}>{error ?? t(`fields.${name}.help`)}</span>
    </label>
  );
}

function TextInput({ name, width }: { name: Exclude<FieldName, 'doubleFilters' | 'padding' | 'pooling'>; width?: string }) {
  const value = usePatternBuilder((s) => s.fields[name]);
  const { t } = useTranslation('pattern');
  return (
    <input
      data-testid={`pattern-${name}`}
      aria-label={name === 'height' || name === 'width' || name === 'channels' ? `${t('fields.input.label')}: ${name}` : t(`fields.${name}.label`)}
      value={value}
      style={width ? { width } : undefined}
      onChange={(e) => usePatternBuilder.getState().setField(name, e.target.value)}
    />
  );
}

export function PatternFieldsForm({ errors }: { errors: Errors }) {
  const { t } = useTranslation('pattern');
  const f = usePatternBuilder((s) => s.fields);
  const set = usePatternBuilder.getState().setField;
  const choice = <K extends 'padding' | 'pooling'>(name: K, options: PatternFields[K][]) => (
    <select data-testid={`pattern-${name}`} aria-label={t(`fields.${name}.label`)} value={f[name]} onChange={(e) => set(name, e.target.value as PatternFields[K])}>
      {options.map((o) => (
        <option key={o} value={o}>
          {t(`${name}.${o}`)}
        </option>
      ))}
    </select>
  );
  return (
    <div className="pattern-form">
      <div className="pattern-row3">
        <Field name="k" errors={[errors.k]}>
          <TextInput name="k" />
        </Field>
        <Field name="m" errors={[errors.m]}>
          <TextInput name="m" />
        </Field>
        <Field name="n" errors={[errors.n]}>
          <TextInput name="n" />
        </Field>
      </div>
      <Field name="filters" errors={[errors.filters]}>
        <TextInput name="filters" />
      </Field>
      <label className="pattern-check" data-testid="pattern-field-doubleFilters" title={t('fields.doubleFilters.help')}>
        <input type="checkbox" data-testid="pattern-doubleFilters" checked={f.doubleFilters} onChange={(e) => set('doubleFilters', e.target.checked)} />
        {t('fields.doubleFilters.label')}
      </label>
      <div className="pattern-row3">
        <Field name="kernelSize" errors={[errors.kernelSize]}>
          <TextInput name="kernelSize" />
        </Field>
        <Field name="padding" errors={[errors.padding]}>
          {choice('padding', ['same', 'valid'])}
        </Field>
        <Field name="pooling" errors={[errors.pooling]}>
          {choice('pooling', ['max', 'average', 'l2'])}
        </Field>
      </div>
      <div className="pattern-row2">
        <Field name="fcSizes" errors={[errors.fcSizes]}>
          <TextInput name="fcSizes" />
        </Field>
        <Field name="dropout" errors={[errors.dropout]}>
          <TextInput name="dropout" />
        </Field>
      </div>
      <div className="pattern-row2">
        <Field name="input" errors={[errors.height, errors.width, errors.channels]}>
          <span className="pattern-hwc">
            <TextInput name="height" />×<TextInput name="width" />×<TextInput name="channels" />
          </span>
        </Field>
        <Field name="classes" errors={[errors.classes]}>
          <TextInput name="classes" />
        </Field>
      </div>
    </div>
  );
}
