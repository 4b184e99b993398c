/** The contract's implementation: one dispatcher for every method, and the core that wires it. */
export { createCore, DATABASE_FILE_NAME, type Core, type CoreOptions } from './core';
export { createDispatcher, invoke, type Dispatcher, type CallContext, type CommandOutcome, type Handlers } from './dispatcher';
export { waitingTimers, whenSpaceAllows } from './start-when-space';
export { authorize, LOCAL_OPERATOR, type Actor, type Role } from './policy';
