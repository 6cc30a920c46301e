// Channels and events of the train area. Owned by the train feature; listed in ./index.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';

export const trainChannels = defineChannels({});
export const trainEvents = defineEvents({});
void z;
