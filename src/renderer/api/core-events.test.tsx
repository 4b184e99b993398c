// @vitest-environment happy-dom
import { QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { ConfigKind } from '../../shared/contract';
import { FakeTransport } from '../testing/fake-transport';
import { useCoreEventsInCache } from './core-events';
import { incidentKeys } from './incident-queries';
import { createQueryClient } from './query-client';
import { queryKeys } from './query-keys';
import { TransportProvider } from './transport-context';

const CACHED: Record<string, QueryKey> = {
  rules: queryKeys.rules,
  escalation: queryKeys.escalation,
  silences: queryKeys.silences,
  channels: queryKeys.channels,
  sopList: incidentKeys.sops,
  sop: incidentKeys.sop('patrol-check'),
  sites: queryKeys.sites,
  settings: queryKeys.settings,
};

/** The cached queries config.changed made stale, by name, with every query of CACHED loaded and fresh before it. */
function staleAfter(kind: ConfigKind): string[] {
  const transport = new FakeTransport();
  const queryClient = createQueryClient();
  for (const key of Object.values(CACHED)) queryClient.setQueryData(key, []);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <TransportProvider transport={transport}>{children}</TransportProvider>
    </QueryClientProvider>
  );
  const { unmount } = renderHook(() => useCoreEventsInCache(), { wrapper });
  act(() => transport.emit('config.changed', { kind }));
  const stale = Object.entries(CACHED)
    .filter(([, key]) => queryClient.getQueryState(key)?.isInvalidated)
    .map(([name]) => name);
  unmount();
  return stale;
}

describe('config.changed in the query cache', () => {
  it.each([
    ['rules', ['rules']],
    ['escalation', ['escalation']],
    ['silences', ['silences']],
    ['channels', ['channels']],
    ['sops', ['sopList', 'sop']],
  ] as const)('makes %s stale, and nothing else', (kind, stale) => {
    expect(staleAfter(kind)).toEqual(stale);
  });
});
