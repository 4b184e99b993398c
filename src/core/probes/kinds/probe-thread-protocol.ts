import type { ProbeConfig } from '../../../shared/contract/monitors';
import type { ProbeOutcome } from './types';

/** What the engine's thread sends the probe thread. */
export type ProbeThreadRequest = { type: 'run'; id: number; config: ProbeConfig; timeoutMs: number } | { type: 'abort'; id: number };

/** What the probe thread sends back: one outcome per run, never more. */
export interface ProbeThreadReply {
  type: 'outcome';
  id: number;
  outcome: ProbeOutcome;
}
