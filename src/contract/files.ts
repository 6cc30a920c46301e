// Channels of the files area: the host lists its allowed folders and what is inside them, for the in-app
// file and folder browser (web mode has no native dialog). Listed in ./index.ts; served by main/services/files.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { PathSchema } from './primitives';

/** The most entries one listing returns (the rest is cut, `truncated` says so). */
export const MAX_LISTED_ENTRIES = 5000;

/** Images counted beside a folder: the files directly inside with one of these extensions. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'bmp', 'gif', 'webp'] as const;

export const FileEntrySchema = z.object({
  name: z.string().max(1000),
  /** The full path, for the next listing or as the chosen path. */
  path: PathSchema,
  kind: z.enum(['folder', 'file']),
  /** Files: bytes. */
  size: z.number().int().min(0).optional(),
  modifiedMs: z.number().optional(),
  /** Folders: images directly inside; `more` when counting stopped at its bound (so "at least count"). */
  images: z.object({ count: z.number().int().min(0), more: z.boolean() }).optional(),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const FolderListingSchema = z.object({
  /** The folder listed (its real path); absent for the list of allowed folders itself. */
  path: PathSchema.optional(),
  /** The allowed folder `path` lies in: the browser does not go above it. */
  root: PathSchema.optional(),
  /** The folder above `path`, absent at a root. */
  parent: PathSchema.optional(),
  /** The host's path separator, to join a typed file name to `path`. */
  separator: z.enum(['/', '\\']),
  entries: z.array(FileEntrySchema).max(MAX_LISTED_ENTRIES),
  truncated: z.boolean(),
  /** When the path asked for was a file (or a file name not there yet): its name, and whether it exists. */
  target: z.object({ name: z.string().max(1000), exists: z.boolean(), kind: z.enum(['file', 'folder']).optional() }).optional(),
});
export type FolderListing = z.infer<typeof FolderListingSchema>;

export const filesChannels = defineChannels({
  /**
   * No path: the folders this host may use. A folder: its folders (with image counts) and its files whose
   * extension is in `extensions` (absent: every file; empty: none). A file, or a name not there yet in an
   * existing folder: that folder's listing with `target` naming it. Paths outside the allowed folders are refused.
   */
  'files.list': {
    request: z
      .object({
        path: PathSchema.optional(),
        extensions: z.array(z.string().min(1).max(20)).max(40).optional(),
        showHidden: z.boolean().optional(),
      })
      .default({}),
    response: FolderListingSchema,
  },
});
export const filesEvents = defineEvents({});
