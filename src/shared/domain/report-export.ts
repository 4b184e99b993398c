import type { AvailabilityReport, Compared, OperationsReview, ReviewRow } from '../contract';

/** Whether a rise is good news (verified backups) or bad news (alerts, missed targets); it colours the arrow, not its direction. */
export type Better = 'higher' | 'lower' | 'neither';

export type Trend = 'up' | 'down' | 'same' | 'none';

/** Month over month: up, down, the same, or none when either month has no figure. */
export function trendOf(figure: Compared): Trend {
  if (figure.value === null || figure.previous === null) return 'none';
  return figure.value > figure.previous ? 'up' : figure.value < figure.previous ? 'down' : 'same';
}

/** Whether a trend is good news for the kind of figure; null when it is neither. */
export function trendIsGood(trend: Trend, better: Better): boolean | null {
  if (better === 'neither' || trend === 'none' || trend === 'same') return null;
  return (trend === 'up') === (better === 'higher');
}

const ARROWS: Record<Trend, string> = { up: '\u2191', down: '\u2193', same: '\u2192', none: '' };

export function trendArrow(figure: Compared): string {
  return ARROWS[trendOf(figure)];
}

const figureText = (value: number | null, unit = '') => (value === null ? '\u2013' : `${value}${unit}`);

/** "12 ↑ (9)": this month, the arrow, and last month. */
export function comparedText(figure: Compared, unit = ''): string {
  const arrow = trendArrow(figure);
  return `${figureText(figure.value, unit)}${arrow ? ` ${arrow}` : ''} (${figureText(figure.previous, unit)})`;
}

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is neutralised for spreadsheets. */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A Markdown table cell: pipes and line breaks would break the table. */
const cell = (value: string | number | null) => (value === null ? '\u2013' : String(value).replaceAll('|', '\\|').replace(/\s+/g, ' '));

function table(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- |').join('')}`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

const percentText = (value: number | null) => (value === null ? null : `${value} %`);

export function availabilityCsv(report: AvailabilityReport): string {
  const header = [
    'level',
    'site',
    'monitor',
    'uptime_percent',
    'downtime_minutes',
    'outages',
    'longest_outage_minutes',
    'measured_minutes',
    'meets_target',
    'incidents',
    'mtta_minutes',
    'mttr_minutes',
  ];
  const sites = report.sites.map((s) => [
    'site',
    s.siteName,
    null,
    s.uptimePercent,
    s.downtimeMinutes,
    s.outages,
    s.longestOutageMinutes,
    null,
    s.uptimePercent === null ? null : s.belowTarget === 0,
    s.incidents,
    s.mttaMinutes,
    s.mttrMinutes,
  ]);
  const monitors = report.monitors.map((m) => [
    'monitor',
    m.siteName,
    m.name,
    m.uptimePercent,
    m.downtimeMinutes,
    m.outages,
    m.longestOutageMinutes,
    m.measuredMinutes,
    m.meetsTarget,
    null,
    null,
    null,
  ]);
  return csv([header, ...sites, ...monitors]);
}

export function availabilityMarkdown(report: AvailabilityReport, consoleName: string): string {
  const t = report.totals;
  return [
    `# Availability ${report.label} \u2014 ${consoleName}`,
    '',
    `Target ${report.targetPercent} % (at most ${report.allowedDowntimeMinutes} minutes down per monitor). ` +
      `${t.monitors} monitors, uptime ${percentText(t.uptimePercent) ?? '\u2013'}, ${t.outages} outages, ` +
      `${t.belowTarget} below target; ${t.incidents} incidents, MTTA ${figureText(t.mttaMinutes, ' min')}, MTTR ${figureText(t.mttrMinutes, ' min')}.`,
    '',
    '## Sites',
    '',
    table(
      ['Site', 'Monitors', 'Uptime', 'Downtime (min)', 'Outages', 'Longest (min)', 'Below target', 'Incidents', 'MTTA (min)', 'MTTR (min)'],
      report.sites.map((s) => [
        s.siteName,
        s.monitors,
        percentText(s.uptimePercent),
        s.downtimeMinutes,
        s.outages,
        s.longestOutageMinutes,
        s.belowTarget,
        s.incidents,
        s.mttaMinutes,
        s.mttrMinutes,
      ]),
    ),
    '',
    '## Monitors',
    '',
    table(
      ['Site', 'Monitor', 'Uptime', 'Downtime (min)', 'Outages', 'Longest (min)', 'Target'],
      report.monitors.map((m) => [
        m.siteName,
        m.name,
        percentText(m.uptimePercent),
        m.downtimeMinutes,
        m.outages,
        m.longestOutageMinutes,
        m.meetsTarget === null ? 'no data' : m.meetsTarget ? 'met' : 'missed',
      ]),
    ),
    '',
  ].join('\n');
}

/** Every figure of the review as one flat list: the CSV's rows and the Markdown's summary. */
function reviewFigures(review: OperationsReview): { section: string; item: string; figure: Compared }[] {
  const rows = (section: string, list: readonly ReviewRow[]) =>
    list.map((row) => ({
      section,
      item: row.detail ? `${row.label} (${row.detail})` : row.label,
      figure: { value: row.count, previous: row.previous },
    }));
  return [
    { section: 'Incidents', item: 'total', figure: review.incidents.total },
    ...rows('Incidents by priority', review.incidents.byPriority),
    { section: 'Respond target', item: 'met', figure: review.respond.met },
    { section: 'Respond target', item: 'missed', figure: review.respond.missed },
    { section: 'Resolve target', item: 'met', figure: review.resolve.met },
    { section: 'Resolve target', item: 'missed', figure: review.resolve.missed },
    { section: 'Alerts', item: 'total', figure: review.alerts.total },
    ...rows('Alerts by severity', review.alerts.bySeverity),
    ...rows('Alerts by rule', review.alerts.byRule),
    ...rows('Noisiest monitors', review.noisiestMonitors),
    { section: 'Acknowledgement', item: 'acknowledged', figure: review.acknowledgement.acknowledged },
    { section: 'Acknowledgement', item: 'median seconds', figure: review.acknowledgement.medianSeconds },
    { section: 'Acknowledgement', item: 'p90 seconds', figure: review.acknowledgement.p90Seconds },
    { section: 'Backups', item: 'run', figure: review.backups.run },
    { section: 'Backups', item: 'verified', figure: review.backups.verified },
    { section: 'Backups', item: 'verify failed', figure: review.backups.verifyFailed },
    { section: 'Backups', item: 'test-restored', figure: review.backups.testRestored },
    { section: 'Security events', item: 'total', figure: review.security.total },
    ...rows('Security events', review.security.byType),
  ];
}

export function reviewCsv(review: OperationsReview): string {
  return csv([
    ['section', 'item', review.month, review.previousMonth, 'trend'],
    ...reviewFigures(review).map(({ section, item, figure }) => [section, item, figure.value, figure.previous, trendOf(figure)]),
    ['Audit chain', review.auditChain.ok ? 'intact' : 'broken', review.auditChain.checked, null, null],
  ]);
}

function chainSentence(review: OperationsReview): string {
  const chain = review.auditChain;
  return chain.ok
    ? `Audit chain intact: ${chain.checked} entries verified.`
    : `Audit chain BROKEN: ${chain.problemCount} problems in ${chain.checked} entries. First: ${chain.firstProblem ?? 'unknown'}`;
}

export function reviewMarkdown(review: OperationsReview): string {
  const sections = Map.groupBy(reviewFigures(review), (figure) => figure.section);
  const lines = [
    `# Operations review ${review.label}`,
    '',
    `Each figure: this month, the arrow, and ${review.previousLabel} in brackets.`,
    '',
    chainSentence(review),
    '',
    `Incidents still within their targets: ${review.respond.open} to respond, ${review.resolve.open} to resolve.`,
  ];
  for (const [section, figures] of sections) {
    lines.push(
      '',
      `## ${section}`,
      '',
      table(
        ['', review.label],
        figures.map(({ item, figure }) => [item, comparedText(figure)]),
      ),
    );
  }
  lines.push('');
  return lines.join('\n');
}
