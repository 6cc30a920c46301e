// Channels and events of the graph area. Owned by the graph feature; listed in ./index.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';

export const graphChannels = defineChannels({});
export const graphEvents = defineEvents({});
void z;
