// A command's options, declared once (name, type, default, description, value placeholder): from that one
// declaration come parsing (node:util parseArgs, strict), checking (numbers are numbers, choices are
// checked) and the command's --help (help.ts). Unknown options are errors, with the closest known one.
import { parseArgs } from 'node:util';
import { closest } from './suggest';

/** The command line was wrong: the message says what, and what to give instead. Exit code 2. */
export class CliUsageError extends Error {
  /** For an unknown option, its name (without dashes), so that the caller can say which command has it. */
  unknownOption?: string;
}

export interface CliOption<T> {
  /** parseArgs' type: a 'boolean' option is a flag and takes no value. */
  type: 'boolean' | 'string';
  /** One letter for `-x` (only the global -h). */
  short?: string;
  /** What the value looks like, in help and messages: `--epochs <N>`. */
  placeholder?: string;
  description: string;
  /** Each choice's meaning, for a choice option (help lists them; a bad value's message too). */
  choiceNotes?: Readonly<Record<string, string>>;
  /** The value when the option is not given. */
  default?: T;
  /** The default as help says it, when that is not simply the value ("the project's setting"). */
  defaultText?: string;
  required?: boolean;
  /** The given text → the command's value; throws CliUsageError when it is not one. Flags have none. */
  convert?(raw: string, flag: string): T;
}

export type OptionSpecs = Record<string, CliOption<unknown>>;
export type OptionValues<O extends OptionSpecs> = { [K in keyof O]: O[K] extends CliOption<infer T> ? T : never };

interface ValueSpec {
  description: string;
  placeholder?: string;
  defaultText?: string;
}

/** `a, b or c` */
export function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** A flag: true when given, else false. */
export function flag(description: string): CliOption<boolean> {
  return { type: 'boolean', description, default: false };
}

/** Free text, e.g. a folder. */
export function text(spec: ValueSpec & { placeholder: string; required: true }): CliOption<string>;
export function text(spec: ValueSpec & { placeholder: string }): CliOption<string | undefined>;
export function text(spec: ValueSpec & { placeholder: string; required?: boolean }): CliOption<string | undefined> {
  return { type: 'string', ...spec, convert: (raw) => raw };
}

/** A whole number ≥ min. */
export function integer(spec: ValueSpec & { min: number; default: number }): CliOption<number>;
export function integer(spec: ValueSpec & { min: number }): CliOption<number | undefined>;
export function integer(spec: ValueSpec & { min: number; default?: number }): CliOption<number | undefined> {
  return {
    type: 'string',
    placeholder: 'N',
    ...spec,
    convert(raw, flag) {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(n) || n < spec.min) throw new CliUsageError(`${flag} must be a whole number ≥ ${spec.min}, not "${raw}".`);
      return n;
    },
  };
}

/** A number > 0 (a learning rate). */
export function positiveNumber(spec: ValueSpec): CliOption<number | undefined> {
  return {
    type: 'string',
    placeholder: 'X',
    ...spec,
    convert(raw, flag) {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || !(n > 0)) throw new CliUsageError(`${flag} must be a positive number, not "${raw}".`);
      return n;
    },
  };
}

type Choices<C extends string> = readonly C[] | Readonly<Record<C, string>>;

/** One of a fixed set of words; `choices` as a record gives each one's meaning. */
export function choice<const C extends string>(choices: Choices<C>, spec: ValueSpec & ({ default: NoInfer<C> } | { required: true })): CliOption<C>;
export function choice<const C extends string>(choices: Choices<C>, spec: ValueSpec): CliOption<C | undefined>;
export function choice<const C extends string>(choices: Choices<C>, spec: ValueSpec & { default?: C; required?: boolean }): CliOption<C | undefined> {
  const names = (Array.isArray(choices) ? choices : Object.keys(choices)) as C[];
  const notes = Array.isArray(choices) ? undefined : (choices as Readonly<Record<C, string>>);
  return {
    type: 'string',
    placeholder: names.join('|'),
    ...(notes ? { choiceNotes: notes } : {}),
    ...spec,
    convert(raw, flag) {
      if ((names as string[]).includes(raw)) return raw as C;
      const guess = closest(raw, names);
      throw new CliUsageError(`${flag} must be ${orList(names)}, not "${raw}"${guess ? ` (did you mean ${guess}?)` : ''}.`);
    },
  };
}

/** A value with its own syntax: `parse` returns it or throws CliUsageError saying what it should look like. */
export function custom<T>(spec: ValueSpec & { placeholder: string; parse(raw: string, flag: string): T }): CliOption<T | undefined> {
  const { parse, ...rest } = spec;
  return { type: 'string', ...rest, convert: parse };
}

/** Accepted by every command, before or after the command's name. */
export const GLOBAL_OPTIONS = {
  verbose: flag('show backend details and what the GPU stack (Dawn, the Vulkan loader) prints, on stderr'),
  help: { ...flag('show this help'), short: 'h' },
} satisfies OptionSpecs;

export interface ParsedOptions<O extends OptionSpecs> {
  positionals: string[];
  options: OptionValues<O>;
  verbose: boolean;
  help: boolean;
}

type ParseConfig = Record<string, { type: 'boolean' | 'string'; short?: string }>;

const parseConfig = (specs: OptionSpecs): ParseConfig =>
  Object.fromEntries(Object.entries(specs).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));

/** `--epochs <N>` */
export const optionSyntax = (name: string, o: CliOption<unknown>) => (o.type === 'string' ? `--${name} <${o.placeholder ?? 'value'}>` : `--${name}`);

/**
 * Parses `args` (what follows the command's name) against the command's options and the global ones, then
 * checks and converts each value. Throws CliUsageError on an unknown option, a missing value, a flag given a
 * value, a value that is not what the option takes, or a required option left out. `--help` anywhere (before
 * a `--`) wins over any mistake, so that a wrong line can still ask for help.
 */
export function parseOptions<O extends OptionSpecs>(args: readonly string[], options: O): ParsedOptions<O> {
  const specs: OptionSpecs = { ...options, ...GLOBAL_OPTIONS };
  const config = parseConfig(specs);
  const tokens = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true }).tokens as Token[];
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { positionals: [], options: {} as OptionValues<O>, verbose: false, help: true };

  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: config, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (e) {
    const explained = explainParseError(tokens, specs);
    const error = new CliUsageError(explained?.message ?? (e instanceof Error ? e.message : String(e)));
    error.unknownOption = explained?.unknownOption;
    throw error;
  }
  const values: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(options)) {
    const raw = parsed.values[name];
    if (raw === undefined) {
      if (o.required) throw new CliUsageError(`${optionSyntax(name, o)} is required: ${o.description}.`);
      values[name] = o.default;
    } else values[name] = o.type === 'boolean' ? raw === true : o.convert!(raw as string, `--${name}`);
  }
  return { positionals: parsed.positionals, options: values as OptionValues<O>, verbose: parsed.values.verbose === true, help: false };
}

/** parseArgs' tokens, as far as they are read here. */
type Token = { kind: 'option'; name: string; rawName: string; value?: string; inlineValue?: boolean } | { kind: 'positional' | 'option-terminator' };

/** What strict parseArgs refused, said in our words, from the loose parse's tokens. */
function explainParseError(tokens: readonly Token[], specs: OptionSpecs): { message: string; unknownOption?: string } | undefined {
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const spec = Object.hasOwn(specs, t.name) ? specs[t.name] : undefined;
    if (!spec) {
      const guess = t.rawName.startsWith('--') ? closest(t.name, Object.keys(specs)) : undefined;
      return { message: `unknown option ${t.rawName}${guess ? ` (did you mean --${guess}?)` : ''}`, unknownOption: guess ? undefined : t.name };
    }
    const syntax = optionSyntax(t.name, spec);
    if (spec.type === 'boolean' && t.value !== undefined) return { message: `${t.rawName} is a flag and takes no value (not "${t.value}"): write ${t.rawName} alone.` };
    if (spec.type === 'string' && t.value === undefined) return { message: `${t.rawName} needs a value: ${syntax}.` };
    if (spec.type === 'string' && !t.inlineValue && t.value!.startsWith('-')) {
      // `--epochs --json`: the value was forgotten; `--lr -1`: a value that starts with a dash goes after `=`.
      const isOption = /^--?[a-z]/i.test(t.value!) && Object.hasOwn(specs, t.value!.replace(/^--?/, '').split('=')[0]);
      return { message: `${t.rawName} needs a value: ${syntax}${isOption ? '' : ` (write ${t.rawName}=${t.value} if "${t.value}" is the value)`}.` };
    }
  }
  return undefined;
}
