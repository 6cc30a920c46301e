// Every service module, written out. Each exports `handlers: { [channel]: (req, ctx) => Promise<res> }`;
// adding an area is one import and one entry here (and its channels in src/contract/index.ts).
import type { Handlers } from './context';
import { handlers as graph } from './graph';
import { handlers as project } from './project';
import { handlers as dataset } from './dataset';
import { handlers as train } from './train';
import { handlers as exporting } from './export';
import { handlers as recovery } from './recovery';

const modules: Handlers[] = [graph, project, dataset, train, exporting, recovery];

function merge(list: Handlers[]): Handlers {
  const all: Record<string, unknown> = {};
  for (const m of list)
    for (const [channel, h] of Object.entries(m)) {
      if (channel in all) throw new Error(`Two service modules handle "${channel}" — keep one.`);
      all[channel] = h;
    }
  return all as Handlers;
}

export const allHandlers: Handlers = merge(modules);
