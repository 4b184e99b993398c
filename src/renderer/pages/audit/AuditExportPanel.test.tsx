// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

describe('the Audit page’s export and check', () => {
  it('downloads the export in the chosen format under the name core gives it', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:audit');
    const transport = new FakeTransport({
      'audit.export': () => ({
        fileName: 'watchroom-audit-1970-01-01-to-2026-11-23.jsonl',
        format: 'jsonl' as const,
        text: '{"record":"anchor"}\n',
        entries: 0,
        firstSeq: null,
        lastSeq: null,
      }),
    });
    renderApp({ transport, page: 'audit' });
    fireEvent.change(await screen.findByTestId('audit-export-format'), { target: { value: 'jsonl' } });
    fireEvent.click(screen.getByTestId('audit-export'));
    await waitFor(() => expect(transport.callsOf('audit.export')).toEqual([{ format: 'jsonl' }]));
    await waitFor(() => expect(createObjectURL.mock.calls).toHaveLength(1));
    expect(await (createObjectURL.mock.calls[0]?.[0] as Blob).text()).toBe('{"record":"anchor"}\n');
  });

  it('checks a chosen file and names its first break and how many there are', async () => {
    const transport = new FakeTransport({
      'audit.checkExport': () => ({
        ok: false,
        format: 'csv' as const,
        from: 0,
        to: 1,
        entries: 9,
        firstSeq: 1,
        lastSeq: 10,
        comparedWithConsole: 9,
        problemCount: 2,
        problems: [
          { seq: 3, line: 5, kind: 'changed' as const, reason: 'Entry 3 (line 5) was changed: its digest does not match its columns.' },
          { seq: 7, line: 9, kind: 'missing' as const, reason: 'Entry 7 is missing: entry 8 (line 9) follows entry 6.' },
        ],
      }),
    });
    renderApp({ transport, page: 'audit' });
    const file = new File(['record,seq\n'], 'march.csv', { type: 'text/csv' });
    fireEvent.change(await screen.findByTestId('audit-check-file'), { target: { files: [file] } });
    const result = await screen.findByTestId('audit-check-result');
    expect(result.dataset.ok).toBe('false');
    expect(result.textContent).toContain('march.csv: 2 breaks; the first: Entry 3 (line 5) was changed');
    expect(transport.callsOf('audit.checkExport')).toEqual([{ fileName: 'march.csv', text: 'record,seq\n' }]);
  });
});
