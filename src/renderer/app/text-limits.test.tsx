// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../testing/fake-transport';
import { boardMonitor, testSite, testSnapshot } from '../testing/monitoring-fixtures';
import { renderApp } from '../testing/render-app';
import { alertConfigTransport, openTab, renderAlertConfig } from '../pages/alert-config/testing';

/** Every field a user types into: a pasted 5 MB text is cut by the browser, not checked for 30 s. */
function fieldsWithoutLimit(): string[] {
  const typed = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('textarea, input')].filter(
    (field) =>
      field instanceof HTMLTextAreaElement || ['text', 'search', 'url', 'email', 'password', ''].includes(field.getAttribute('type') ?? ''),
  );
  return typed.filter((field) => !(field.maxLength > 0)).map((field) => field.dataset.testid ?? field.id ?? field.outerHTML.slice(0, 80));
}

describe('every text field has its limit', () => {
  it('in the monitor form, for every kind of probe', async () => {
    renderApp({ transport: new FakeTransport({ 'sites.list': () => [testSite('s1')] }), page: 'monitor-form' });
    const kind = (await screen.findByTestId('monitor-form-kind')) as HTMLSelectElement;
    for (const option of [...kind.options].map((candidate) => candidate.value)) {
      fireEvent.change(screen.getByTestId('monitor-form-kind'), { target: { value: option } });
      expect(fieldsWithoutLimit(), option).toEqual([]);
    }
    expect((screen.getByTestId('monitor-form-name') as HTMLInputElement).maxLength).toBe(120);
  });

  it('in the site form, the settings and the board and audit filters', async () => {
    const view = renderApp({ page: 'sites' });
    fireEvent.click(await screen.findByTestId('add-site'));
    await screen.findByTestId('site-form');
    expect(fieldsWithoutLimit()).toEqual([]);
    view.unmount();
    const board = new FakeTransport({ 'board.snapshot': () => testSnapshot([testSite('s1')], [boardMonitor('m1', 's1')]) });
    const fieldOn = { settings: 'settings-consoleName', board: 'board-filter-site', audit: 'audit-filter-actor' } as const;
    for (const page of ['settings', 'board', 'audit'] as const) {
      const shown = renderApp({ page, transport: page === 'board' ? board : new FakeTransport() });
      await screen.findByTestId(fieldOn[page], {}, { timeout: 5_000 });
      expect(fieldsWithoutLimit(), page).toEqual([]);
      shown.unmount();
    }
  });

  it('in the rule, silence and channel forms', async () => {
    for (const [tab, add] of [
      ['rules', 'rule-add'],
      ['silences', 'silence-add'],
      ['channels', 'channel-add'],
    ] as const) {
      await renderAlertConfig(alertConfigTransport({ 'sites.list': () => [testSite('s1')] }));
      openTab(tab);
      fireEvent.click(await screen.findByTestId(add));
      await waitFor(() => expect(document.querySelector('form')).not.toBeNull());
      expect(fieldsWithoutLimit(), add).toEqual([]);
      cleanup();
    }
  });
});
