// The command line as each real command declares it: parsing, the messages for every kind of mistake, and
// --help generated from the same declarations. Run through runCli with a recording IO (no files needed:
// every case here is refused, or answered, before a project is loaded).
import { describe, expect, it } from 'vitest';
import { runCli } from './main';
import { commands } from './commands';
import { GLOBAL_OPTIONS, optionSyntax, parseOptions, CliUsageError, choice, integer, positiveNumber, flag, text } from './options';

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('command-line mistakes exit 2 with a message saying what was wrong', () => {
  it.each([
    // unknown options, with the closest known one
    [['train', 'lenet5', '--epoch', '1'], 'train: unknown option --epoch (did you mean --epochs?)'],
    [['train', 'lenet5', '--epoch=1'], 'train: unknown option --epoch (did you mean --epochs?)'],
    [['validate', 'lenet5', '--jsn'], 'validate: unknown option --jsn (did you mean --json?)'],
    [['train', 'lenet5', '--norm', 'unit'], 'train: unknown option --norm (did you mean --normalize?)'],
    [['export', 'lenet5', '--fromat', 'onnx', '--out', 'd'], 'export: unknown option --fromat (did you mean --format?)'],
    [['train', 'lenet5', '--verbos'], 'train: unknown option --verbos (did you mean --verbose?)'],
    [['validate', 'lenet5', '--epochs', '3'], 'validate: unknown option --epochs (an option of train and sweep, not of validate)'],
    [['export', 'lenet5', '--json'], 'export: unknown option --json (an option of validate, train, explain, diff, robustness, sweep and evaluate, not of export)'],
    [['train', 'lenet5', '--momentum', '0.9'], 'train: unknown option --momentum\n'], // an option of no command
    [['train', 'lenet5', '-e', '1'], 'train: unknown option -e\n'],
    [['train', 'lenet5', '--constructor'], 'train: unknown option --constructor\n'], // not a key of every object
    // values missing, or given to a flag
    [['train', 'lenet5', '--epochs'], 'train: --epochs needs a value: --epochs <N>.'],
    [['train', 'lenet5', '--epochs', '--json'], 'train: --epochs needs a value: --epochs <N>.'],
    [['train', 'lenet5', '--lr', '-1'], 'train: --lr needs a value: --lr <X> (write --lr=-1 if "-1" is the value).'],
    [['train', 'lenet5', '--json=yes'], 'train: --json is a flag and takes no value (not "yes"): write --json alone.'],
    // values that are not what the option takes
    [['train', 'lenet5', '--epochs', '0'], 'train: --epochs must be a whole number ≥ 1, not "0".'],
    [['train', 'lenet5', '--batch', '3.5'], 'train: --batch must be a whole number ≥ 1, not "3.5".'],
    [['train', 'lenet5', '--batch', 'many'], 'train: --batch must be a whole number ≥ 1, not "many".'],
    [['train', 'lenet5', '--limit', '5'], 'train: --limit must be a whole number ≥ 10, not "5".'],
    [['train', 'lenet5', '--lr', 'fast'], 'train: --lr must be a positive number, not "fast".'],
    [['train', 'lenet5', '--lr=0'], 'train: --lr must be a positive number, not "0".'],
    [['train', 'lenet5', '--schedule', 'cosin'], 'train: --schedule must be constant, step or cosine, not "cosin" (did you mean cosine?).'],
    [['train', 'lenet5', '--backend', 'tpu'], 'train: --backend must be auto, webgpu, wasm or cpu, not "tpu".'],
    [['train', 'lenet5', '--normalize', 'zscore'], 'train: --normalize must be unit, symmetric or standardize, not "zscore".'],
    [['train', 'lenet5', '--augment', '0.1,0.1'], 'train: --augment takes shift,scale,degrees (three numbers ≥ 0), e.g. 0.1,0.1,10 — not "0.1,0.1".'],
    [['train', 'lenet5', '--augment', '0.1,-1,5'], 'train: --augment takes shift,scale,degrees'],
    [['train', 'lenet5', '--augment', '-1,0,0'], 'train: --augment needs a value: --augment <SHIFT,SCALE,DEG> (write --augment=-1,0,0 if "-1,0,0" is the value).'],
    [['validate', 'lenet5', '--lang', 'fr'], 'validate: --lang must be en or ko, not "fr".'],
    [['export', 'lenet5', '--format', 'keras', '--out', 'd'], 'export: --format must be tfjs, onnx, pytorch, safetensors, npz, svg or png, not "keras".'],
    // required options and positional arguments
    [['export', 'lenet5', '--out', 'd'], 'export: --format <tfjs|onnx|pytorch|safetensors|npz|svg|png> is required: what to write.'],
    [['export', 'lenet5', '--format', 'svg'], 'export: --out <DIR> is required: the folder to write into, made if missing.'],
    [['train'], 'train: missing <project|template>: give a project file (.cnnproj) or a template id (e.g. lenet5, resnet20), e.g. `cnn-studio train lenet5 --epochs 3`.'],
    [['validate', '--json'], 'validate: missing <project|template>'],
    [['validate', 'a.cnnproj', 'b.cnnproj'], 'validate: unexpected argument "b.cnnproj": validate takes <project|template> and options (--name value).'],
    [['train', 'lenet5', '1'], 'train: unexpected argument "1"'],
    // commands and leading options
    [['trian', 'lenet5'], 'cnn-studio: unknown command "trian" (did you mean train?).'],
    [['frobnicate'], 'cnn-studio: unknown command "frobnicate".'],
    [['help', 'trian'], 'cnn-studio: unknown command "trian" (did you mean train?).'],
    [['--verbose', 'validate', 'lenet5', '--jsn'], 'validate: unknown option --jsn (did you mean --json?)'],
    [['--jsn', 'validate', 'lenet5'], 'cnn-studio: unknown option --jsn — only --verbose and --help come before the command.'],
    [[], 'Usage: cnn-studio <command> [options]'],
  ])('%j', async (args, says) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(says);
  });

  it('points to the command’s --help after an option mistake', async () => {
    const r = await cli('train', 'lenet5', '--epoch', '1');
    expect(r.err).toBe('train: unknown option --epoch (did you mean --epochs?)\nRun `cnn-studio train --help` for its options.');
  });
});

describe('--help, from the declarations', () => {
  it.each(commands.map((c) => [c.name, c] as const))('`cnn-studio %s --help` shows the usage, every option with its description, and the examples', async (name, command) => {
    for (const args of [[name, '--help'], [name, '-h'], ['help', name], [name, 'lenet5', '--epoch', '--help']]) {
      const r = await cli(...args);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      const usage = `Usage: cnn-studio ${name} ${command.arguments.map((a) => `<${a.name}>`).join(' ')} [options]`;
      expect(r.out.startsWith(usage)).toBe(true);
      const flat = r.out.replace(/\s+/g, ' '); // descriptions wrap
      for (const [option, spec] of Object.entries({ ...command.options, ...GLOBAL_OPTIONS })) {
        expect(r.out).toContain(optionSyntax(option, spec));
        expect(flat).toContain(spec.description);
        for (const [choice, meaning] of Object.entries(spec.choiceNotes ?? {})) expect(flat).toMatch(new RegExp(`${choice} +${meaning.replace(/[()|.*+?[\]\\^$]/g, '\\$&')}`));
        if (spec.defaultText) expect(flat).toContain(`(default: ${spec.defaultText})`);
      }
      for (const example of command.examples) expect(r.out).toContain(example);
    }
  });

  it('`cnn-studio --help` lists every command and the global options (exit 0)', async () => {
    for (const args of [['--help'], ['-h'], ['help'], ['--verbose', '--help']]) {
      const r = await cli(...args);
      expect(r.code).toBe(0);
      const flat = r.out.replace(/\s+/g, ' ');
      for (const c of commands) expect(flat).toContain(`${c.name} ${c.arguments.map((a) => `<${a.name}>`).join(' ')} ${c.summary}`);
      expect(r.out).toContain('--verbose');
      expect(r.out).toContain('-h, --help');
    }
  });

  it('every line of help fits in 100 columns but for an option too long to share one', async () => {
    for (const c of commands) {
      const { out } = await cli(c.name, '--help');
      for (const line of out.split('\n')) if (!line.startsWith('  cnn-studio ') && !/^ {2}--\S+ <[^>]+>$/.test(line)) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });
});

describe('parseOptions', () => {
  const options = {
    epochs: integer({ min: 1, description: 'epochs' }),
    size: integer({ min: 0, description: 'size', default: 7 }),
    lr: positiveNumber({ description: 'rate' }),
    mode: choice(['a', 'b'], { description: 'mode', default: 'a' }),
    out: text({ placeholder: 'DIR', description: 'out' }),
    json: flag('json'),
  };

  it.each([
    [[], { epochs: undefined, size: 7, lr: undefined, mode: 'a', out: undefined, json: false }, [], false],
    [['p', '--epochs', '3', '--lr=0.5', '--mode', 'b', '--out', 'x y', '--json'], { epochs: 3, size: 7, lr: 0.5, mode: 'b', out: 'x y', json: true }, ['p'], false],
    [['--size=0', '--verbose', 'p', 'q'], { size: 0, json: false }, ['p', 'q'], true],
    [['--epochs', '2', '--epochs', '4'], { epochs: 4 }, [], false], // the last one counts
    [['--', '--json'], { json: false }, ['--json'], false], // after --, everything is an argument
  ])('%j', (args, values, positionals, verbose) => {
    const r = parseOptions(args, options);
    expect(r.options).toMatchObject(values);
    expect(r.positionals).toEqual(positionals);
    expect(r.verbose).toBe(verbose);
  });

  it('throws CliUsageError, never parseArgs’ own error', () => {
    for (const args of [['--nope'], ['--epochs'], ['--json=1'], ['--epochs', 'x'], ['-z']]) expect(() => parseOptions(args, options)).toThrow(CliUsageError);
  });

  it('no command declares a global option again', () => {
    for (const c of commands) for (const name of Object.keys(GLOBAL_OPTIONS)) expect(c.options, `${c.name} --${name}`).not.toHaveProperty(name);
  });
});
