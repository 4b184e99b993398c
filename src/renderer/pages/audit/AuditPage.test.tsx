// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/contract';
import { FakeTransport } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

function entry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: Date.UTC(2026, 10, 23, 9, 0, seq),
    actor: 'local-operator',
    action: 'settings.set',
    target: 'settings:consoleName',
    before: { consoleName: 'Control room' },
    after: { consoleName: `Room ${seq}` },
    result: 'ok',
    detail: null,
    actorName: null,
    seat: null,
    authorizedBy: null,
    hash: `hash-${seq}`,
    ...overrides,
  };
}

describe('the Audit page', () => {
  it('lists entries newest first with a before → after summary, and marks failed ones', async () => {
    const transport = new FakeTransport({
      'audit.list': () => ({
        entries: [entry(2, { result: 'error', detail: 'invalid_input: Give the console a name', after: undefined, target: '' }), entry(1)],
        nextBeforeSeq: null,
      }),
    });
    renderApp({ transport, page: 'audit' });
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows.map((row) => row.dataset.seq)).toEqual(['2', '1']);
    expect(rows[0]?.dataset.result).toBe('error');
    expect(within(rows[0] as HTMLElement).getByText('Failed')).toBeTruthy();
    expect(rows[0]?.textContent).toContain('invalid_input: Give the console a name');
    expect(rows[1]?.textContent).toContain('consoleName: "Control room" → "Room 1"');
    expect(rows[1]?.textContent).toContain('2026-11-23 09:00:01 UTC');
  });

  it('names the person and the seat, and the supervisor who authorized a step-up; older entries show the id they recorded', async () => {
    const transport = new FakeTransport({
      'audit.list': () => ({
        entries: [
          entry(3, {
            actor: 'user-ann',
            actorName: 'Ann Example',
            seat: 'Desk 2',
            authorizedBy: { id: 'user-sam', displayName: 'Sam Super' },
            action: 'incidents.checkStep',
          }),
          entry(2, { actor: 'user-ann', actorName: 'Ann Example', seat: 'Desk 2' }),
          entry(1),
        ],
        nextBeforeSeq: null,
      }),
    });
    renderApp({ transport, page: 'audit' });
    const rows = await screen.findAllByTestId('audit-row');
    const actors = rows.map((row) => within(row).getByTestId('audit-actor').textContent);
    expect(actors).toEqual(['Ann Example at Desk 2', 'Ann Example at Desk 2', 'local-operator']);
    expect(within(rows[0] as HTMLElement).getByTestId('audit-authorized-by').textContent).toBe('authorized by Sam Super');
    expect(within(rows[1] as HTMLElement).queryByTestId('audit-authorized-by')).toBeNull();
  });

  it('loads older entries with nextBeforeSeq', async () => {
    const transport = new FakeTransport({
      'audit.list': (input) =>
        input.beforeSeq === undefined ? { entries: [entry(3), entry(2)], nextBeforeSeq: 2 } : { entries: [entry(1)], nextBeforeSeq: null },
    });
    renderApp({ transport, page: 'audit' });
    fireEvent.click(await screen.findByTestId('audit-load-older'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(3));
    expect(transport.callsOf('audit.list').map((input) => input.beforeSeq)).toEqual([undefined, 2]);
    expect(screen.queryByTestId('audit-load-older')).toBeNull();
  });

  it('says how many problems a failed verification found, lists the first ones and says what to do', async () => {
    const problems = Array.from({ length: 20 }, (_, i) => ({
      seq: 17 + i,
      kind: 'changed' as const,
      reason: `Entry ${17 + i} was changed after it was written (its hash does not match its content).`,
    }));
    const transport = new FakeTransport({
      'audit.verify': () => ({
        ok: false,
        checked: 41,
        head: { seq: 41, hash: 'a'.repeat(64) },
        problemCount: 23,
        problems,
        newestAnchor: { source: 'log', where: '/data/watchroom.log', at: Date.UTC(2026, 10, 23, 9, 0, 0), seq: 41, hash: 'a'.repeat(64) },
        anchorsChecked: 3,
        notes: ['The backups of "Nightly" in /mnt/nas could not be read to compare with (not mounted).'],
      }),
    });
    renderApp({ transport, page: 'audit' });
    fireEvent.click(screen.getByTestId('audit-verify'));
    const result = await screen.findByTestId('verify-result');
    expect(result.getAttribute('data-ok')).toBe('false');
    expect(result.textContent).toContain('23 problems in the audit chain (41 entries checked)');
    const listed = within(screen.getByTestId('verify-problems')).getAllByRole('listitem');
    expect(listed).toHaveLength(20);
    expect(listed[0]?.textContent).toBe('Entry 17 was changed after it was written (its hash does not match its content).');
    expect(screen.getByTestId('verify-unlisted').textContent).toBe('…and 3 more problems after these.');
    expect(screen.getByTestId('verify-advice').textContent).toMatch(/^What to do: change nothing in the console's data folder\./);
    expect(screen.getByTestId('verify-anchor').textContent).toContain("3 recorded heads; the newest is the core log's record of");
    expect(screen.getByTestId('verify-notes').textContent).toContain('/mnt/nas could not be read');
  });

  it('says how many entries a good chain has, and what its head was compared with', async () => {
    const transport = new FakeTransport({
      'audit.verify': () => ({
        ok: true,
        checked: 12,
        head: { seq: 12, hash: 'a'.repeat(64) },
        problemCount: 0,
        problems: [],
        newestAnchor: null,
        anchorsChecked: 0,
        notes: [],
      }),
    });
    renderApp({ transport, page: 'audit' });
    fireEvent.click(screen.getByTestId('audit-verify'));
    expect((await screen.findByTestId('verify-result')).textContent).toContain('Chain OK — 12 entries verified');
    expect(screen.getByTestId('verify-anchor').textContent).toContain('No recorded head to compare with yet');
  });

  it('sends the filters as an exact-match query with the time range in the time zone setting', async () => {
    const transport = new FakeTransport();
    renderApp({ transport, page: 'audit' });
    await screen.findByTestId('audit-empty');
    fireEvent.change(screen.getByTestId('audit-filter-action'), { target: { value: 'settings.set' } });
    fireEvent.change(screen.getByTestId('audit-filter-from'), { target: { value: '2026-11-23T09:00' } });
    fireEvent.click(screen.getByTestId('audit-apply'));
    await waitFor(() =>
      expect(transport.callsOf('audit.list').at(-1)).toEqual({ action: 'settings.set', from: Date.UTC(2026, 10, 23, 9, 0), limit: 50 }),
    );
  });

  it('refetches when core appends an entry', async () => {
    const transport = new FakeTransport();
    renderApp({ transport, page: 'audit' });
    await screen.findByTestId('audit-empty');
    transport.respond('audit.list', () => ({ entries: [entry(1)], nextBeforeSeq: null }));
    act(() => transport.emit('audit.appended', { seq: 1, action: 'settings.set', actor: 'local-operator' }));
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(1);
  });
});
