// `cnn-studio <command> …` — the same analysis and services as the app, from a terminal.
import { commands } from './commands';
import type { CliIO } from './command';

const stdio: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'Usage: cnn-studio <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Run `cnn-studio <command> --help` for a command’s options.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`cnn-studio: unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: cnn-studio ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.err(`cnn-studio ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
