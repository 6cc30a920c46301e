// Channels and events of the project area. Owned by the project feature; listed in ./index.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';

export const projectChannels = defineChannels({});
export const projectEvents = defineEvents({});
void z;
