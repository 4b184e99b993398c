import type { Alert, ConsoleStatus } from '../contract/alerts';

/**
 * DESIGN.md: `critical` if any unacknowledged critical alert; `warning` if any high alert or more
 * than 2 medium alerts; otherwise `ok`. Only open alerts count, and a silenced one counts for
 * nothing: someone muted it on purpose, and the console must not cry wolf over it.
 */
export function consoleStatus(alerts: readonly Pick<Alert, 'state' | 'severity' | 'silencedBy'>[]): ConsoleStatus {
  let high = false;
  let medium = 0;
  for (const alert of alerts) {
    if (alert.state === 'resolved' || alert.silencedBy !== null) continue;
    if (alert.severity === 'critical' && alert.state === 'firing') return 'critical';
    // An acknowledged critical is being handled, but it is still no "all clear".
    if (alert.severity === 'high' || alert.severity === 'critical') high = true;
    if (alert.severity === 'medium') medium += 1;
  }
  return high || medium > 2 ? 'warning' : 'ok';
}

export function consoleStatusLabel(status: ConsoleStatus): string {
  return status === 'ok' ? 'All clear' : status === 'warning' ? 'Warning' : 'Critical';
}
