import type { ConsoleStatus } from '../../shared/contract';

/** The console's overall status in the header and the window title: a word and a symbol, never colour alone. */
export const STATUS_WORD: Record<ConsoleStatus, string> = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL' };
export const STATUS_SYMBOL: Record<ConsoleStatus, string> = { ok: '●', warning: '▲', critical: '●' };
