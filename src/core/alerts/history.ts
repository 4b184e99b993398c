import { performance } from 'node:perf_hooks';
import type { AlertHistoryPage } from '../../shared/contract';
import type { AlertHistoryQuery, Repositories } from '../db';
import { toAlert } from './model';

/**
 * How many alerts (or text matches) one page reads at most before it answers: bounds a search by
 * filters no one index serves over years of alerts to a page's time (bench `reports`); the person
 * goes on from where it stopped. Text needs no pressing on: the full-text index finds a rare word
 * wherever it is, and a page reads only its own matches unless other filters reject nearly all.
 */
export const SCAN_BUDGET = 10_000;
/** ...and how long it takes at most, as some filters' rows lie scattered over years of the table. */
export const SCAN_TIME_BUDGET_MS = 20;

export interface AlertHistoryFilter extends Omit<AlertHistoryQuery, 'subject' | 'scanBudget' | 'outOfTime'> {
  monitorId?: string | undefined;
}

/** One page of the alert history: every alert ever kept (resolved ones too), newest first. */
export function searchAlertHistory(
  repos: Pick<Repositories, 'alertHistory'>,
  filter: AlertHistoryFilter,
  /** Milliseconds on a monotonic clock (the time budget); tests pass one that stands still. */
  elapsed: () => number = performance.now.bind(performance),
): AlertHistoryPage {
  const { monitorId, ...rest } = filter;
  const started = elapsed();
  const page = repos.alertHistory.search({
    ...rest,
    subject: monitorId === undefined ? undefined : `monitor:${monitorId}`,
    scanBudget: SCAN_BUDGET,
    outOfTime: () => elapsed() - started >= SCAN_TIME_BUDGET_MS,
  });
  return {
    alerts: page.rows.map(toAlert),
    next: page.next,
    searchedBackTo: page.filled || page.next === null ? null : page.next.firstSeenAt,
  };
}
