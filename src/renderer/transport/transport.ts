import type { ErrorCode, EventName, EventPayload, MethodInput, MethodName, MethodOutput, VersionConflict } from '../../shared/contract';

/** Where this console stands with core. Every transport reduces its own states to these four. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ConnectionSnapshot {
  readonly state: ConnectionState;
  /** Why the connection is not up, in words an operator can read; null when there is nothing to say. */
  readonly detail: string | null;
}

/** How long a call waits for core's answer before failing with 'unavailable'. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/** One problem with one field; `line` is set when the input was a file (config.import). */
export type FieldError = { readonly path: string; readonly message: string; readonly line?: number };

/** A failed call: the contract's error code for programs, a message for people, field errors for forms. */
export class TransportError extends Error {
  readonly code: ErrorCode;
  readonly fields: readonly FieldError[];
  /** For a stale configuration edit: the refused edit and what is stored now, to show side by side. */
  readonly versions: VersionConflict | null;

  constructor(code: ErrorCode, message: string, fields: readonly FieldError[] = [], versions: VersionConflict | null = null) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
    this.fields = fields;
    this.versions = versions;
  }
}

export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError;
}

/**
 * The only way the renderer talks to core. The UI is written against this interface, so it runs
 * the same over Electron's preload bridge, over socket.io in a browser, and over an in-memory fake
 * in component tests.
 */
export interface Transport {
  /** Resolves with the method's output, or rejects with a TransportError. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribes to one core event; returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Says this console shows nothing of these events (a wall display: the audit log). A transport that
   * can (socket.io) asks core not to send them while nothing listens to them, and at once again when
   * something does. Returns the undo.
   */
  skipUnlistened(events: readonly EventName[]): () => void;
  /** The current connection; the same object until the connection changes (fit for useSyncExternalStore). */
  getConnection(): ConnectionSnapshot;
  /** Calls listener on every connection change; returns the unsubscribe. */
  onConnectionChange(listener: (snapshot: ConnectionSnapshot) => void): () => void;
  /** Stops the connection for good (page unload, tests). */
  close(): void;
}
