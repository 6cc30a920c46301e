// Channels of the recovery area: the renderer autosaves the open document every 30 s while it has unsaved
// changes; after a crash the next start lists what can be restored. Owned by the reliability feature.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { ProjectDocSchema } from '../project/schema';

/** One autosave slot per window session (the renderer makes a random id when it starts). */
export const RecoveryIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (at most 64)');

export const RecoveryItemSchema = z.object({
  id: RecoveryIdSchema,
  name: z.string().max(500),
  /** Where the document was last saved by the user, if ever. */
  projectPath: z.string().max(4096).optional(),
  savedAt: z.string().max(100),
  doc: ProjectDocSchema,
});

export const recoveryChannels = defineChannels({
  'recovery.autosave': {
    request: z.object({ id: RecoveryIdSchema.default('default'), doc: ProjectDocSchema, projectPath: z.string().min(1).max(4096).optional() }),
    response: z.object({ id: RecoveryIdSchema, savedAt: z.string(), bytes: z.number().int() }),
  },
  'recovery.check': {
    request: z.object({}).default({}),
    /** Newest first; `damaged` counts recovery files that could not be read (they are left for inspection). */
    response: z.object({ items: z.array(RecoveryItemSchema).max(50), damaged: z.number().int() }),
  },
  'recovery.discard': {
    request: z.object({ id: RecoveryIdSchema }),
    response: z.object({ discarded: z.boolean() }),
  },
});
export const recoveryEvents = defineEvents({});
export type RecoveryItem = z.infer<typeof RecoveryItemSchema>;
