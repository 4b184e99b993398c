import { useConnection } from '../api/connection';
import type { ConnectionState } from '../transport/transport';

/** A word and a symbol for each state, so the state never depends on colour alone. */
const PRESENTATION: Record<ConnectionState, { symbol: string; label: string }> = {
  connecting: { symbol: '◌', label: 'Connecting…' },
  connected: { symbol: '●', label: 'Connected' },
  reconnecting: { symbol: '◌', label: 'Reconnecting…' },
  disconnected: { symbol: '✕', label: 'Disconnected' },
};

export function connectionLabel(state: ConnectionState): string {
  return PRESENTATION[state].label;
}

export function ConnectionIndicator() {
  const { state, detail } = useConnection();
  const { symbol, label } = PRESENTATION[state];
  return (
    <span
      className={`status-item connection connection--${state}`}
      data-testid="connection-status"
      data-state={state}
      role="status"
      title={detail ?? undefined}
    >
      <span aria-hidden="true" className="connection__symbol">
        {symbol}
      </span>{' '}
      <span className="connection__label">Core: {label}</span>
      {detail !== null && state !== 'connected' ? <span className="connection__detail"> {detail}</span> : null}
    </span>
  );
}
