// Recovery services: autosave the open document into userData, list autosaves on start, discard one.
// Paths never come from the page here: files live in <userData>/recovery, named by a checked id.
import { defineHandlers, HostFailure } from './context';
import { recoveryChannels } from '../../src/contract/recovery';
import { discardRecovery, listRecovery, writeRecovery } from '../recovery/recoveryStore';

export const handlers = defineHandlers(recoveryChannels, {
  'recovery.autosave': async ({ id, doc, projectPath }, ctx) => {
    try {
      return await writeRecovery(ctx.userDataDir, { id, doc, projectPath });
    } catch (e: any) {
      throw new HostFailure('write-failed', `Could not autosave (${e?.code ?? e?.message ?? e}) — save the project yourself; check that ${ctx.userDataDir} is writable and has space.`);
    }
  },
  'recovery.check': async (_req, ctx) => listRecovery(ctx.userDataDir),
  'recovery.discard': async ({ id }, ctx) => ({ discarded: await discardRecovery(ctx.userDataDir, id) }),
});
