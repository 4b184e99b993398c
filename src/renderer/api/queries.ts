import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { DEFAULT_SETTINGS, type AuditListInput, type Notice, type Settings, type SettingsPatch } from '../../shared/contract';
import { ownSitesOf, type OwnSites } from '../../shared/domain/own-sites';
import { appendSample, historyFrom, type HealthHistory } from './health-history';
import { queryKeys } from './query-keys';
import { useTransport } from './transport-context';

export function useAppInfo() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: () => transport.call('app.info', undefined), staleTime: Infinity });
}

/** Who this console acts as; it does not change while the console runs. */
export function useWhoAmI() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.whoami, queryFn: () => transport.call('app.whoami', undefined), staleTime: Infinity }).data ?? null;
}

/**
 * The sites the signed-in person works on, as a set the lists ask once per row to put them first;
 * null when they work on every site, or until core has said who this is. Made once per person.
 */
export function useOwnSites(): OwnSites {
  const sites = useWhoAmI()?.sites ?? null;
  return useMemo(() => ownSitesOf(sites), [sites]);
}

/** Settings change only through settings.set or a settings.changed event, both of which write the cache. */
export function useSettings() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => transport.call('settings.get', undefined), staleTime: Infinity });
}

/** This console's backend and how fresh its data is; backend.changed events write the cache. */
export function useBackendState() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.backend, queryFn: () => transport.call('backend.state', undefined), staleTime: Infinity });
}

/** The settings to render with: core's, or the defaults until core has answered. */
export function useEffectiveSettings(): Settings {
  return useSettings().data ?? DEFAULT_SETTINGS;
}

/** The console's name once core has said it; null before, so no screen shows a default as if it were real. */
export function useConsoleName(): string | null {
  return useSettings().data?.consoleName ?? null;
}

/**
 * Polls app.health every healthRefreshSeconds while a component shows it. Each reading is added to
 * a short history kept in the query cache, so the charts survive switching pages.
 */
export function useHealthHistory() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const { healthRefreshSeconds } = useEffectiveSettings();
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: async (): Promise<HealthHistory> => {
      // The first read starts from what core recorded (the last hour), so the charts never restart from one point.
      const known =
        queryClient.getQueryData<HealthHistory>(queryKeys.health) ??
        historyFrom((await transport.call('app.healthHistory', undefined)).samples);
      const sample = await transport.call('app.health', undefined);
      return appendSample(known, sample);
    },
    refetchInterval: healthRefreshSeconds * 1000,
    // A wall display is often a background tab; it should stay current.
    refetchIntervalInBackground: true,
    gcTime: Infinity,
  });
}

export const AUDIT_PAGE_SIZE = 50;

export function useAuditPages(query: Omit<AuditListInput, 'beforeSeq' | 'limit'>, enabled: boolean) {
  const transport = useTransport();
  return useInfiniteQuery({
    queryKey: queryKeys.audit(query),
    queryFn: ({ pageParam }) =>
      transport.call('audit.list', { ...query, limit: AUDIT_PAGE_SIZE, ...(pageParam === undefined ? {} : { beforeSeq: pageParam }) }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (lastPage) => lastPage.nextBeforeSeq ?? undefined,
    enabled,
  });
}

export function useVerifyChain() {
  const transport = useTransport();
  return useMutation({ mutationFn: () => transport.call('audit.verify', undefined) });
}

export function useSaveSettings() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => transport.call('settings.set', patch),
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.settings, settings),
  });
}

/** Notices core pushed since this console started; written by the app.notice event, never fetched. */
export function usePushedNotices(): readonly Notice[] {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: queryKeys.pushedNotices,
    queryFn: () => queryClient.getQueryData<Notice[]>(queryKeys.pushedNotices) ?? [],
    initialData: [],
    staleTime: Infinity,
    enabled: false,
  });
  return data;
}
