export * from './clock';
export * from './redact';
export * from './app-shell';
export * from './monitor-status';
export * from './json-positions';
