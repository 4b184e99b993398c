import { z } from 'zod';
import { text } from './strings';
import type { Envelope } from './errors';
import type { EventName, EventPayload } from './events';
import type { MethodInput, MethodName, MethodOutput } from './methods';

/**
 * The shape of `window.watchroom`, the API the Electron preload exposes to the renderer. It is
 * inferred from the contract, so a new method or event appears here without anyone writing it.
 * The renderer imports this type (never the preload) to use the bridge; serve mode offers the same
 * calls over socket.io.
 */

/** Where the console stands with its core process; the status bar shows it. */
export const ConnectionStatus = z.discriminatedUnion('state', [
  /** The window has started and core is starting for the first time. */
  z.object({
    state: z.literal('connecting'),
    /** Why core is not ready yet when it is waiting on something (a full disk), in words an operator can read. */
    waiting: text().optional(),
  }),
  /** Core is up and answering calls. */
  z.object({ state: z.literal('connected') }),
  /** Core stopped; main restarts it after retryInMs. Calls fail with 'unavailable' meanwhile. */
  z.object({
    state: z.literal('reconnecting'),
    /** How many restarts in a row this is (1 for the first). */
    attempt: z.number().int().positive(),
    retryInMs: z.number().int().nonnegative(),
    /** Why core stopped, in words an operator can read. */
    reason: z.string(),
  }),
]);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** IPC channel of a contract method: `wr:<method>`. */
export function methodChannel(method: MethodName): `wr:${MethodName}` {
  return `wr:${method}`;
}
/** main -> renderer: one contract event, `{event, payload}`. */
export const EVENT_CHANNEL = 'wr:event';
/** main -> renderer: a ConnectionStatus, on every change and in answer to CONNECTION_HELLO_CHANNEL. */
export const CONNECTION_CHANNEL = 'wr:connection';
/** renderer -> main: "send me the current ConnectionStatus" (answered on CONNECTION_CHANNEL, so order is kept). */
export const CONNECTION_HELLO_CHANNEL = 'wr:connection-hello';

/** 'settings' for 'settings.set'. */
export type MethodNamespace = MethodName extends `${infer Namespace}.${string}` ? Namespace : never;

/** Methods whose input may be left out (no arguments) take an optional argument. */
export type BridgeMethod<M extends MethodName> =
  undefined extends MethodInput<M>
    ? (input?: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>>
    : (input: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>>;

/** `{ info: ..., health: ... }` for the namespace 'app'. */
export type BridgeNamespace<N extends MethodNamespace> = {
  readonly [M in MethodName as M extends `${N}.${infer Rest}` ? Rest : never]: BridgeMethod<M>;
};

export type WatchroomBridge = { readonly [N in MethodNamespace]: BridgeNamespace<N> } & {
  /** Subscribes to one contract event; returns the unsubscribe. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
  /**
   * Subscribes to the connection with core: the listener gets the current status as soon as it is
   * known, then every change. Returns the unsubscribe.
   */
  readonly onConnection: (listener: (status: ConnectionStatus) => void) => () => void;
  /** The shell prints a report's HTML to a PDF the operator saves; answers where it went (null: cancelled). */
  readonly printReport: (request: PrintReportRequest) => Promise<Envelope<PrintReportResult>>;
};

/** renderer -> main: print this report's HTML to PDF. */
export const PRINT_REPORT_CHANNEL = 'wr:print-report';
export const PrintReportRequest = z
  .object({
    html: text().min(1).max(5_000_000, 'The report is too large to print'),
    /** The file name offered, without extension: INC-42-camera-down-2026-11-23. */
    fileStem: text().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/, 'Not a safe file name'),
  })
  .strict();
export type PrintReportRequest = z.infer<typeof PrintReportRequest>;
export const PrintReportResult = z.object({ savedTo: z.string().nullable() });
export type PrintReportResult = z.infer<typeof PrintReportResult>;

/** Names the bridge itself uses: no method namespace may take them. */
export const BRIDGE_RESERVED_NAMES = ['on', 'onConnection', 'printReport'] as const;
