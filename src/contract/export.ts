// Channels and events of the export area. Owned by the export feature; listed in ./index.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';

export const exportChannels = defineChannels({});
export const exportEvents = defineEvents({});
void z;
