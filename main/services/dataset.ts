// Placeholder: the dataset feature replaces this module with its handlers.
import { defineHandlers } from './context';

export const handlers = defineHandlers({});
