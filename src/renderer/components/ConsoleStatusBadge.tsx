import type { ConsoleStatus } from '../../shared/contract';
import { useConsoleStatus } from '../api/alert-store-context';
import { useViewStore } from '../state/view-store';

const STATUS_WORD: Record<ConsoleStatus, string> = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL' };
const STATUS_SYMBOL: Record<ConsoleStatus, string> = { ok: '●', warning: '▲', critical: '●' };

/** "● CRITICAL · " before the window title, so a taskbar or a window switcher shows it too. */
export function consoleStatusTitlePrefix(status: ConsoleStatus | null): string {
  return status === null ? '' : `${STATUS_SYMBOL[status]} ${STATUS_WORD[status]} · `;
}

/** The console's overall status, always in the header; a click opens the alert queue. */
export function ConsoleStatusBadge() {
  const status = useConsoleStatus();
  const showPage = useViewStore((state) => state.showPage);
  return (
    <button
      type="button"
      className={`console-status console-status--${status ?? 'unknown'}`}
      onClick={() => showPage('alerts')}
      data-testid="console-status"
      data-status={status ?? 'unknown'}
      title="Overall alert status: open the alert queue"
    >
      <span aria-hidden="true">{status === null ? '○' : STATUS_SYMBOL[status]} </span>
      {status === null ? 'Status unknown' : STATUS_WORD[status]}
    </button>
  );
}
