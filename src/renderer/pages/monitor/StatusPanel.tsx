import { useState } from 'react';
import type { Monitor, MonitorState } from '../../../shared/contract';
import { alertGate } from '../../../shared/domain/monitor-status';
import { useMonitorStore } from '../../api/monitor-store-context';
import { FlappingBadge, StatusBadge } from '../../components/StatusBadge';
import { useNow } from '../../components/use-now';
import { certificateExpiry, describeCertificateDays } from '../../format/certificate';
import { describeWhy, formatLatency } from '../../format/monitor-status';
import { heartbeatUrl } from '../../format/probe';
import { formatUptime } from '../../format/quantities';
import { formatDate, formatTimestamp, type TimeZoneSetting } from '../../format/time';

function CertificateExpiry({ expiresAt, timeZone }: { expiresAt: number; timeZone: TimeZoneSetting }) {
  const now = useNow(60_000);
  const expiry = certificateExpiry(expiresAt, now);
  const loud = expiry.level !== 'ok';
  return (
    <span className={`cert cert--${expiry.level}`} data-testid="monitor-cert" data-level={expiry.level}>
      {loud ? <span aria-hidden="true">⚠ </span> : null}
      {formatDate(expiresAt, timeZone)} ({describeCertificateDays(expiry)})
    </span>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  // The clipboard is only there in a secure context (Electron, localhost, https); the URL stays selectable anyway.
  if (typeof navigator === 'undefined' || !navigator.clipboard) return null;
  return (
    <button
      type="button"
      className="button button--small"
      onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true))}
      data-testid="monitor-heartbeat-copy"
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function HeartbeatAddress({ token }: { token: string }) {
  const url = heartbeatUrl(window.location.origin, token);
  return (
    <span className="heartbeat-url">
      <code className="mono" data-testid="monitor-heartbeat-url">
        {url}
      </code>{' '}
      <CopyButton text={url} />
      <span className="muted"> Devices send GET or POST here at least once per interval.</span>
    </span>
  );
}

/** What the monitor is now and why, with everything an operator needs to judge it. */
export function StatusPanel({ monitor, state, timeZone }: { monitor: Monitor; state: MonitorState; timeZone: TimeZoneSetting }) {
  const store = useMonitorStore();
  const now = useNow();
  const why = describeWhy(state, (id) => store.getEntry(id)?.name);
  const gate = alertGate(state, (id) => store.getEntry(id)?.name ?? 'a parent');
  return (
    <section
      className={`panel status-panel status-panel--${state.status}`}
      aria-label="Current status"
      data-testid="monitor-detail-status"
      data-status={state.status}
    >
      <div className="status-panel__head">
        <StatusBadge status={state.status} large />
        <span className="status-panel__since">
          for {formatUptime(Math.max(0, now - state.since))} <span className="muted">(since {formatTimestamp(state.since, timeZone)})</span>
        </span>
        {state.flapping ? <FlappingBadge /> : null}
      </div>
      <dl className="facts">
        <dt>Why</dt>
        <dd data-testid="monitor-why">{why || 'no problem reported'}</dd>
        {gate.heldBecause !== null ? (
          <>
            <dt>Alerts</dt>
            <dd data-testid="monitor-alerts-held">none of its own: {gate.heldBecause}</dd>
          </>
        ) : null}
        {state.lastError && !why.includes(state.lastError) ? (
          <>
            <dt>Last error</dt>
            <dd data-testid="monitor-last-error">{state.lastError}</dd>
          </>
        ) : null}
        <dt>Last check</dt>
        <dd>
          {state.lastCheckAt === null
            ? 'not checked yet'
            : `${formatTimestamp(state.lastCheckAt, timeZone)} · ${formatLatency(state.lastLatencyMs)}`}
        </dd>
        {state.certExpiresAt !== null ? (
          <>
            <dt>Certificate expires</dt>
            <dd>
              <CertificateExpiry expiresAt={state.certExpiresAt} timeZone={timeZone} />
            </dd>
          </>
        ) : null}
        {monitor.probe.kind === 'heartbeat' && monitor.heartbeatToken ? (
          <>
            <dt>Heartbeat URL</dt>
            <dd>
              <HeartbeatAddress token={monitor.heartbeatToken} />
            </dd>
          </>
        ) : null}
        {monitor.probe.kind === 'manual' ? (
          <>
            <dt>Note</dt>
            <dd data-testid="monitor-manual-note">{state.manualNote ?? 'no state set yet'}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
