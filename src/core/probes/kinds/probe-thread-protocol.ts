import type { ProbeConfig } from '../../../shared/contract/monitors';
import type { ProbeOutcome } from './types';

/** What the engine's thread sends the probe thread. */
export type ProbeThreadRequest = { type: 'run'; id: number; config: ProbeConfig; timeoutMs: number } | { type: 'abort'; id: number };

/** What the probe thread sends back: one outcome per run, never more. */
export interface ProbeThreadReply {
  id: number;
  outcome: ProbeOutcome;
}

/**
 * Each side sends what it has in one message per turn of its event loop, in order: a message
 * costs both threads a wake-up and a structured clone, whatever it holds.
 */
export type ProbeThreadRequests = ProbeThreadRequest[];
export type ProbeThreadReplies = ProbeThreadReply[];
