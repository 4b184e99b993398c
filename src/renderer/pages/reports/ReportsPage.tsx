import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { AvailabilityInput } from '../../../shared/contract';
import { availabilityDocument, reviewDocument, type ReportDocument } from '../../../shared/domain/report-documents';
import { monthOf, previousMonth } from '../../../shared/domain/report-period';
import { useConsoleName, useEffectiveSettings } from '../../api/queries';
import { useTransport } from '../../api/transport-context';
import { PageHeading } from '../../components/PageHeading';
import { printReportDocument, shellBridge } from '../../components/print-report';
import { Problem } from '../../components/Problem';
import { formatTimestamp, timeTextToEpoch } from '../../format/time';
import { AvailabilityView } from './AvailabilityView';
import { downloadAvailability, downloadReview } from './report-files';
import { ReportSettings } from './ReportSettings';
import { ReviewView } from './ReviewView';
import './reports.css';

type Tab = 'availability' | 'review';
type PeriodKind = 'month' | 'period';
const DAY_MS = 86_400_000;

/** A report read from core: the problem when it failed, a status while it is made, the report once it is here. */
function Loaded<T>({
  query,
  failure,
  loading,
  children,
}: {
  query: { data: T | undefined; error: Error | null; isLoading: boolean };
  failure: string;
  loading: string;
  children: (data: T) => ReactNode;
}) {
  return (
    <>
      {query.error ? <Problem title={`${failure}: ${query.error.message}`} testId="reports-error" /> : null}
      {query.isLoading ? (
        <p className="loading" role="status">
          {loading}
        </p>
      ) : null}
      {query.data === undefined ? null : children(query.data)}
    </>
  );
}

/**
 * Downloads, and the report on paper: a PDF saved through the desktop shell, or a print window in a
 * browser (the report alone, styled by the stylesheet the console's CSP lets in by its hash).
 */
function Exports({
  onCsv,
  onMarkdown,
  printable,
  testId,
}: {
  onCsv: () => void;
  onMarkdown: () => void;
  /** The report on paper, printed at `now`. */
  printable: (now: number) => ReportDocument;
  testId: string;
}) {
  const [printProblem, setPrintProblem] = useState<string | null>(null);
  const desktop = shellBridge() !== null;
  const print = async () => {
    setPrintProblem(null);
    try {
      setPrintProblem(await printReportDocument(printable(Date.now())));
    } catch (error) {
      setPrintProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <div className="reports-exports no-print" data-testid={testId}>
      <button type="button" className="button button--small" onClick={onCsv} data-testid={`${testId}-csv`}>
        Download CSV
      </button>
      <button type="button" className="button button--small" onClick={onMarkdown} data-testid={`${testId}-md`}>
        Download Markdown
      </button>
      <button type="button" className="button button--small" onClick={() => void print()} data-testid={`${testId}-print`}>
        {desktop ? 'Export PDF' : 'Print'}
      </button>
      {printProblem === null ? null : <Problem title={`Could not print the report: ${printProblem}`} testId={`${testId}-problem`} />}
    </div>
  );
}

/**
 * What a supervisor answers for, for a month (the one just ended, unless another is picked): the
 * availability of every site and monitor against the target, and the monthly operations review.
 */
export function ReportsPage() {
  const transport = useTransport();
  const { timeZone, availabilityTargetPercent } = useEffectiveSettings();
  const consoleName = useConsoleName() ?? 'Watchroom';
  const [tab, setTab] = useState<Tab>('availability');
  const [month, setMonth] = useState(() => previousMonth(monthOf(Date.now(), timeZone)));
  const [periodKind, setPeriodKind] = useState<PeriodKind>('month');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [target, setTarget] = useState('');
  const documentOptions = (now: number) => ({ consoleName, formatTime: (ms: number) => formatTimestamp(ms, timeZone), now });

  const from = timeTextToEpoch(`${fromDay} 00:00`, timeZone, 'start');
  const lastDay = timeTextToEpoch(`${toDay} 00:00`, timeZone, 'start');
  const to = lastDay === null ? null : lastDay + DAY_MS;
  const periodProblem =
    periodKind === 'period' && (from === null || to === null || to <= from) ? 'Pick the first and last day of the period' : null;
  const targetValue = target.trim() === '' ? undefined : Number(target);
  const targetProblem =
    targetValue !== undefined && !(targetValue >= 50 && targetValue <= 100) ? 'The target is a percentage from 50 to 100' : null;
  const input: AvailabilityInput = {
    ...(periodKind === 'month' ? { month } : { from: from ?? 0, to: to ?? 0 }),
    ...(targetValue === undefined || targetProblem ? {} : { targetPercent: targetValue }),
  };
  const validMonth = /^\d{4}-\d{2}$/.test(month);
  const availability = useQuery({
    queryKey: ['reports.availability', input],
    queryFn: () => transport.call('reports.availability', input),
    enabled: tab === 'availability' && periodProblem === null && (periodKind === 'period' || validMonth),
  });
  const review = useQuery({
    queryKey: ['reports.operationsReview', month],
    queryFn: () => transport.call('reports.operationsReview', { month }),
    enabled: tab === 'review' && validMonth,
  });

  return (
    <section aria-labelledby="reports-title" data-testid="page-reports">
      <PageHeading id="reports-title" title="Reports">
        <div className="reports-tabs no-print" role="group" aria-label="Report">
          <button
            type="button"
            className="button button--small"
            aria-pressed={tab === 'availability'}
            onClick={() => setTab('availability')}
            data-testid="reports-tab-availability"
          >
            Availability
          </button>
          <button
            type="button"
            className="button button--small"
            aria-pressed={tab === 'review'}
            onClick={() => setTab('review')}
            data-testid="reports-tab-review"
          >
            Monthly review
          </button>
        </div>
      </PageHeading>
      <div className="reports-controls no-print">
        {tab === 'availability' ? (
          <label className="reports-field">
            <span>Report on</span>
            <select
              className="input"
              value={periodKind}
              onChange={(event) => setPeriodKind(event.target.value as PeriodKind)}
              data-testid="reports-period-kind"
            >
              <option value="month">a month</option>
              <option value="period">a period</option>
            </select>
          </label>
        ) : null}
        {tab === 'review' || periodKind === 'month' ? (
          <label className="reports-field">
            <span>Month</span>
            <input type="month" className="input" value={month} onChange={(event) => setMonth(event.target.value)} data-testid="reports-month" />
          </label>
        ) : (
          <>
            <label className="reports-field">
              <span>First day</span>
              <input type="date" className="input" value={fromDay} onChange={(event) => setFromDay(event.target.value)} data-testid="reports-from" />
            </label>
            <label className="reports-field">
              <span>Last day</span>
              <input type="date" className="input" value={toDay} onChange={(event) => setToDay(event.target.value)} data-testid="reports-to" />
            </label>
          </>
        )}
        {tab === 'availability' ? (
          <label className="reports-field">
            <span>Target (%)</span>
            <input
              className="input reports-field__short"
              inputMode="decimal"
              placeholder={String(availabilityTargetPercent)}
              value={target}
              onChange={(event) => setTarget(event.target.value)}
              aria-invalid={targetProblem !== null}
              data-testid="reports-target"
            />
          </label>
        ) : null}
      </div>
      {tab === 'availability' && (periodProblem ?? targetProblem) ? (
        <p className="field-error" role="alert" data-testid="reports-input-problem">
          {periodProblem ?? targetProblem}
        </p>
      ) : null}
      {tab === 'availability' && periodProblem === null ? (
        <Loaded query={availability} failure="Could not make the availability report" loading="Reading the roll-ups…">
          {(report) => (
            <>
              <Exports
                testId="availability-export"
                onCsv={() => downloadAvailability(report, 'csv', consoleName)}
                onMarkdown={() => downloadAvailability(report, 'md', consoleName)}
                printable={(now) => availabilityDocument(report, documentOptions(now))}
              />
              <AvailabilityView report={report} />
            </>
          )}
        </Loaded>
      ) : null}
      {tab === 'review' ? (
        <Loaded query={review} failure="Could not make the review" loading="Counting the month…">
          {(data) => (
            <>
              <Exports
                testId="review-export"
                onCsv={() => downloadReview(data, 'csv')}
                onMarkdown={() => downloadReview(data, 'md')}
                printable={(now) => reviewDocument(data, documentOptions(now))}
              />
              <ReviewView review={data} />
            </>
          )}
        </Loaded>
      ) : null}
      <ReportSettings />
    </section>
  );
}
