// This window's autosave slot: one random id per page load, so two windows (or tabs) never overwrite
// each other's autosave, and a restart finds the slots of windows that did not close cleanly.
const random = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export const autosaveSessionId: string = `w-${random()}`.slice(0, 64);
