// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../testing/fake-transport';
import { testSite } from '../../testing/monitoring-fixtures';
import { renderApp } from '../../testing/render-app';
import { TransportError } from '../../transport/transport';

function chooseFile(input: HTMLElement, text: string, name = 'config.json') {
  const file = new File([text], name, { type: 'application/json' });
  fireEvent.change(input, { target: { files: [file] } });
}

describe('importing a configuration file', () => {
  it('lists every problem with its line and field, and says nothing was imported', async () => {
    const transport = new FakeTransport({
      'config.import': () => {
        throw new TransportError('invalid_input', 'The file has 2 problems', [
          { path: 'monitors.0.probe.url', message: 'Enter a full URL, like https://recorder.site-a.example/health', line: 14 },
          { path: 'monitors.1.siteId', message: 'No site in this file has this id', line: 27 },
        ]);
      },
    });
    renderApp({ transport, page: 'sites' });
    chooseFile(await screen.findByTestId('config-import-file'), '{"format":"watchroom-config"}', 'north.json');
    const problems = await screen.findByTestId('import-problems');
    expect(problems.textContent).toContain('Nothing was imported from north.json');
    const items = within(problems).getAllByTestId('import-problem');
    expect(items.map((item) => item.dataset.line)).toEqual(['14', '27']);
    expect(items[0]?.textContent).toContain('Line 14');
    expect(items[0]?.textContent).toContain('monitors.0.probe.url');
    expect(items[1]?.textContent).toContain('No site in this file has this id');
    expect(transport.callsOf('config.import')).toEqual([{ text: '{"format":"watchroom-config"}' }]);
  });

  it('says what was imported', async () => {
    const transport = new FakeTransport({ 'config.import': () => ({ sites: 2, monitors: 9 }) });
    renderApp({ transport, page: 'sites' });
    chooseFile(await screen.findByTestId('config-import-file'), '{}');
    expect((await screen.findByTestId('import-result')).textContent).toContain('Imported 2 sites and 9 monitors from config.json');
  });
});

describe('sites', () => {
  it('adds a site, checking the name first', async () => {
    const transport = new FakeTransport({ 'sites.create': (input) => testSite('new', { name: input.name }) });
    renderApp({ transport, page: 'sites' });
    fireEvent.click(await screen.findByTestId('add-site'));
    fireEvent.click(screen.getByTestId('site-form-save'));
    const error = screen.getAllByTestId('field-error').find((element) => element.dataset.field === 'name');
    expect(error?.textContent).toContain('Give the site a name');
    expect(transport.callsOf('sites.create')).toEqual([]);
    fireEvent.change(screen.getByTestId('site-form-name'), { target: { value: 'Depot North' } });
    fireEvent.change(screen.getByTestId('site-form-tags'), { target: { value: 'harbour, 24h' } });
    fireEvent.click(screen.getByTestId('site-form-save'));
    await waitFor(() => expect(transport.callsOf('sites.create')).toEqual([{ name: 'Depot North', address: null, tags: ['harbour', '24h'] }]));
    await waitFor(() => expect(screen.queryByTestId('site-form')).toBeNull());
  });

  it('puts a site in maintenance', async () => {
    const transport = new FakeTransport({
      'sites.list': () => [testSite('north', { name: 'Depot North' })],
      'sites.setMaintenance': ({ id, maintenance }) => testSite(id, { maintenance }),
    });
    renderApp({ transport, page: 'sites' });
    fireEvent.click(await screen.findByTestId('site-maintenance'));
    await waitFor(() => expect(transport.callsOf('sites.setMaintenance')).toEqual([{ id: 'north', maintenance: true }]));
  });
});

describe('adding a monitor from Sites', () => {
  it('keeps Sites highlighted in the navigation, and Cancel goes back to Sites', async () => {
    const transport = new FakeTransport({ 'sites.list': () => [testSite('s1')] });
    renderApp({ transport, page: 'sites' });
    fireEvent.click(await screen.findByTestId('site-add-monitor'));
    await screen.findByTestId('page-monitor-form');
    expect(screen.getByTestId('nav-sites').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-board').getAttribute('aria-current')).toBeNull();
    fireEvent.click(await screen.findByTestId('monitor-form-cancel'));
    await screen.findByTestId('add-site');
  });
});
