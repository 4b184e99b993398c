import type { ReactNode } from 'react';
import type { Alert } from '../../../shared/contract';
import { queueStateOf } from '../../../shared/domain/alert-queue';
import { useAlertDetail, type AlertCommand } from '../../api/alert-queries';
import { useAlert } from '../../api/alert-store-context';
import { useEffectiveSettings } from '../../api/queries';
import { useCan } from '../../api/use-can';
import { Problem } from '../../components/Problem';
import { SeverityBadge } from '../../components/SeverityBadge';
import { useSharedNow } from '../../components/use-shared-now';
import { ownerAndSeat } from '../../format/owner';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { KeyRotationAlertAction } from './KeyRotationAlertAction';
import { useViewStore } from '../../state/view-store';
import { ackReasonLabel, HISTORY_KIND_LABEL, QUEUE_STATE_LABEL } from './alert-format';
import { NotificationTimeline } from './NotificationTimeline';
import { SilenceAlertAction } from './SilenceAlertAction';
import type { AlertActions } from './use-alert-actions';

function AlertFacts({ alert, timeZone }: { alert: Alert; timeZone: TimeZoneSetting }) {
  return (
    <dl className="facts alert-detail__facts">
      <dt>Subject</dt>
      <dd>{alert.subjectName}</dd>
      <dt>Site</dt>
      <dd>{alert.siteName ?? '—'}</dd>
      <dt>Rule</dt>
      <dd>{alert.ruleName}</dd>
      <dt>First seen</dt>
      <dd>{formatTimestamp(alert.firstSeenAt, timeZone)}</dd>
      <dt>Last seen</dt>
      <dd>
        {formatTimestamp(alert.lastSeenAt, timeZone)}
        {alert.count > 1 ? ` (×${alert.count})` : ''}
      </dd>
      <dt>Owner</dt>
      <dd data-testid="alert-owner">{ownerAndSeat(alert) ?? 'nobody yet'}</dd>
      {alert.escalationLevel > 0 ? (
        <>
          <dt>Escalated</dt>
          <dd>
            level {alert.escalationLevel}
            {alert.escalatedAt === null ? '' : `, ${formatTimestamp(alert.escalatedAt, timeZone)}`}
          </dd>
        </>
      ) : null}
      {alert.ackAt !== null ? (
        <>
          <dt>Acknowledged</dt>
          <dd>
            {alert.ackBy ?? 'someone'}, {formatTimestamp(alert.ackAt, timeZone)}
            {alert.ackReason ? ` · ${ackReasonLabel(alert.ackReason)}` : ''}
            {alert.ackNote ? <div className="alert-detail__note">{alert.ackNote}</div> : null}
          </dd>
        </>
      ) : null}
      {alert.snoozedUntil !== null ? (
        <>
          <dt>Snoozed until</dt>
          <dd>{formatTimestamp(alert.snoozedUntil, timeZone)}</dd>
        </>
      ) : null}
      {alert.silencedBy !== null ? (
        <>
          <dt>{alert.silencedBy.kind === 'maintenance' ? 'Maintenance' : 'Silenced by'}</dt>
          <dd data-testid="alert-detail-silenced">{alert.silencedBy.comment}</dd>
        </>
      ) : null}
      {alert.heldBecause !== null ? (
        <>
          <dt>Held</dt>
          <dd data-testid="alert-detail-held">{alert.heldBecause}</dd>
        </>
      ) : null}
      {alert.flapping ? (
        <>
          <dt>Flapping</dt>
          <dd>its subject keeps changing state</dd>
        </>
      ) : null}
      {alert.state === 'resolved' ? (
        <>
          <dt>Resolved</dt>
          <dd>
            {alert.resolvedBy ?? 'automatically'}
            {alert.resolvedAt === null ? '' : `, ${formatTimestamp(alert.resolvedAt, timeZone)}`}
            {alert.resolution ? <div className="alert-detail__note">{alert.resolution}</div> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** A command on the alert: disabled, saying who can, when this person may not (by role, or for another site's alert). */
function AlertAction({
  method,
  alert,
  shortcut,
  onClick,
  testId,
  children,
}: {
  method: AlertCommand['method'] | 'incidents.create';
  alert: Alert;
  shortcut: string;
  onClick: () => void;
  testId?: string;
  children: ReactNode;
}) {
  const can = useCan(method, { siteId: alert.siteId });
  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={onClick}
        data-testid={testId ?? `alert-action-${shortcut}`}
        {...can.control}
      >
        {children} <kbd className="key">{shortcut}</kbd>
      </button>
      {can.note}
    </>
  );
}

/** The alert under the cursor in full: what it is, who handles it, what was sent, what happened. */
export function AlertDetailPanel({ alertId, actions }: { alertId: string; actions: AlertActions }) {
  const alert = useAlert(alertId);
  const detail = useAlertDetail(alertId);
  const { timeZone } = useEffectiveSettings();
  const now = useSharedNow();
  const showAlertDetail = useViewStore((state) => state.showAlertDetail);
  const openAlertDialog = useViewStore((state) => state.openAlertDialog);
  if (alert === undefined) {
    return (
      <aside className="alert-detail panel" data-testid="alert-detail" data-alert-id={alertId}>
        <p className="muted">This alert is no longer in the queue.</p>
        <button type="button" className="button" onClick={() => showAlertDetail(null)}>
          Close
        </button>
      </aside>
    );
  }
  const open = alert.state !== 'resolved';
  return (
    <aside className="alert-detail panel" aria-labelledby="alert-detail-title" data-testid="alert-detail" data-alert-id={alertId}>
      <div className="panel__head">
        <h3 className="panel__title" id="alert-detail-title">
          <SeverityBadge severity={alert.severity} /> {alert.summary}
        </h3>
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => showAlertDetail(null)}
          data-testid="alert-detail-close"
        >
          Close <kbd className="key">Esc</kbd>
        </button>
      </div>
      <p className="alert-detail__state">{QUEUE_STATE_LABEL[queueStateOf(alert, now)]}</p>
      <div className="alert-detail__actions">
        {open ? (
          <>
            <AlertAction
              method="alerts.acknowledge"
              alert={alert}
              shortcut="a"
              onClick={() => openAlertDialog({ kind: 'acknowledge', alertId })}
            >
              Acknowledge
            </AlertAction>
            <AlertAction
              method="alerts.claim"
              alert={alert}
              shortcut="c"
              onClick={() => void actions.run({ method: 'alerts.claim', input: { id: alertId } })}
            >
              Claim
            </AlertAction>
            <AlertAction
              method="alerts.escalate"
              alert={alert}
              shortcut="e"
              onClick={() => void actions.run({ method: 'alerts.escalate', input: { id: alertId } })}
            >
              Escalate
            </AlertAction>
            <AlertAction method="alerts.snooze" alert={alert} shortcut="s" onClick={() => openAlertDialog({ kind: 'snooze', alertId })}>
              Snooze
            </AlertAction>
            <AlertAction method="alerts.resolve" alert={alert} shortcut="r" onClick={() => openAlertDialog({ kind: 'resolve', alertId })}>
              Resolve
            </AlertAction>
            <SilenceAlertAction alert={alert} now={now} />
          </>
        ) : null}
        <AlertAction
          method="incidents.create"
          alert={alert}
          shortcut="i"
          onClick={() => openAlertDialog({ kind: 'incident', alertId })}
          testId="alert-detail-create-incident"
        >
          Create incident
        </AlertAction>
      </div>
      <KeyRotationAlertAction alert={alert} />
      <AlertFacts alert={alert} timeZone={timeZone} />
      {detail.isError ? <Problem title="Could not read this alert's history">{detail.error.message}</Problem> : null}
      <h4 className="alert-detail__heading">Notifications</h4>
      {detail.data ? (
        <NotificationTimeline outcomes={detail.data.notifications} timeZone={timeZone} />
      ) : (
        <p className="loading">Reading…</p>
      )}
      <h4 className="alert-detail__heading">History, latest first</h4>
      {detail.data ? (
        <ol className="alert-detail__list" data-testid="alert-history">
          {[...detail.data.history]
            .sort((a, b) => b.at - a.at)
            .map((event) => (
              <li key={`${event.at}-${event.kind}-${event.actor}`}>
                <span className="muted">{formatTimestamp(event.at, timeZone)}</span> <strong>{HISTORY_KIND_LABEL[event.kind]}</strong> by{' '}
                {event.actor}
                {event.detail ? <div className="alert-detail__note">{event.detail}</div> : null}
              </li>
            ))}
        </ol>
      ) : null}
    </aside>
  );
}
