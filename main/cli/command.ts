// The shape of one CLI command; main/cli/commands.ts lists them all.
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** e.g. 'validate <file|template> [--json] [--lang en|ko]' */
  usage: string;
  /** Returns the exit code: 0 ok, 1 the input has errors, 2 the command was used wrongly. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Splits `--flag value`, `--flag=value` and bare `--flag` (boolean) from positional arguments. */
export function parseArgs(args: string[], booleanFlags: string[] = []): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [k, v] = a.slice(2).split(/=(.*)/s, 2);
    if (v !== undefined) flags[k] = v;
    else if (booleanFlags.includes(k) || i + 1 >= args.length || args[i + 1].startsWith('--')) flags[k] = true;
    else flags[k] = args[++i];
  }
  return { positional, flags };
}
