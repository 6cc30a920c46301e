// The whole contract, written out: each area's channels and events.
import { graphChannels, graphEvents } from './graph';
import { projectChannels, projectEvents } from './project';
import { datasetChannels, datasetEvents } from './dataset';
import { trainChannels, trainEvents } from './train';
import { exportChannels, exportEvents } from './export';
import { recoveryChannels, recoveryEvents } from './recovery';
import { filesChannels, filesEvents } from './files';
import { blocksChannels, blocksEvents } from './blocks';
import { reportChannels, reportEvents } from './report';
import type { z } from 'zod';

export const channels = {
  ...graphChannels,
  ...projectChannels,
  ...datasetChannels,
  ...trainChannels,
  ...exportChannels,
  ...recoveryChannels,
  ...filesChannels,
  ...blocksChannels,
  ...reportChannels,
};
export const events = { ...graphEvents, ...projectEvents, ...datasetEvents, ...trainEvents, ...exportEvents, ...recoveryEvents, ...filesEvents, ...blocksEvents, ...reportEvents };

export type Channels = typeof channels;
export type ChannelName = keyof Channels & string;
export type Req<C extends ChannelName> = z.input<Channels[C]['request']>;
export type Res<C extends ChannelName> = z.output<Channels[C]['response']>;
export type Events = typeof events;
export type EventName = keyof Events & string;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export * from './define';
