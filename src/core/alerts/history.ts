import type { AlertHistoryPage } from '../../shared/contract';
import type { AlertHistoryQuery, Repositories } from '../db';
import { toAlert } from './model';

/**
 * How many alerts one page with text reads at most before it answers: bounds a search for a rare
 * word over years of alerts to a page's time (see bench `reports`); the person goes on from there.
 */
export const TEXT_SCAN_BUDGET = 20_000;

export interface AlertHistoryFilter extends Omit<AlertHistoryQuery, 'subject' | 'scanBudget'> {
  monitorId?: string | undefined;
}

/** One page of the alert history: every alert ever kept (resolved ones too), newest first. */
export function searchAlertHistory(repos: Pick<Repositories, 'alertHistory'>, filter: AlertHistoryFilter): AlertHistoryPage {
  const { monitorId, ...rest } = filter;
  const page = repos.alertHistory.search({
    ...rest,
    subject: monitorId === undefined ? undefined : `monitor:${monitorId}`,
    scanBudget: TEXT_SCAN_BUDGET,
  });
  return {
    alerts: page.rows.map(toAlert),
    next: page.next,
    searchedBackTo: page.filled || page.next === null ? null : page.next.firstSeenAt,
  };
}
