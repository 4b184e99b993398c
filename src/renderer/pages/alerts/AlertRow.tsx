import { memo, useContext } from 'react';
import type { Alert } from '../../../shared/contract';
import { isSnoozed } from '../../../shared/domain/alert-queue';
import { AlertRowRenderObserverContext, useAlert } from '../../api/alert-store-context';
import { SeverityBadge } from '../../components/SeverityBadge';
import { useSharedNow } from '../../components/use-shared-now';
import { ownerAndSeat } from '../../format/owner';
import { formatUptime } from '../../format/quantities';
import { formatHourMinute, formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { useViewStore } from '../../state/view-store';
import { ackReasonLabel } from './alert-format';

export function alertRowElementId(alertId: string): string {
  return `alert-row-${alertId}`;
}

/** "12 min": its own component, so the shared clock re-renders this text and not the row. */
function AlertAge({ since, timeZone }: { since: number; timeZone: TimeZoneSetting }) {
  const now = useSharedNow();
  return (
    <span className="alert-row__age" title={`First seen ${formatTimestamp(since, timeZone)}`}>
      {formatUptime(Math.max(0, now - since))}
    </span>
  );
}

/** Shown only while the snooze runs: it ends by the clock, not by an event. */
function SnoozeBadge({ until, timeZone }: { until: number; timeZone: TimeZoneSetting }) {
  const now = useSharedNow();
  if (!isSnoozed({ snoozedUntil: until }, now)) return null;
  return (
    <span className="alert-badge alert-badge--snoozed" title={`Snoozed until ${formatTimestamp(until, timeZone)}`}>
      <span aria-hidden="true">◷ </span>snoozed until {formatHourMinute(until, timeZone)}
    </span>
  );
}

function ResolvedLine({ alert, timeZone }: { alert: Alert; timeZone: TimeZoneSetting }) {
  const when = alert.resolvedAt === null ? '' : ` at ${formatHourMinute(alert.resolvedAt, timeZone)}`;
  return (
    <span className="alert-badge alert-badge--resolved" title={alert.resolution ?? undefined}>
      <span aria-hidden="true">✓ </span>
      Resolved{alert.resolvedBy ? ` by ${alert.resolvedBy}` : ''}
      {when}
      {alert.resolution ? ` · ${alert.resolution}` : ''}
    </span>
  );
}

/** A change made on this console while the hub could not be asked: shown, not yet applied by the hub. */
export function PendingSyncBadge() {
  return (
    <span
      className="alert-badge alert-badge--pending"
      title="Made while the hub could not be reached: sent when it is back"
      data-testid="pending-sync"
    >
      <span aria-hidden="true">⟳ </span>pending sync
    </span>
  );
}

/** Everything about an alert's handling at a glance, in words (colour only repeats them). */
function AlertBadges({ alert, timeZone }: { alert: Alert; timeZone: TimeZoneSetting }) {
  const pending = alert.pendingSync ? <PendingSyncBadge /> : null;
  if (alert.state === 'resolved')
    return (
      <>
        {pending}
        <ResolvedLine alert={alert} timeZone={timeZone} />
      </>
    );
  return (
    <>
      {pending}
      {alert.state === 'acknowledged' ? (
        <span className="alert-badge alert-badge--acknowledged" title={alert.ackNote ?? undefined}>
          <span aria-hidden="true">✓ </span>ack{alert.ackBy ? ` ${alert.ackBy}` : ''}
          {alert.ackReason ? ` · ${ackReasonLabel(alert.ackReason)}` : ''}
        </span>
      ) : null}
      {alert.escalationLevel > 0 ? (
        <span
          className="alert-badge alert-badge--escalated"
          title={alert.escalatedAt === null ? undefined : `Escalated ${formatTimestamp(alert.escalatedAt, timeZone)}`}
        >
          <span aria-hidden="true">⇑ </span>escalated L{alert.escalationLevel}
        </span>
      ) : null}
      {alert.snoozedUntil !== null ? <SnoozeBadge until={alert.snoozedUntil} timeZone={timeZone} /> : null}
      {alert.silencedBy !== null ? (
        <span className="alert-badge alert-badge--silenced" title={alert.silencedBy.comment}>
          <span aria-hidden="true">⊘ </span>
          {alert.silencedBy.kind === 'maintenance' ? 'maintenance' : 'silenced'}: {alert.silencedBy.comment}
        </span>
      ) : null}
      {alert.flapping ? (
        <span className="alert-badge alert-badge--flapping" title="Its subject keeps changing state">
          <span aria-hidden="true">↯ </span>flapping
        </span>
      ) : null}
      {alert.heldBecause !== null ? (
        <span className="alert-badge alert-badge--held" title={alert.heldBecause}>
          <span aria-hidden="true">‖ </span>held: {alert.heldBecause}
        </span>
      ) : null}
    </>
  );
}

interface AlertRowProps {
  alertId: string;
  timeZone: TimeZoneSetting;
}

/**
 * One alert in the queue. Memoized and subscribed to its own alert and to "is the cursor on me"
 * only: a cursor move re-renders the row it leaves and the row it reaches, nothing else.
 */
export const AlertRow = memo(function AlertRow({ alertId, timeZone }: AlertRowProps) {
  const alert = useAlert(alertId);
  const atCursor = useViewStore((state) => state.alertCursor === alertId);
  useContext(AlertRowRenderObserverContext)?.(alertId);
  if (alert === undefined) return null;
  const owner = ownerAndSeat(alert);
  const open = () => {
    const view = useViewStore.getState();
    view.setAlertCursor(alertId);
    view.showAlertDetail(alertId);
  };
  return (
    <div
      role="row"
      id={alertRowElementId(alertId)}
      className={`alert-row alert-row--${alert.severity} alert-row--${alert.state}${alert.silencedBy !== null ? ' alert-row--silenced' : ''}${atCursor ? ' alert-row--cursor' : ''}`}
      aria-selected={atCursor}
      onClick={open}
      data-testid="alert-row"
      data-alert-id={alertId}
      data-severity={alert.severity}
      data-state={alert.state}
      data-silenced={alert.silencedBy !== null}
      data-cursor={atCursor ? 'true' : undefined}
    >
      <div role="gridcell" className="alert-row__severity">
        <SeverityBadge severity={alert.severity} />
      </div>
      <div role="gridcell" className="alert-row__what">
        <span className="alert-row__summary" title={alert.summary}>
          {alert.summary}
        </span>
        <span className="alert-row__subject">
          {alert.subjectName} · {alert.ruleName}
        </span>
      </div>
      <div role="gridcell" className="alert-row__badges">
        <AlertBadges alert={alert} timeZone={timeZone} />
      </div>
      <div role="gridcell" className="alert-row__owner" title={owner === null ? 'Nobody has claimed it' : `Claimed by ${owner}`}>
        {owner ?? <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="alert-row__count" title={`Came back ${alert.count} times while open`}>
        {alert.count > 1 ? `×${alert.count}` : ''}
      </div>
      <div role="gridcell" className="alert-row__since">
        <AlertAge since={alert.firstSeenAt} timeZone={timeZone} />
      </div>
    </div>
  );
});
