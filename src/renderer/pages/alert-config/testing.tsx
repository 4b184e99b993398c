import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect } from 'vitest';
import { SEVERITIES, type Channel, type EscalationPolicy, type Rule, type Silence } from '../../../shared/contract';
import { DEFAULT_ROUTING, defaultLevels } from '../../../shared/domain/routing';
import { MonitorStore } from '../../api/monitor-store';
import { MonitorStoreProvider } from '../../api/monitor-store-context';
import { queryKeys } from '../../api/query-keys';
import { TransportProvider } from '../../api/transport-context';
import { FakeTransport, type FakeHandlers } from '../../testing/fake-transport';
import { T0 } from '../../testing/monitoring-fixtures';
import { AlertConfigPage } from './AlertConfigPage';

afterEach(cleanup);

export function testRule(id: string, overrides: Partial<Rule> = {}): Rule {
  return {
    id,
    name: `Rule ${id}`,
    enabled: true,
    scope: { kind: 'all' },
    condition: { kind: 'monitor-down' },
    pendingMinutes: 0,
    recovery: { kind: 'good-results', count: 1 },
    severity: 'high',
    routing: 'table',
    channelIds: [],
    maxOpenAlerts: 200,
    builtIn: false,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function testChannel(id: string, overrides: Partial<Channel> = {}): Channel {
  return {
    id,
    name: `Channel ${id}`,
    enabled: true,
    config: { kind: 'webhook', url: `https://hooks.example/${id}`, secret: 'x'.repeat(16), timeoutSeconds: 5, headers: {} },
    ratePerMinute: 20,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function testSilence(id: string, overrides: Partial<Silence> = {}): Silence {
  return {
    id,
    kind: 'silence',
    comment: `Silence ${id}`,
    scope: { kind: 'site', siteId: 's1' },
    schedule: { kind: 'once', startsAt: T0, endsAt: T0 + 3_600_000 },
    triggeredAt: null,
    createdBy: 'local-operator',
    createdAt: T0,
    updatedAt: T0,
    activeUntil: null,
    ...overrides,
  };
}

export function testPolicies(): EscalationPolicy[] {
  return SEVERITIES.map((severity) => ({
    severity,
    escalateAfterMinutes: 15,
    repeatEveryMinutes: 30,
    maxLevel: 3,
    ackTimeoutMinutes: 120,
  }));
}

/** A core with nothing configured yet; a test adds what it is about. */
export function alertConfigTransport(handlers: FakeHandlers = {}): FakeTransport {
  return new FakeTransport({
    'rules.list': () => [],
    'escalation.list': () => testPolicies(),
    'silences.list': () => [],
    'channels.list': () => [],
    'routing.get': () => DEFAULT_ROUTING,
    'routing.levels': () => testPolicies().map((policy) => defaultLevels(policy, null)),
    'oncall.schedules': () => [],
    'oncall.now': () => [],
    'oncall.onShift': () => ({ people: [], because: 'nobody', boundaryAt: null }),
    'oncall.contacts': () => [],
    'users.people': () => [],
    ...handlers,
  });
}

/** The page on its own, as the console shows it, with no retries to wait for. */
export async function renderAlertConfig(transport: FakeTransport) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <TransportProvider transport={transport}>
        <MonitorStoreProvider store={new MonitorStore()}>
          <AlertConfigPage />
        </MonitorStoreProvider>
      </TransportProvider>
    </QueryClientProvider>,
  );
  await screen.findByTestId('alert-config-page');
  // Times typed into forms are read in the console's time zone: wait until it is core's (UTC), not the default.
  await waitFor(() => expect(queryClient.getQueryData(queryKeys.settings)).toBeDefined());
  return transport;
}

export function fill(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

/** The error shown in the same form row (or table cell) as the input: "beside the field" is what is checked. */
export function errorBeside(input: string | HTMLElement): string | null {
  const row = (typeof input === 'string' ? screen.getByTestId(input) : input).closest('.form-row, td');
  return row?.querySelector('[data-testid="field-error"]')?.textContent ?? null;
}

export function openTab(tab: 'rules' | 'escalation' | 'routing' | 'silences' | 'channels') {
  fireEvent.click(screen.getByTestId(`alert-config-tab-${tab}`));
}
