// Channels and events of the dataset area. Owned by the dataset feature; listed in ./index.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';

export const datasetChannels = defineChannels({});
export const datasetEvents = defineEvents({});
void z;
