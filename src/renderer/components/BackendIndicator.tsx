import type { BackendLink, Settings } from '../../shared/contract';
import { useBackendState, useEffectiveSettings } from '../api/queries';
import { formatClock } from '../format/time';

/** "14:02": the minute a hub went away, in the console's time zone. */
export function formatMinute(ms: number, timeZone: Settings['timeZone']): string {
  return formatClock(ms, timeZone).slice(0, 5);
}

function hostOf(address: string): string {
  return URL.canParse(address) ? new URL(address).host : address;
}

/** A word and a symbol for each state, so the state never depends on colour alone. */
export function backendLabel(link: BackendLink, timeZone: Settings['timeZone']): { symbol: string; text: string; tone: string } {
  switch (link.state) {
    case 'embedded':
      return { symbol: '●', text: 'Backend: this workstation', tone: 'ok' };
    case 'connecting':
      return { symbol: '◌', text: `Hub ${hostOf(link.address)}: connecting…`, tone: 'neutral' };
    case 'connected': {
      const behind = link.head > link.appliedSeq ? `, catching up (${link.head - link.appliedSeq} changes)` : '';
      const latency = link.latencyMs === null ? '' : ` · ${link.latencyMs} ms`;
      return { symbol: '●', text: `Hub ${hostOf(link.address)}: connected as ${link.seatName}${latency}${behind}`, tone: 'ok' };
    }
    case 'offline':
      return { symbol: '✕', text: `Hub ${hostOf(link.address)}: offline since ${formatMinute(link.since, timeZone)}`, tone: 'warning' };
  }
}

/** The status bar's backend: this workstation, or the hub with how fresh the replica is. */
export function BackendIndicator() {
  const link = useBackendState().data?.link;
  const { timeZone } = useEffectiveSettings();
  if (!link) return null;
  const { symbol, text, tone } = backendLabel(link, timeZone);
  const detail =
    link.state === 'connected'
      ? `Replica at change ${link.appliedSeq} of ${link.head}`
      : link.state === 'offline'
        ? link.reason
        : undefined;
  return (
    <span className={`status-item status-item--${tone}`} data-testid="backend-status" data-state={link.state} role="status" title={detail}>
      <span aria-hidden="true">{symbol}</span> {text}
    </span>
  );
}
