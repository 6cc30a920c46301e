// One generated form field. The typed text is kept locally; a value that passes the field's zod schema
// is written to the document at once, one that fails shows zod's message under the field instead.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { fieldError, parseFieldInput, type FieldSpec } from './fieldSpec';

interface Props {
  spec: FieldSpec;
  schema: z.ZodType;
  value: unknown;
  onCommit(value: unknown): void;
}

const NUMBER_MODE = '__number__';

export function ParamField({ spec, schema, value, onCommit }: Props) {
  const { t } = useTranslation();
  const shown = value === undefined ? (spec.default ?? '') : value;
  const [text, setText] = useState(String(shown));
  const [error, setError] = useState<string | undefined>();
  // Undo/redo or another edit changed the value: show it.
  useEffect(() => {
    setText(String(shown));
    setError(undefined);
  }, [shown]);

  const tryCommit = (raw: string) => {
    setText(raw);
    const v = parseFieldInput(spec, raw);
    const err = fieldError(schema, spec.name, v);
    setError(err);
    if (!err && v !== value) onCommit(v);
  };

  const id = `param-${spec.name}`;
  const label = t(`param.${spec.name}`, { defaultValue: spec.name });
  let control;
  if (spec.kind === 'boolean') {
    control = <input id={id} data-testid={id} type="checkbox" checked={shown === true} onChange={(e) => tryCommit(String(e.target.checked))} />;
  } else if (spec.kind === 'enum') {
    control = (
      <select id={id} data-testid={id} value={text} onChange={(e) => tryCommit(e.target.value)}>
        {spec.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'enumOrNumber') {
    const isNumber = !spec.options.includes(text);
    control = (
      <span className="enum-or-number">
        <select
          data-testid={`${id}-mode`}
          aria-label={`${label} — ${t('param.paddingMode')}`}
          value={isNumber ? NUMBER_MODE : text}
          onChange={(e) => tryCommit(e.target.value === NUMBER_MODE ? String(spec.min ?? 0) : e.target.value)}
        >
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
          <option value={NUMBER_MODE}>{t('param.numberMode')}</option>
        </select>
        {isNumber && (
          <input id={id} data-testid={id} type="number" step={spec.int ? 1 : 'any'} min={spec.min} max={spec.max} value={text} onChange={(e) => tryCommit(e.target.value)} />
        )}
      </span>
    );
  } else {
    const numeric = spec.kind === 'number';
    control = (
      <input
        id={id}
        data-testid={id}
        type={numeric ? 'number' : 'text'}
        step={numeric ? (spec.int ? 1 : 'any') : undefined}
        min={numeric ? spec.min : undefined}
        max={numeric ? spec.max : undefined}
        value={text}
        onChange={(e) => tryCommit(e.target.value)}
      />
    );
  }
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {error && (
        <div className="field-error" role="alert" data-testid={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}
