import type { AuditListInput } from '../../../shared/contract';
import { TIME_TEXT_EXAMPLE, timeTextToEpoch, type TimeZoneSetting } from '../../format/time';
import type { AuditFilters } from '../../state/view-store';

export type AuditQuery = Omit<AuditListInput, 'beforeSeq' | 'limit'>;

export type AuditQueryResult = { ok: true; query: AuditQuery } | { ok: false; field: 'from' | 'to'; message: string };

/**
 * The audit.list query for the filters as typed: empty fields are left out (no filter), text
 * matches exactly as typed apart from surrounding spaces, and the time range is read in the
 * console's time zone setting.
 */
export function auditQueryFromFilters(filters: AuditFilters, timeZone: TimeZoneSetting): AuditQueryResult {
  const query: AuditQuery = {};
  for (const key of ['actor', 'action', 'target'] as const) {
    const value = filters[key].trim();
    if (value !== '') query[key] = value;
  }
  if (filters.from !== '') {
    const from = timeTextToEpoch(filters.from, timeZone, 'start');
    if (from === null) return { ok: false, field: 'from', message: `Enter a complete date and time, like ${TIME_TEXT_EXAMPLE} (24-hour)` };
    query.from = from;
  }
  if (filters.to !== '') {
    const to = timeTextToEpoch(filters.to, timeZone, 'end');
    if (to === null) return { ok: false, field: 'to', message: `Enter a complete date and time, like ${TIME_TEXT_EXAMPLE} (24-hour)` };
    query.to = to;
  }
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    return { ok: false, field: 'to', message: '"To" must not be before "From"' };
  }
  return { ok: true, query };
}
