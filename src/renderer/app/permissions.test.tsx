// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/contract';
import { alertConfigTransport, openTab, renderAlertConfig, testRule, testSilence } from '../pages/alert-config/testing';
import { backupsTransport, renderBackups, testBackup } from '../pages/backups/testing';
import { FakeTransport, personWhoAmI, type FakeHandlers } from '../testing/fake-transport';
import { testSite } from '../testing/monitoring-fixtures';
import { renderApp } from '../testing/render-app';
import { useViewStore } from '../state/view-store';

const SUPERVISOR = 'Only a supervisor or above may do this';
const ADMIN = 'Only an admin or above may do this';

/** How a control says who may, when it is disabled; null when it is enabled. */
async function refusalOn(testId: string): Promise<string | null> {
  const control = await screen.findByTestId(testId);
  return control.hasAttribute('disabled') ? control.getAttribute('title') : null;
}

const as = (role: Role, handlers: FakeHandlers = {}) => ({ 'app.whoami': () => personWhoAmI(role), ...handlers });

describe('controls a person may not use are disabled, saying who may', () => {
  it('Rules & silences: an operator reads rules and silences; a supervisor changes them; channels are an admin’s', async () => {
    const handlers = { 'rules.list': () => [testRule('r1')], 'silences.list': () => [testSilence('s1')] };
    await renderAlertConfig(alertConfigTransport(as('operator', handlers)));
    await waitFor(() => expect(screen.getByTestId('rule-add').getAttribute('title')).toBe(`${SUPERVISOR}; Ann Example is an operator`));
    expect(screen.getByTestId('rule-edit').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('rule-toggle').hasAttribute('disabled')).toBe(true);
    const description = document.getElementById(screen.getByTestId('rule-add').getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe(`${SUPERVISOR}; Ann Example is an operator`);
    openTab('silences');
    expect(await refusalOn('silence-add')).toBe(`${SUPERVISOR}; Ann Example is an operator`);
  });

  it('Rules & silences: a supervisor adds silences and rules, but not channels', async () => {
    await renderAlertConfig(alertConfigTransport(as('supervisor')));
    openTab('channels');
    // Once the channel button says who may, core has said who this is.
    await waitFor(() => expect(screen.getByTestId('channel-add').getAttribute('title')).toBe(`${ADMIN}; Ann Example is a supervisor`));
    openTab('rules');
    expect(await refusalOn('rule-add')).toBeNull();
    openTab('silences');
    expect(await refusalOn('silence-add')).toBeNull();
  });

  it('Settings: only an admin saves them', async () => {
    const transport = new FakeTransport(as('supervisor'));
    renderApp({ transport, page: 'settings' });
    await waitFor(() => expect(screen.getByTestId('settings-save').getAttribute('title')).toBe(`${ADMIN}; Ann Example is a supervisor`));
  });

  it('Sites: a supervisor puts a site in maintenance, but adds and edits sites and monitors only as an admin', async () => {
    const transport = new FakeTransport(as('supervisor', { 'sites.list': () => [testSite('s1')] }));
    renderApp({ transport, page: 'sites' });
    await waitFor(() => expect(screen.getByTestId('add-site').getAttribute('title')).toBe(`${ADMIN}; Ann Example is a supervisor`));
    expect(screen.getByTestId('add-monitor').hasAttribute('disabled')).toBe(true);
    const row = await screen.findByTestId('site-row');
    expect(within(row).getByTestId('site-edit').hasAttribute('disabled')).toBe(true);
    expect(within(row).getByTestId('site-delete').hasAttribute('disabled')).toBe(true);
    expect(within(row).getByTestId('site-maintenance').hasAttribute('disabled')).toBe(false);
    expect((screen.getByTestId('config-import-file') as HTMLInputElement).disabled).toBe(true);
  });

  it('SOP templates: a viewer cannot write or import one', async () => {
    const transport = new FakeTransport(as('viewer', { 'sops.list': () => [] }));
    renderApp({ transport, page: 'sops' });
    await waitFor(() => expect(screen.getByTestId('sop-new').getAttribute('title')).toBe(`${SUPERVISOR}; Ann Example is a viewer`));
    expect((screen.getByTestId('sop-import-file') as HTMLInputElement).disabled).toBe(true);
  });

  it('Backups: a supervisor runs, verifies and restores files; jobs and the database restore are an admin’s', async () => {
    const transport = backupsTransport(as('supervisor', { 'backups.list': () => [testBackup('b3')], 'backups.files': () => [] }));
    await renderBackups(transport);
    await waitFor(() => expect(screen.getByTestId('backup-job-new').getAttribute('title')).toBe(`${ADMIN}; Ann Example is a supervisor`));
    expect(screen.getByTestId('backup-job-edit').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('backup-run-now').hasAttribute('disabled')).toBe(false);
    fireEvent.click(await screen.findByTestId('backup-restore'));
    const dialog = await screen.findByTestId('backup-restore-dialog');
    const database = within(dialog).getByTestId('backup-restore-kind-database');
    expect(database.hasAttribute('disabled')).toBe(true);
    expect(database.getAttribute('title')).toBe('Only an admin or above may restore the console’s database; Ann Example is a supervisor');
    expect((within(dialog).getByTestId('backup-restore-kind-folder') as HTMLInputElement).disabled).toBe(false);
  });

  it('a viewer (a wall display) finds the audit log and backups disabled in the navigation and by their keys, and nothing to add', async () => {
    const transport = new FakeTransport(as('viewer', { 'incidents.list': () => [] }));
    renderApp({ transport, page: 'incidents' });
    const viewer = `Only an operator or above may do this; Ann Example is a viewer`;
    await waitFor(() => expect(screen.getByTestId('nav-audit').getAttribute('title')).toBe(viewer));
    expect(screen.getByTestId('nav-backups').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('nav-board').hasAttribute('disabled')).toBe(false);
    expect((await screen.findByTestId('incident-new')).getAttribute('title')).toBe(viewer);
    act(() => void fireEvent.keyDown(document.body, { key: 'g' }));
    act(() => void fireEvent.keyDown(document.body, { key: 'a' }));
    expect(useViewStore.getState().page).toBe('incidents');
    expect(transport.callsOf('audit.list')).toEqual([]);
    act(() => void fireEvent.keyDown(document.body, { key: 'g' }));
    act(() => void fireEvent.keyDown(document.body, { key: 'b' }));
    expect(useViewStore.getState().page).toBe('board');
    await waitFor(() => expect(screen.getByTestId('add-monitor').getAttribute('title')).toBe(`${ADMIN}; Ann Example is a viewer`));
  });

  it('leaves everything enabled for core’s own local operator (an admin), as the desktop runs today', async () => {
    const transport = new FakeTransport({ 'sites.list': () => [testSite('s1')] });
    renderApp({ transport, page: 'sites' });
    await screen.findByTestId('site-row');
    await waitFor(() => expect(transport.callsOf('app.whoami')).toHaveLength(1));
    // An admin's control that a lower role would see disabled stays enabled, without a tooltip.
    expect(screen.getByTestId('add-site').hasAttribute('disabled')).toBe(false);
    expect(screen.getByTestId('add-site').hasAttribute('title')).toBe(false);
  });
});
