import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { AlertHistoryInput, AuditExportCheckInput, AuditExportInput } from '../../shared/contract';
import { useTransport } from './transport-context';

/** Issue 15: an audit export (a command: core records it), and the check of an export file. */
export function useAuditExport() {
  const transport = useTransport();
  return useMutation({ mutationFn: (input: AuditExportInput) => transport.call('audit.export', input) });
}

export function useCheckAuditExport() {
  const transport = useTransport();
  return useMutation({ mutationFn: (input: AuditExportCheckInput) => transport.call('audit.checkExport', input) });
}

export type AlertHistoryFilter = Omit<AlertHistoryInput, 'after' | 'limit'>;
export const ALERT_HISTORY_PAGE_SIZE = 50;

/** The alert history, page after page by keyset; a new filter starts again from the newest. */
export function useAlertHistory(filter: AlertHistoryFilter, enabled: boolean) {
  const transport = useTransport();
  return useInfiniteQuery({
    queryKey: ['alerts.history', filter] as const,
    queryFn: ({ pageParam }) =>
      transport.call('alerts.history', {
        ...filter,
        limit: ALERT_HISTORY_PAGE_SIZE,
        ...(pageParam === undefined ? {} : { after: pageParam }),
      }),
    initialPageParam: undefined as AlertHistoryInput['after'],
    getNextPageParam: (lastPage) => lastPage.next ?? undefined,
    enabled,
  });
}
