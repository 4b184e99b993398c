import { useEffect, useState } from 'react';
import type { AlertAttention } from '../../shared/contract';
import { demandsAttention } from '../../shared/domain/alert-queue';
import { severityRank } from '../../shared/domain/severity';
import { useAlertStore, useAlertVersion } from '../api/alert-store-context';
import { useTransport } from '../api/transport-context';
import { useViewStore } from '../state/view-store';
import { SEVERITY_PRESENTATION } from '../format/severity';
import { useSharedNow } from './use-shared-now';

/** Enough to say "and 40 more" without keeping every event of a storm. */
const KEPT_EVENTS = 50;

const bySeverityThenNewest = (a: AlertAttention, b: AlertAttention) => severityRank(a.severity) - severityRank(b.severity) || b.at - a.at;

/**
 * core's alert.attention events, on every page: the worst unanswered one, with how many more. An
 * event goes away when dismissed or when its alert no longer asks for anyone (acknowledged,
 * snoozed, silenced, resolved), here or on another console.
 */
export function AttentionBanner() {
  const transport = useTransport();
  const store = useAlertStore();
  useAlertVersion();
  const now = useSharedNow();
  const openAlertInQueue = useViewStore((state) => state.openAlertInQueue);
  const [events, setEvents] = useState<readonly AlertAttention[]>([]);
  useEffect(
    () =>
      transport.on('alert.attention', (attention) =>
        setEvents((previous) => [attention, ...previous.filter((known) => known.alertId !== attention.alertId)].slice(0, KEPT_EVENTS)),
      ),
    [transport],
  );
  const dismiss = (alertId: string) => setEvents((previous) => previous.filter((known) => known.alertId !== alertId));

  const waiting = events
    .filter((event) => {
      const alert = store.getAlert(event.alertId);
      // Not in the store yet: the alert itself is on its way in alerts.changed.
      return alert === undefined || demandsAttention(alert, now);
    })
    .sort(bySeverityThenNewest);
  const shown = waiting[0];
  if (shown === undefined) return null;
  const { label, symbol } = SEVERITY_PRESENTATION[shown.severity];
  return (
    <section
      className={`attention attention--${shown.severity}`}
      role={shown.severity === 'critical' || shown.severity === 'high' ? 'alert' : 'status'}
      aria-label="Alert needing attention"
      data-testid="attention-banner"
      data-severity={shown.severity}
      data-alert-id={shown.alertId}
    >
      <span className="attention__severity">
        <span aria-hidden="true">{symbol} </span>
        {label}
      </span>
      <div className="attention__text">
        <strong className="attention__title">{shown.title}</strong>
        <span className="attention__body">{shown.body}</span>
      </div>
      {waiting.length > 1 ? <span className="attention__more">+{waiting.length - 1} more</span> : null}
      <button type="button" className="button button--primary" onClick={() => openAlertInQueue(shown.alertId)} data-testid="attention-open">
        Open queue
      </button>
      <button type="button" className="button button--quiet" onClick={() => dismiss(shown.alertId)} data-testid="attention-dismiss">
        Dismiss
      </button>
    </section>
  );
}
