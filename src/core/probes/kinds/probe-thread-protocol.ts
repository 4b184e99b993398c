import type { ProbeConfig } from '../../../shared/contract/monitors';
import type { ProbeLimits } from './timed-runs';
import type { ProbeOutcome } from './types';

/**
 * What the engine's thread sends the probe thread. A monitor's settings cross once, as a `config`
 * under a number, and its runs name that number: a run used to carry the whole config, cloned on
 * the engine's thread and rebuilt on the probe thread at every probe. The number stands for one
 * config object of the engine's; when the engine lets go of that object (the monitor was changed
 * or removed), `forget` lets the probe thread let go of its copy.
 */
export type ProbeThreadRequest =
  | { type: 'config'; ref: number; config: ProbeConfig }
  | { type: 'forget'; ref: number }
  | { type: 'run'; id: number; configRef: number; timeoutMs: number; fresh: boolean }
  /** Handed ahead: started in the probe thread startInMs after it arrives, within the caps, timed out there. */
  | { type: 'timed-run'; id: number; configRef: number; timeoutMs: number; fresh: boolean; startInMs: number }
  | { type: 'abort'; id: number };

/** What the probe thread sends back: one outcome per run, never more. */
export interface ProbeThreadReply {
  id: number;
  outcome: ProbeOutcome;
}

/**
 * Each side sends what it has in one message per turn of its event loop, in order: a message
 * costs both threads a wake-up and a structured clone, whatever it holds. The outcomes of runs
 * handed ahead wait up to REPLY_GATHER_MS to go with others (the engine then wakes a few times a
 * window, not once per probe); an outcome of a run the engine started goes out at once, since it
 * holds the engine's in-flight slot, and takes the gathered ones with it.
 */
export const REPLY_GATHER_MS = 50;
export type ProbeThreadRequests = ProbeThreadRequest[];
export type ProbeThreadReplies = ProbeThreadReply[];

/** The probe thread's workerData: the caps it keeps for runs handed ahead. */
export interface ProbeThreadData {
  limits: ProbeLimits;
}
