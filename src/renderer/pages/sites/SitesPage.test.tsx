// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
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

const PASSPHRASE = 'copy to the backup console';
const ENCRYPTED_FILE = JSON.stringify({
  format: 'watchroom-config-encrypted',
  version: 1,
  kdf: { name: 'scrypt', N: 32768, r: 8, p: 1, salt: 'c2FsdA==' },
  nonce: 'bm9uY2U=',
  tag: 'dGFn',
  ciphertext: 'Y2lwaGVy',
});

async function downloadedText(createObjectURL: { mock: { calls: unknown[][] } }): Promise<string> {
  await waitFor(() => expect(createObjectURL.mock.calls).toHaveLength(1));
  return (createObjectURL.mock.calls[0]?.[0] as Blob).text();
}

describe('exporting the configuration', () => {
  it('leaves secrets out unless asked, and says so', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:config');
    const transport = new FakeTransport({ 'config.export': () => ({ format: 'watchroom-config', version: 1, sites: [], monitors: [] }) });
    renderApp({ transport, page: 'sites' });
    fireEvent.click(await screen.findByTestId('config-export'));
    expect((screen.getByTestId('config-export-include-secrets') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('config-export-dialog').textContent).toContain('Include secrets (asks for a passphrase)');
    expect(screen.getByTestId('config-export-secrets-hint').textContent).toContain('left out and shown as ••••');
    fireEvent.click(screen.getByTestId('config-export-submit'));
    await waitFor(() => expect(transport.callsOf('config.export')).toEqual([{ includeSecrets: false }]));
    expect(JSON.parse(await downloadedText(createObjectURL))).toMatchObject({ format: 'watchroom-config' });
    await waitFor(() => expect(screen.queryByTestId('config-export-dialog')).toBeNull());
    createObjectURL.mockRestore();
  });

  it('includes secrets only with a passphrase typed twice, and downloads the encrypted file', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:config');
    const transport = new FakeTransport({ 'config.export': () => JSON.parse(ENCRYPTED_FILE) as never });
    renderApp({ transport, page: 'sites' });
    fireEvent.click(await screen.findByTestId('config-export'));
    fireEvent.click(screen.getByTestId('config-export-include-secrets'));
    const submit = screen.getByTestId('config-export-submit') as HTMLButtonElement;
    // Dialog buttons stay clickable and say what is missing; nothing is asked of core meanwhile.
    expect(submit.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(submit);
    expect(transport.callsOf('config.export')).toEqual([]);
    fireEvent.change(screen.getByTestId('config-export-passphrase'), { target: { value: PASSPHRASE } });
    fireEvent.change(screen.getByTestId('config-export-passphrase-confirm'), { target: { value: 'copy to the backup consol' } });
    expect(submit.getAttribute('aria-disabled')).toBe('true');
    fireEvent.change(screen.getByTestId('config-export-passphrase-confirm'), { target: { value: PASSPHRASE } });
    fireEvent.click(submit);
    await waitFor(() => expect(transport.callsOf('config.export')).toEqual([{ includeSecrets: true, passphrase: PASSPHRASE }]));
    expect(JSON.parse(await downloadedText(createObjectURL))).toMatchObject({ format: 'watchroom-config-encrypted' });
    createObjectURL.mockRestore();
  });
});

describe('importing an encrypted configuration file', () => {
  it('asks for the passphrase, says a wrong one beside the field and keeps the file, then imports with the right one', async () => {
    const transport = new FakeTransport({
      'config.import': (input) => {
        if (input.passphrase !== PASSPHRASE) {
          throw new TransportError('invalid_input', 'Nothing was imported: this passphrase does not open the file', [
            { path: 'passphrase', message: 'This passphrase does not open the file: check it and try again' },
          ]);
        }
        return { sites: 1, monitors: 3 };
      },
    });
    renderApp({ transport, page: 'sites' });
    chooseFile(await screen.findByTestId('config-import-file'), ENCRYPTED_FILE, 'north.encrypted.json');
    const dialog = await screen.findByTestId('config-import-passphrase-dialog');
    expect(dialog.textContent).toContain('north.encrypted.json was exported with its secrets');
    expect(transport.callsOf('config.import')).toEqual([]);

    fireEvent.change(screen.getByTestId('config-import-passphrase'), { target: { value: 'not the passphrase' } });
    fireEvent.click(screen.getByTestId('config-import-passphrase-submit'));
    await waitFor(() => expect(dialog.textContent).toContain('This passphrase does not open the file'));
    expect(screen.queryByTestId('import-problems')).toBeNull();

    fireEvent.change(screen.getByTestId('config-import-passphrase'), { target: { value: PASSPHRASE } });
    fireEvent.click(screen.getByTestId('config-import-passphrase-submit'));
    expect((await screen.findByTestId('import-result')).textContent).toContain('Imported 1 site and 3 monitors from north.encrypted.json');
    expect(transport.callsOf('config.import')).toEqual([
      { text: ENCRYPTED_FILE, passphrase: 'not the passphrase' },
      { text: ENCRYPTED_FILE, passphrase: PASSPHRASE },
    ]);
    expect(screen.queryByTestId('config-import-passphrase-dialog')).toBeNull();
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
    await waitFor(() =>
      expect(transport.callsOf('sites.create')).toEqual([{ name: 'Depot North', address: null, tags: ['harbour', '24h'] }]),
    );
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
