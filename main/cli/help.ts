// `cnn-studio --help` and `cnn-studio <command> --help`, written from the commands' own declarations, so
// that help lists exactly the options the parser accepts.
import type { CliCommand } from './command';
import { GLOBAL_OPTIONS, optionSyntax, type CliOption, type OptionSpecs } from './options';

const WIDTH = 100;
/** A syntax column wider than this puts the description on the next line. */
const MAX_SYNTAX = 36;

/** Words wrapped to `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** A row of the two-column table; `notes` (a choice's meanings) go beneath the text, one per line. */
type Row = { left: string; text: string; notes?: Readonly<Record<string, string>> };

/** Two columns: `  left  text…`, the text wrapped under itself. */
function table(rows: Row[]): string[] {
  const col = Math.min(MAX_SYNTAX, Math.max(...rows.map((r) => r.left.length)));
  const indent = ' '.repeat(col + 4);
  const out: string[] = [];
  for (const { left, text, notes } of rows) {
    const body = wrap(text, WIDTH - col - 4);
    if (left.length > col) out.push(`  ${left}`, ...body.map((b) => indent + b));
    else out.push(...body.map((b, i) => (i === 0 ? `  ${left.padEnd(col)}  ${b}` : indent + b)));
    if (notes) {
      const key = Math.max(...Object.keys(notes).map((k) => k.length));
      for (const [k, v] of Object.entries(notes)) out.push(...wrap(v, WIDTH - col - key - 8).map((b, i) => `${indent}  ${(i ? '' : k).padEnd(key)}  ${b}`));
    }
  }
  return out;
}

function describe(o: CliOption<unknown>): string {
  const parts = [o.description];
  if (o.required) parts.push('(required)');
  const dflt = o.defaultText ?? (o.type === 'string' && o.default !== undefined ? String(o.default) : undefined);
  if (dflt !== undefined) parts.push(`(default: ${dflt})`);
  return parts.join(' ');
}

function optionRows(options: OptionSpecs): Row[] {
  return Object.entries(options).map(([name, o]) => ({ left: `${o.short ? `-${o.short}, ` : ''}${optionSyntax(name, o)}`, text: describe(o), notes: o.choiceNotes }));
}

const usageLine = (c: CliCommand) => `${c.name} ${c.arguments.map((a) => `<${a.name}>`).join(' ')}`.trim();

export function commandHelp(c: CliCommand): string {
  return [
    `Usage: cnn-studio ${usageLine(c)} [options]`,
    '',
    ...wrap(c.summary, WIDTH),
    '',
    'Arguments:',
    ...table(c.arguments.map((a) => ({ left: `<${a.name}>`, text: a.description }))),
    '',
    'Options:',
    ...table(optionRows(c.options)),
    '',
    'Global options:',
    ...table(optionRows(GLOBAL_OPTIONS)),
    ...(c.examples.length ? ['', 'Examples:', ...c.examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}

export function cliHelp(commands: readonly CliCommand[]): string {
  return [
    'Usage: cnn-studio <command> [options]',
    '',
    'Commands:',
    ...table(commands.map((c) => ({ left: usageLine(c), text: c.summary }))),
    '',
    'Global options:',
    ...table(optionRows(GLOBAL_OPTIONS)),
    '',
    'Run `cnn-studio <command> --help` (or `cnn-studio help <command>`) for a command’s options.',
  ].join('\n');
}
