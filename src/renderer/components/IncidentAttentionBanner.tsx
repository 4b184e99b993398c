import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { IncidentAttention, Priority } from '../../shared/contract';
import { incidentKeys, useIncidentAttention } from '../api/incident-queries';
import { useTransport } from '../api/transport-context';
import { useViewStore } from '../state/view-store';

const REASON_TEXT: Record<IncidentAttention['reason'], string> = {
  'update-due': 'a status update is due',
  'respond-breached': 'nobody responded within its target',
  'resolve-breached': 'it is not resolved within its target',
  'step-skipped': 'an SOP step was skipped',
};

/** The banner's colour follows the incident's priority, as an alert banner's follows its severity. */
const PRIORITY_TONE: Record<Priority, 'critical' | 'high' | 'medium'> = { P0: 'critical', P1: 'high', P2: 'medium' };

function attentionKey(attention: IncidentAttention): string {
  return `${attention.incidentId}:${attention.reason}:${attention.at}`;
}

/**
 * The incident's priority from the open incidents list (the attention event does not carry it).
 * The list is read only while there is something to show, so a quiet console asks for nothing.
 */
function useOpenIncidentPriority(incidentId: string | null): Priority | null {
  const transport = useTransport();
  const { data } = useQuery({
    queryKey: incidentKeys.list(false),
    queryFn: () => transport.call('incidents.list', { includeResolved: false }),
    enabled: incidentId !== null,
  });
  return data?.find((incident) => incident.id === incidentId)?.priority ?? null;
}

/**
 * core's incident.attention events, on every page: the newest one this console has not opened or
 * dismissed ("INC-12 (P0): a status update is due"), with how many more wait behind it.
 */
export function IncidentAttentionBanner() {
  const attentions = useIncidentAttention();
  const showIncident = useViewStore((state) => state.showIncident);
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  const unseen = attentions.filter((attention) => !seen.has(attentionKey(attention)));
  const shown = unseen.at(-1);
  const priority = useOpenIncidentPriority(shown?.incidentId ?? null);
  if (shown === undefined) return null;

  const markSeen = (keys: readonly string[]) => setSeen((previous) => new Set([...previous, ...keys]));
  const open = () => {
    // Opening the incident answers every attention it asked for.
    markSeen(unseen.filter((attention) => attention.incidentId === shown.incidentId).map(attentionKey));
    showIncident(shown.incidentId);
  };
  const tone = priority === null ? 'high' : PRIORITY_TONE[priority];
  return (
    <section
      className={`attention attention--${tone}`}
      role={shown.reason === 'step-skipped' ? 'status' : 'alert'}
      aria-label="Incident needing attention"
      data-testid="incident-attention"
      data-incident-id={shown.incidentId}
      data-reason={shown.reason}
    >
      <span className="attention__severity">Incident</span>
      <div className="attention__text">
        <strong className="attention__title" data-testid="incident-attention-text">
          INC-{shown.number}
          {priority === null ? '' : ` (${priority})`}: {REASON_TEXT[shown.reason]}
        </strong>
        <span className="attention__body">{shown.title}</span>
      </div>
      {unseen.length > 1 ? <span className="attention__more">+{unseen.length - 1} more</span> : null}
      <button type="button" className="button button--primary" onClick={open} data-testid="incident-attention-open">
        Open
      </button>
      <button
        type="button"
        className="button button--quiet"
        onClick={() => markSeen([attentionKey(shown)])}
        data-testid="incident-attention-dismiss"
      >
        Dismiss
      </button>
    </section>
  );
}
