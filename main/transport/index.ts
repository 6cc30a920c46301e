// The host's dispatch: the whole contract served by every registered service module.
import { channels } from '../../src/contract';
import { allHandlers } from '../services';
import { createDispatcher } from './dispatch';

export const dispatch = createDispatcher(channels, allHandlers);
export { createDispatcher } from './dispatch';
