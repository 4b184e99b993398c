import type { AvailabilityReport, Compared, OperationsReview, ReviewRow } from '../contract';
import { renderReport, type ReportContent } from './incident-report';
import { comparedText } from './report-export';

export interface ReportDocumentOptions {
  consoleName: string;
  formatTime: (ms: number) => string;
  now: number;
}

/** A report ready to print: a PDF from the desktop, a print window in a browser (the incident report's CSS, so its CSP hash). */
export interface ReportDocument {
  fileStem: string;
  html: string;
}

const DASH = '\u2013';
const shown = (value: number | string | null) => (value === null ? DASH : String(value));
const percent = (value: number | null) => (value === null ? DASH : `${value} %`);
const row = (cells: readonly (number | string | null)[]) => ({ cells: cells.map(shown), tone: 'normal' as const });
/** "availability-2026-11-01-to-2026-11-30": a file name that sorts by period, as the CSV and Markdown are named. */
export const reportFileStem = (kind: string, label: string) => `${kind}-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export function availabilityDocument(report: AvailabilityReport, options: ReportDocumentOptions): ReportDocument {
  const t = report.totals;
  const content: ReportContent = {
    title: `Availability ${report.label}`,
    fields: {
      kind: 'fields',
      rows: [
        ['Period', `${options.formatTime(report.from)} to ${options.formatTime(report.to)}`],
        ['Target', `${report.targetPercent} % (at most ${report.allowedDowntimeMinutes} minutes down per monitor)`],
        ['Monitors', `${t.monitors}, ${t.belowTarget} below target`],
        ['Uptime', percent(t.uptimePercent)],
        ['Outages', `${t.outages}, ${t.downtimeMinutes} monitor-minutes down`],
        ['Incidents', `${t.incidents}; MTTA ${shown(t.mttaMinutes)} min, MTTR ${shown(t.mttrMinutes)} min`],
      ],
    },
    sections: [
      {
        heading: 'Sites',
        blocks: [
          {
            kind: 'table',
            columns: ['Site', 'Monitors', 'Uptime', 'Down (min)', 'Outages', 'Longest (min)', 'Below target', 'Incidents', 'MTTA', 'MTTR'],
            rows: report.sites.map((s) =>
              row([
                s.siteName,
                s.monitors,
                percent(s.uptimePercent),
                s.downtimeMinutes,
                s.outages,
                s.longestOutageMinutes,
                s.belowTarget,
                s.incidents,
                s.mttaMinutes,
                s.mttrMinutes,
              ]),
            ),
          },
        ],
      },
      {
        heading: 'Monitors',
        blocks: [
          {
            kind: 'table',
            columns: ['Site', 'Monitor', 'Uptime', 'Down (min)', 'Outages', 'Longest (min)', 'Target'],
            rows: report.monitors.map((m) => ({
              ...row([
                m.siteName,
                m.name,
                percent(m.uptimePercent),
                m.downtimeMinutes,
                m.outages,
                m.longestOutageMinutes,
                m.meetsTarget === null ? 'no data' : m.meetsTarget ? 'met' : 'missed',
              ]),
              // A monitor under target stands out on paper as it does on screen.
              tone: m.meetsTarget === false ? ('late' as const) : ('normal' as const),
            })),
          },
        ],
      },
    ],
    footer: `${options.consoleName} · printed ${options.formatTime(options.now)}`,
  };
  return { fileStem: reportFileStem('availability', report.label), html: renderReport(content).html };
}

export function reviewDocument(review: OperationsReview, options: ReportDocumentOptions): ReportDocument {
  const figures = (rows: readonly (readonly [string, Compared, string?])[]) => ({
    kind: 'table' as const,
    columns: ['', `${review.label} (${review.previousLabel})`],
    rows: rows.map(([label, figure, unit]) => row([label, comparedText(figure, unit)])),
  });
  const breakdown = (rows: readonly ReviewRow[]) =>
    rows.length === 0
      ? { kind: 'placeholder' as const, text: 'None this month or last.' }
      : figures(rows.map((r) => [r.detail ? `${r.label} (${r.detail})` : r.label, { value: r.count, previous: r.previous }] as const));
  const chain = review.auditChain;
  const content: ReportContent = {
    title: `Operations review ${review.label}`,
    fields: {
      kind: 'fields',
      rows: [
        ['Month', `${review.label}, compared with ${review.previousLabel} (in brackets)`],
        [
          'Audit chain',
          chain.ok
            ? `Intact: ${chain.checked} entries verified`
            : `BROKEN: ${chain.problemCount} problems in ${chain.checked} entries. First: ${chain.firstProblem ?? 'unknown'}`,
        ],
        ['Still within targets', `${review.respond.open} to respond, ${review.resolve.open} to resolve`],
      ],
    },
    sections: [
      { heading: 'Incidents', blocks: [figures([['Total', review.incidents.total]]), breakdown(review.incidents.byPriority)] },
      {
        heading: 'Targets',
        blocks: [
          figures([
            ['Respond: met', review.respond.met],
            ['Respond: missed', review.respond.missed],
            ['Resolve: met', review.resolve.met],
            ['Resolve: missed', review.resolve.missed],
          ]),
        ],
      },
      { heading: 'Alerts', blocks: [figures([['Total', review.alerts.total]]), breakdown(review.alerts.bySeverity)] },
      { heading: 'Alerts by rule', blocks: [breakdown(review.alerts.byRule)] },
      { heading: 'Noisiest monitors', blocks: [breakdown(review.noisiestMonitors)] },
      {
        heading: 'Acknowledgement',
        blocks: [
          figures([
            ['Acknowledged', review.acknowledgement.acknowledged],
            ['Median', review.acknowledgement.medianSeconds, ' s'],
            ['90th percentile', review.acknowledgement.p90Seconds, ' s'],
          ]),
        ],
      },
      {
        heading: 'Backups',
        blocks: [
          figures([
            ['Run', review.backups.run],
            ['Verified', review.backups.verified],
            ['Verify failed', review.backups.verifyFailed],
            ['Jobs test-restored', review.backups.testRestored],
          ]),
        ],
      },
      { heading: 'Security events', blocks: [figures([['Total', review.security.total]]), breakdown(review.security.byType)] },
    ],
    footer: `${options.consoleName} · printed ${options.formatTime(options.now)}`,
  };
  return { fileStem: `operations-review-${review.month}`, html: renderReport(content).html };
}
