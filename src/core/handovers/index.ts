/** Shift handover (issue 15): shifts, handovers built from the live state, acceptance item by item, the supervisor's alert. */
import type { TimerHandle } from '../../shared/domain/clock';
import { conflictTimeFormatter } from '../../shared/domain/conflict-time';
import { HANDOVER_GRACE_MS, shiftChangesAround } from '../../shared/domain/shifts';
import type { Capability, CapabilityContext } from '../service';
import { createHandoverHandlers, handoverName, type HandoverMethods } from './handlers';
import { toShiftPlan } from './model';
import type { HandoverAlerting, HandoverIncidents, HandoverSources } from './ports';

export type { HandoverAlerting, HandoverIncidents, HandoverSources } from './ports';
export { MONITOR_PROBLEM_AFTER_MS } from './build';

export interface HandoversContext extends CapabilityContext {
  sources: HandoverSources;
  incidents: HandoverIncidents;
  alerting: HandoverAlerting;
}

/** How often core looks for a shift change whose handover is late. */
const CHECK_EVERY_MS = 60_000;

export function createHandovers(context: HandoversContext): Capability<HandoverMethods> & { check(): void } {
  const { repos, clock, timers } = context;
  let timer: TimerHandle | null = null;
  /** Shift changes already reported this run: the alert is a standing state, reported once. */
  const reported = new Set<number>();

  /**
   * The last shift change, 15 minutes on, without a complete handover: a high alert for the
   * supervisor. Shift changes from before the shifts were set never ask for one.
   */
  function check(): void {
    const plan = toShiftPlan(repos.handovers.shiftPlan());
    const now = clock.now();
    const around = shiftChangesAround(plan.boundaries, context.identity.timeZone(), now);
    if (around === null) return;
    const boundaryAt = around.previous;
    if ((plan.setAt !== null && boundaryAt < plan.setAt) || now < boundaryAt + HANDOVER_GRACE_MS || reported.has(boundaryAt)) return;
    const handover = repos.handovers.handoverAt(boundaryAt);
    if (handover?.state === 'complete') return;
    const formatTime = conflictTimeFormatter(context.identity.timeZone(), now);
    const name = handoverName(boundaryAt, formatTime);
    const accepted = handover ? repos.handovers.items(handover.id).filter((item) => item.state === 'accepted').length : 0;
    const total = handover ? repos.handovers.items(handover.id).length : 0;
    const summary =
      handover === undefined
        ? `Nobody handed over the shift at ${formatTime(boundaryAt)}: no handover was started`
        : handover.state === 'draft'
          ? `${handover.outgoing} has not handed over the shift at ${formatTime(boundaryAt)}: the handover is still a draft`
          : `The handover of the shift at ${formatTime(boundaryAt)} from ${handover.outgoing} is not accepted: ${accepted} of ${total} items accepted`;
    reported.add(boundaryAt);
    context.alerting.raise(boundaryAt, name, summary);
  }

  const tick = () => {
    try {
      check();
    } catch (error) {
      context.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'checking shift handovers failed');
    }
    timer = timers.after(CHECK_EVERY_MS, tick);
  };

  return {
    handlers: createHandoverHandlers(context),
    check,
    start() {
      timer = timers.after(CHECK_EVERY_MS, tick);
    },
    stop() {
      timer?.cancel();
      timer = null;
    },
  };
}
export type Handovers = ReturnType<typeof createHandovers>;
