import { describe, expect, it } from 'vitest';
import { channels, events } from './index';
import { graphChannels } from './graph';
import { projectChannels } from './project';
import { datasetChannels } from './dataset';
import { trainChannels } from './train';
import { exportChannels } from './export';
import { recoveryChannels } from './recovery';
import { filesChannels } from './files';
import { blocksChannels } from './blocks';
import { reportChannels } from './report';

describe('contract', () => {
  it("areas never share a channel name (the spread in ./index and the host's handler map would hide one)", () => {
    const areas = [graphChannels, projectChannels, datasetChannels, trainChannels, exportChannels, recoveryChannels, filesChannels, blocksChannels, reportChannels];
    const names = areas.flatMap((a) => Object.keys(a));
    expect(names.length).toBe(new Set(names).size);
    expect(Object.keys(channels).sort()).toEqual([...names].sort());
    expect(Object.keys(events)).toEqual(['dataset.progress']);
  });
});
