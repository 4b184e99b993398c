import type { ConnectionSnapshot } from './transport';

/** Holds the current connection snapshot and tells subscribers when it changes. */
export class ConnectionStateHolder {
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<(snapshot: ConnectionSnapshot) => void>();

  constructor(initial: ConnectionSnapshot) {
    this.snapshot = initial;
  }

  get = (): ConnectionSnapshot => this.snapshot;

  set(next: ConnectionSnapshot): void {
    if (next.state === this.snapshot.state && next.detail === this.snapshot.detail) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  subscribe = (listener: (snapshot: ConnectionSnapshot) => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
}
