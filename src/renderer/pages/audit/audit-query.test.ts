import { describe, expect, it } from 'vitest';
import { EMPTY_AUDIT_FILTERS } from '../../state/view-store';
import { auditQueryFromFilters } from './audit-query';

describe('auditQueryFromFilters', () => {
  it('leaves empty filters out and trims text', () => {
    expect(auditQueryFromFilters({ ...EMPTY_AUDIT_FILTERS, actor: ' local-operator ' }, 'utc')).toEqual({
      ok: true,
      query: { actor: 'local-operator' },
    });
  });

  it('reads the time range in the time zone setting', () => {
    const result = auditQueryFromFilters({ ...EMPTY_AUDIT_FILTERS, from: '2026-11-23T09:00', to: '2026-11-23T10:00' }, 'utc');
    expect(result).toEqual({ ok: true, query: { from: Date.UTC(2026, 10, 23, 9, 0), to: Date.UTC(2026, 10, 23, 10, 0, 59, 999) } });
  });

  it('refuses a range that ends before it starts', () => {
    expect(auditQueryFromFilters({ ...EMPTY_AUDIT_FILTERS, from: '2026-11-23T10:00', to: '2026-11-23T09:00' }, 'utc')).toMatchObject({
      ok: false,
      field: 'to',
    });
  });
});
