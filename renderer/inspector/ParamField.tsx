// One generated form field. What is typed stays a local draft, checked against the field's zod schema as
// it is typed, and is written to the document once — on Enter, on leaving the field or by a step button —
// so typing "40" is one undo step; Esc puts the document's value back. Choices (select, checkbox) apply at once.
import { useEffect, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { fieldError, fieldValue, type FieldSpec } from './fieldSpec';
import { FieldHelp, HelpToggle } from './FieldHelp';

/** A param whose stored value stands for one derived from another (pooling's stride 0 = pool size). */
export interface DerivedValue {
  unset: unknown;
  /** The value it stands for now, e.g. the pool size 2. */
  effective: number | string;
  /** e.g. "= pool size (2)". */
  placeholder: string;
  /** e.g. "Empty: pool size = 2." */
  note: string;
}

interface Props {
  spec: FieldSpec;
  schema: z.ZodType;
  value: unknown;
  onCommit(value: unknown): void;
  /** The parameter's explanation (tooltip, and readable text on focus or via the (i) toggle). */
  help?: string;
  derived?: DerivedValue;
}

const NUMBER_MODE = '__number__';

/** The text a stored value is shown as: a derived param's "unset" value shows as an empty field. */
const textOf = (shown: unknown, derived?: DerivedValue) => (derived && shown === derived.unset ? '' : String(shown ?? ''));

/** A step-button or arrow-key change of a number input is a finished edit; typing (an InputEvent with a type) is not. */
const isStep = (e: ChangeEvent<HTMLInputElement>) => !(e.nativeEvent as InputEvent).inputType;

export function ParamField({ spec, schema, value, onCommit, help, derived }: Props) {
  const { t } = useTranslation();
  // An optional enum with no default (Output's `returns`) means its first option when absent: show that, not a blank.
  const shown = value === undefined ? (spec.default ?? (spec.kind === 'enum' ? spec.options[0] : undefined)) : value;
  const committedText = textOf(shown, derived);
  const [text, setText] = useState(committedText);
  const [error, setError] = useState<string | undefined>();
  const [focused, setFocused] = useState(false);
  const [pinned, setPinned] = useState(false);
  // Undo/redo or another edit changed the value: show it.
  useEffect(() => {
    setText(committedText);
    setError(undefined);
  }, [committedText]);

  const valueOf = (raw: string) => fieldValue(spec, raw, derived);
  const check = (raw: string) => fieldError(schema, spec.name, valueOf(raw));
  const draft = (raw: string) => {
    setText(raw);
    setError(check(raw));
  };
  const commit = (raw: string) => {
    setText(raw);
    const err = check(raw);
    setError(err);
    const v = valueOf(raw);
    if (!err && v !== shown) onCommit(v);
  };
  const revert = () => {
    setText(committedText);
    setError(undefined);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit(text);
    else if (e.key === 'Escape') {
      revert();
      e.stopPropagation(); // Esc here reverts the field; it does not also clear the selection
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') commit(text); // saved with the draft
  };

  const id = `param-${spec.name}`;
  // Option values are the Keras words; some get a few words of explanation (explain:option.<param>.<value>).
  const optionLabel = (o: string) => t(`explain:option.${spec.name}.${o}`, { defaultValue: o });
  const label = t(`param.${spec.name}`, { defaultValue: spec.name });
  const dirty = text !== committedText;
  const numberInput = (min: number | undefined, max: number | undefined, int: boolean) => {
    // Step buttons commit at once: each press is one edit. The native spinner is hidden (see inspector.css).
    const stepBy = (delta: number) => {
      const base = Number(text.trim() === '' ? (derived?.effective ?? spec.default ?? 0) : text);
      if (Number.isNaN(base)) return;
      const next = Math.min(max ?? Infinity, Math.max(min ?? -Infinity, base + delta));
      commit(String(next));
    };
    return (
      <span className="param-number">
        <input
          id={id}
          data-testid={id}
          type="number"
          step={int ? 1 : 'any'}
          min={min}
          max={max}
          value={text}
          placeholder={derived?.placeholder}
          title={help}
          onChange={(e) => (isStep(e) ? commit(e.target.value) : draft(e.target.value))}
          onBlur={() => commit(text)}
          onKeyDown={onKeyDown}
        />
        {int && (
          <>
            <button type="button" className="param-step" tabIndex={-1} data-testid={`${id}-dec`} aria-label={t('explain:field.decrease', { name: label })} onClick={() => stepBy(-1)}>
              −
            </button>
            <button type="button" className="param-step" tabIndex={-1} data-testid={`${id}-inc`} aria-label={t('explain:field.increase', { name: label })} onClick={() => stepBy(1)}>
              +
            </button>
          </>
        )}
      </span>
    );
  };

  let control;
  if (spec.kind === 'boolean') {
    control = <input id={id} data-testid={id} type="checkbox" title={help} checked={shown === true} onChange={(e) => commit(String(e.target.checked))} />;
  } else if (spec.kind === 'enum') {
    control = (
      <select id={id} data-testid={id} value={text} title={help} onChange={(e) => commit(e.target.value)}>
        {spec.options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
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
          title={help}
          value={isNumber ? NUMBER_MODE : text}
          onChange={(e) => commit(e.target.value === NUMBER_MODE ? String(spec.min ?? 0) : e.target.value)}
        >
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
          <option value={NUMBER_MODE}>{t('param.numberMode')}</option>
        </select>
        {isNumber && numberInput(spec.min, spec.max, spec.int)}
      </span>
    );
  } else if (spec.kind === 'number') {
    control = numberInput(spec.min, spec.max, spec.int);
  } else {
    control = (
      <input
        id={id}
        data-testid={id}
        type="text"
        value={text}
        title={help}
        onChange={(e) => draft(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={onKeyDown}
      />
    );
  }
  return (
    <div className={`field ${error ? 'invalid' : ''} ${dirty ? 'dirty' : ''}`} data-testid={`${id}-field`} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}>
      <span className="field-label-row">
        <label htmlFor={id} title={help}>
          {label}
        </label>
        {help && <HelpToggle testId={`${id}-help-toggle`} name={label} open={pinned} onToggle={() => setPinned(!pinned)} />}
      </span>
      {control}
      {error && (
        <div className="field-error" role="alert" data-testid={`${id}-error`}>
          {error}
        </div>
      )}
      {dirty && !error && <div className="field-pending">{t('explain:field.editing')}</div>}
      {help && (pinned || focused) && <FieldHelp testId={`${id}-help`} text={help} note={derived?.note} />}
    </div>
  );
}
