/** Bumped when a method or event changes incompatibly; a console refuses a core with another major. */
export const CONTRACT_VERSION = 1;

export * from './errors';
export * from './strings';
export * from './unknown-keys';
export * from './methods';
export * from './events';
export * from './app';
export * from './audit';
export * from './audit-export';
export * from './alert-history';
export * from './settings';
export * from './monitors';
export * from './monitoring';
export * from './alerts';
export * from './incidents';
export * from './backups';
export * from './recovery';
export * from './people';
export * from './security';
export * from './reports';
export * from './permissions';
export * from './transport';
export * from './bridge';
export * from './hub';
export * from './outbox';
export * from './backend';
export * from './seats';
export * from './console-health';
export * from './retention';
export * from './retired';
export * from './handovers';
export * from './routing';
// Issue 16, watch the watcher: a notification's life on the alert, the heartbeat and the daily alive summary.
export * from './notification-life';
export * from './watcher';
// Issue 16, the operator on shift: by the handover into the current shift.
export * from './on-shift';
