/** The composition root: opens the store and wires every capability behind one dispatcher. */
export { createCore, DATABASE_FILE_NAME, type Core, type CoreOptions } from './core';
export { waitingTimers, whenSpaceAllows } from './start-when-space';
