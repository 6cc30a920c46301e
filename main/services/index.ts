// Every service module, written out. Each exports `handlers`, one for every channel of its contract area
// (defineHandlers); adding an area is one import and one entry here (and its channels in src/contract/index.ts).
// Typed as the whole contract's Handlers, so a channel no module serves does not compile.
import type { Handlers } from './context';
import { handlers as graph } from './graph';
import { handlers as project } from './project';
import { handlers as dataset } from './dataset';
import { handlers as train } from './train';
import { handlers as exporting } from './export';
import { handlers as recovery } from './recovery';
import { handlers as files } from './files';
import { handlers as blocks } from './blocks';
import { handlers as report } from './report';

// The areas' channel names are disjoint (src/contract/index.test.ts), so no module's handler hides another's.
export const allHandlers: Handlers = { ...graph, ...project, ...dataset, ...train, ...exporting, ...recovery, ...files, ...blocks, ...report };
