// The shape of one CLI command; main/cli/commands.ts lists them all. A command declares its arguments and
// options once (options.ts); parsing, checking and its --help (help.ts) all come from that declaration.
import { CliUsageError, parseOptions, type OptionSpecs, type OptionValues } from './options';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

/** A positional argument; every one a command declares is required. */
export interface CliArgument {
  /** As usage shows it, without the brackets: 'project|template'. */
  name: string;
  /** What to give, completing "give …": 'a project file (.cnnproj) or a template id (e.g. lenet5)'. */
  description: string;
}

/** What a command runs with: its positional arguments, its options' checked values and the global --verbose. */
export interface CommandInput<O extends OptionSpecs> {
  args: string[];
  options: OptionValues<O>;
  verbose: boolean;
}

export interface CliCommand<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line for the command list. */
  summary: string;
  arguments: readonly CliArgument[];
  options: O;
  /** Whole command lines (`cnn-studio train lenet5 --epochs 3`), the first one quoted when an argument is missing. */
  examples: readonly string[];
  /** Returns the exit code: 0 ok, 1 the input has errors, 2 the command was used wrongly. */
  run(input: CommandInput<O>, io: CliIO): Promise<number>;
}

/** Keeps the options' types for `run`. */
export function defineCommand<O extends OptionSpecs>(command: CliCommand<O>): CliCommand<O> {
  return command;
}

/**
 * The command's input from what follows its name on the command line, or 'help' for --help; throws
 * CliUsageError (see parseOptions) and when the positional arguments are missing or too many.
 */
export function parseCommandLine<O extends OptionSpecs>(command: CliCommand<O>, args: readonly string[]): CommandInput<O> | 'help' {
  const parsed = parseOptions(args, command.options);
  if (parsed.help) return 'help';
  const wanted = command.arguments;
  if (parsed.positionals.length < wanted.length) {
    const missing = wanted[parsed.positionals.length];
    throw new CliUsageError(`missing <${missing.name}>: give ${missing.description}, e.g. \`${command.examples[0]}\`.`);
  }
  if (parsed.positionals.length > wanted.length) {
    const extra = parsed.positionals[wanted.length];
    throw new CliUsageError(`unexpected argument "${extra}": ${command.name} takes ${wanted.map((a) => `<${a.name}>`).join(' ')} and options (--name value).`);
  }
  return { args: parsed.positionals, options: parsed.options, verbose: parsed.verbose };
}
