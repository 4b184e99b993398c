import { describe, expect, it } from 'vitest';
import { AlertHistoryInput } from './alert-history';

describe('the alert history search input', () => {
  it('refuses text no person types (5 MB, a lone surrogate) with a reason, and passes query syntax on as text', () => {
    const huge = AlertHistoryInput.safeParse({ text: 'x'.repeat(5 * 1024 * 1024) });
    expect(huge.success).toBe(false);
    expect(huge.error?.issues[0]?.path).toEqual(['text']);
    expect(AlertHistoryInput.safeParse({ text: 'gate \uD800' }).success).toBe(false);
    // The core quotes every word (core/db fullTextQuery): nothing typed is refused for looking like syntax.
    for (const text of ['"', '* OR NEAR(a b)', 'summary:gate', '-gate ^camera'])
      expect(AlertHistoryInput.parse({ text })).toEqual({ text, limit: 50 });
  });
});
