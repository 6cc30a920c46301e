// `cnn-studio <command> …` — the same analysis and services as the app, from a terminal.
import { commands } from './commands';
import { parseCommandLine, type CliIO } from './command';
import { cliHelp, commandHelp } from './help';
import { CliUsageError, GLOBAL_OPTIONS } from './options';
import { closest } from './suggest';
import { terminalSafeIO } from './terminalSafe';

const stdio: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

export function usage(): string {
  return cliHelp(commands);
}

const HELP = ['--help', '-h'];

export async function runCli(argv: string[], rawIO: CliIO = stdio): Promise<number> {
  // Every line printed goes through here with its control characters escaped (terminalSafe.ts): names and
  // paths come from files and arguments, and must not drive the terminal.
  const io = terminalSafeIO(rawIO);
  // Global options may come before the command's name: `cnn-studio --verbose train lenet5`.
  let i = 0;
  const leading: string[] = [];
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    if (HELP.includes(argv[i])) return (io.out(usage()), 0);
    if (argv[i] !== '--verbose') {
      const name = argv[i].replace(/^--?/, '').split('=')[0];
      const guess = closest(name, Object.keys(GLOBAL_OPTIONS));
      io.err(`cnn-studio: unknown option ${argv[i]}${guess ? ` (did you mean --${guess}?)` : ''} — only --verbose and --help come before the command.\n\n${usage()}`);
      return 2;
    }
    leading.push(argv[i]);
  }
  const name = argv[i];
  const rest = [...leading, ...argv.slice(i + 1)];
  if (name === undefined) return (io.err(usage()), 2);
  const unknownCommand = (typed: string) => {
    const guess = closest(typed, commands.map((c) => c.name));
    io.err(`cnn-studio: unknown command "${typed}"${guess ? ` (did you mean ${guess}?)` : ''}.\n\n${usage()}`);
    return 2;
  };
  if (name === 'help') {
    const topic = argv[i + 1];
    if (topic === undefined || HELP.includes(topic)) return (io.out(usage()), 0);
    const command = commands.find((c) => c.name === topic);
    return command ? (io.out(commandHelp(command)), 0) : unknownCommand(topic);
  }
  const command = commands.find((c) => c.name === name);
  if (!command) return unknownCommand(name);
  let input;
  try {
    input = parseCommandLine(command, rest);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    const owners = e.unknownOption ? commands.filter((c) => Object.hasOwn(c.options, e.unknownOption!)).map((c) => c.name) : [];
    const list = owners.length > 1 ? `${owners.slice(0, -1).join(', ')} and ${owners.at(-1)}` : owners.join('');
    const elsewhere = owners.length ? ` (an option of ${list}, not of ${name})` : '';
    io.err(`${name}: ${e.message}${elsewhere}\nRun \`cnn-studio ${name} --help\` for its options.`);
    return 2;
  }
  if (input === 'help') return (io.out(commandHelp(command)), 0);
  try {
    return await command.run(input, io);
  } catch (e) {
    // A usage error found late (once the project is loaded) is still exit 2; anything else is a failure.
    if (e instanceof CliUsageError) return (io.err(`${name}: ${e.message}`), 2);
    io.err(`cnn-studio ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
