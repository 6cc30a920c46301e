// A child process for main/recovery/crash.test.ts, killed with SIGKILL at random moments.
//   save-loop <file> <firstVersion>: saves a big project again and again through the real project.save,
//     printing "begin N" before and "done N" after each save (stdout to a pipe is synchronous on POSIX).
//   host <userDataDir> <root>: the real web host with the project and recovery services; prints its
//     origin and token as one JSON line.
import path from 'node:path';
import { channels } from '../../src/contract';
import { createDispatcher } from '../transport/dispatch';
import { handlers as projectHandlers } from '../services/project';
import { handlers as recoveryHandlers } from '../services/recovery';
import type { HandlerContext } from '../services/context';
import { startWebHost } from '../web/server';
import { bigProjectDoc } from './bigProjectDoc';

const dispatch = createDispatcher(channels, { ...projectHandlers, ...recoveryHandlers } as any);
const [mode, a, b] = process.argv.slice(2);

if (mode === 'save-loop') {
  const file = a;
  const ctx: HandlerContext = { emit: () => {}, allowedRoots: [path.dirname(file)], resourcesDir: path.dirname(file), userDataDir: path.join(path.dirname(file), 'userData') };
  const doc = bigProjectDoc('v0', 500);
  for (let v = Number(b); ; v++) {
    doc.name = `v${v}`;
    process.stdout.write(`begin ${v}\n`);
    const r = await dispatch('project.save', { path: file, doc }, ctx);
    if (!r.ok) {
      process.stdout.write(`error ${r.error.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`done ${v}\n`);
  }
} else if (mode === 'host') {
  const web = await startWebHost({ userDataDir: a, resourcesDir: b, allowedRoots: [b], dispatch });
  process.stdout.write(JSON.stringify({ origin: web.origin, token: web.token }) + '\n');
} else {
  process.stderr.write('usage: crashChild save-loop <file> <firstVersion> | host <userDataDir> <root>\n');
  process.exit(2);
}
