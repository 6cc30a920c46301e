// Channels of the block library area: a .cnnblocks file written atomically and read back as text. The editor
// parses the text (src/blocks/libraryFile.ts), so every problem is worded in the user's language and a bad
// file never reaches the open project. Listed in ./index.ts; served by main/services/blocks.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { PathSchema } from './primitives';
import { BlockLibrarySchema, MAX_BLOCK_LIBRARY_BYTES } from '../blocks/libraryFile';

export const blocksChannels = defineChannels({
  'blocks.saveLibrary': {
    request: z.object({ path: PathSchema, library: BlockLibrarySchema }),
    response: z.object({ path: PathSchema, bytes: z.number().int(), count: z.number().int() }),
  },
  'blocks.readLibrary': {
    request: z.object({ path: PathSchema }),
    response: z.object({ path: PathSchema, text: z.string().max(MAX_BLOCK_LIBRARY_BYTES) }),
  },
});
export const blocksEvents = defineEvents({});
