import type { IncidentDetail, IncidentReport, SopStep, StepRecord } from '../contract/incidents';
import { describeClock, slaClocks, type SlaClock } from './incident-sla';
import { checklist, type ChecklistItem } from './sop-checklist';

export interface ReportOptions {
  consoleName: string;
  formatTime: (ms: number) => string;
  now: number;
}

const MINUTE_MS = 60_000;
const NOT_WRITTEN = 'Not written yet.';
const NONE = '—';

// The report is built once as plain content, then written out as Markdown and as HTML, so the two
// never say different things.

interface TableRow {
  cells: readonly string[];
  /** dimmed: a step off the path; late: a step past its time limit. */
  tone: 'normal' | 'dimmed' | 'late';
}

interface FieldsBlock {
  kind: 'fields';
  rows: readonly (readonly [label: string, value: string])[];
}

type Block =
  | FieldsBlock
  | { kind: 'table'; columns: readonly string[]; rows: readonly TableRow[] }
  | { kind: 'text'; text: string }
  /** Says that something is missing ("Not written yet."), set apart from what people wrote. */
  | { kind: 'placeholder'; text: string };

interface Section {
  heading: string;
  blocks: readonly Block[];
}

/** A report's content, written once and rendered as Markdown and HTML (a shift handover's report is one too). */
export interface ReportContent {
  title: string;
  fields: FieldsBlock;
  sections: readonly Section[];
  footer: string;
}

/** "1 h 12 min", "2 d 3 h": the length of the incident, to the minute. */
function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(ms / MINUTE_MS);
  if (totalMinutes < 1) return 'under 1 min';
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts = [days > 0 ? `${days} d` : '', hours > 0 ? `${hours} h` : '', minutes > 0 ? `${minutes} min` : ''];
  return parts.filter((part) => part !== '').join(' ');
}

/** "Due 09:15, responded 09:05 — met with 10 min to spare", or "Due 09:15 — 3 min overdue" while it runs. */
function clockText(clock: SlaClock, stoppedWord: string, formatTime: (ms: number) => string): string {
  const stopped = clock.stoppedAt === null ? '' : `, ${stoppedWord} ${formatTime(clock.stoppedAt)}`;
  return `Due ${formatTime(clock.dueAt)}${stopped} — ${describeClock(clock)}`;
}

function summaryFields(detail: IncidentDetail, options: ReportOptions): FieldsBlock {
  const { incident } = detail;
  const { formatTime } = options;
  const clocks = slaClocks(incident, options.now);
  const rows: [string, string][] = [
    ['Priority', incident.priority],
    ['State', incident.state],
    ['SOP', incident.sop === null ? 'None' : `${incident.sop.name} (version ${incident.sop.version})`],
    ['Site', incident.siteName ?? 'None'],
    ['Owner', incident.owner ?? 'Nobody'],
    ['Started', formatTime(incident.startedAt)],
    ['Responded', incident.respondedAt === null ? 'Not yet' : formatTime(incident.respondedAt)],
    ['Resolved', incident.resolvedAt === null ? 'Not yet' : formatTime(incident.resolvedAt)],
    ['Duration', incident.resolvedAt === null ? 'ongoing' : formatDuration(incident.resolvedAt - incident.startedAt)],
    // An incident resolved without ever being claimed had its respond clock stopped by the resolution.
    ['Respond clock', clockText(clocks.respond, incident.respondedAt === null ? 'resolved' : 'responded', formatTime)],
    ['Resolve clock', clockText(clocks.resolve, 'resolved', formatTime)],
    ['Resolution', incident.resolution ?? 'Not resolved yet'],
  ];
  if (incident.resolveOverride !== null) rows.push(['Override reason', incident.resolveOverride]);
  return { kind: 'fields', rows };
}

function writtenText(text: string): Block {
  return text.trim() === '' ? { kind: 'placeholder', text: NOT_WRITTEN } : { kind: 'text', text: text.trim() };
}

function timelineBlock(detail: IncidentDetail, formatTime: (ms: number) => string): Block {
  if (detail.timeline.length === 0) return { kind: 'placeholder', text: 'No events.' };
  // Sorting is stable, so events written in the same millisecond keep the order they were written in.
  const events = [...detail.timeline].sort((a, b) => a.at - b.at);
  return {
    kind: 'table',
    columns: ['Time', 'Who', 'What'],
    rows: events.map((event) => ({
      cells: [formatTime(event.at), event.actor, event.detail === '' ? event.kind : event.detail],
      tone: 'normal',
    })),
  };
}

function stepStatus({ record, onPath, overdue }: ChecklistItem): string {
  if (!onPath) return 'not applicable';
  const late = overdue ? (record.status === 'open' ? ' (overdue)' : ' (late)') : '';
  if (record.status === 'skipped') return `skipped: ${record.skipReason ?? 'no reason given'}${late}`;
  return `${record.status}${late}`;
}

function stepOutcome(step: SopStep, record: StepRecord): string {
  if (record.answer !== null) return record.answer;
  if (record.value !== null) return step.input === null ? record.value : `${step.input.label}: ${record.value}`;
  return NONE;
}

function checklistBlocks(detail: IncidentDetail, formatTime: (ms: number) => string, now: number): Block[] {
  const { template, incident } = detail;
  if (template === null) return [{ kind: 'placeholder', text: 'This incident follows no SOP.' }];
  const items = checklist(template.steps, incident.steps, incident.startedAt, now);
  return [
    { kind: 'text', text: `${template.name}, version ${template.version}: ${items.length} step${items.length === 1 ? '' : 's'}.` },
    {
      kind: 'table',
      columns: ['#', 'Step', 'Status', 'Who', 'When', 'Note', 'Answer / value'],
      rows: items.map((item, index) => ({
        cells: [
          String(index + 1),
          item.step.required ? item.step.title : `${item.step.title} (optional)`,
          stepStatus(item),
          item.record.by ?? NONE,
          item.record.at === null ? NONE : formatTime(item.record.at),
          item.record.note === '' ? NONE : item.record.note,
          stepOutcome(item.step, item.record),
        ],
        tone: !item.onPath ? 'dimmed' : item.overdue ? 'late' : 'normal',
      })),
    },
  ];
}

function actionsBlock(detail: IncidentDetail, formatTime: (ms: number) => string): Block {
  const { actions } = detail.incident.review;
  if (actions.length === 0) return { kind: 'placeholder', text: NOT_WRITTEN };
  return {
    kind: 'table',
    columns: ['What', 'Owner', 'Due'],
    rows: actions.map((action) => ({
      cells: [action.what, action.owner, action.dueAt === null ? 'No due date' : formatTime(action.dueAt)],
      tone: 'normal',
    })),
  };
}

function reportContent(detail: IncidentDetail, options: ReportOptions): ReportContent {
  const { incident } = detail;
  const { review } = incident;
  return {
    title: `INC-${incident.number}: ${incident.title}`,
    fields: summaryFields(detail, options),
    sections: [
      { heading: 'Summary', blocks: [writtenText(review.summary)] },
      { heading: 'Impact', blocks: [writtenText(review.impact)] },
      { heading: 'Timeline', blocks: [timelineBlock(detail, options.formatTime)] },
      { heading: 'SOP checklist', blocks: checklistBlocks(detail, options.formatTime, options.now) },
      { heading: 'Root cause', blocks: [writtenText(review.rootCause)] },
      { heading: 'Actions', blocks: [actionsBlock(detail, options.formatTime)] },
      { heading: 'Lessons learned', blocks: [writtenText(review.lessons)] },
    ],
    footer: `Generated by ${options.consoleName} at ${options.formatTime(options.now)}`,
  };
}

// ---- Markdown ----

/**
 * Text people wrote keeps its Markdown (an operator may write a list), but never raw HTML: a
 * Markdown viewer would otherwise render a pasted <script> or <img onerror> as markup.
 */
function markdownText(text: string): string {
  return text.replace(/[\\<>]/g, (character) => `\\${character}`);
}

/** One table cell or the title: nothing in it may open markup, end the cell or break the row. */
function markdownInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (character) => `\\${character}`).replace(/\r?\n/g, '<br>');
}

function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(markdownInline).join(' | ')} |`;
  return [line(columns), `|${columns.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case 'fields':
      return markdownTable(['Field', 'Value'], block.rows);
    case 'table':
      return markdownTable(
        block.columns,
        block.rows.map((row) => row.cells),
      );
    case 'text':
      return markdownText(block.text);
    case 'placeholder':
      return `_${markdownInline(block.text)}_`;
  }
}

function renderMarkdown(content: ReportContent): string {
  const parts = [`# ${markdownInline(content.title)}`, markdownBlock(content.fields)];
  for (const section of content.sections) parts.push(`## ${section.heading}`, ...section.blocks.map(markdownBlock));
  parts.push('---', `_${markdownInline(content.footer)}_`);
  return `${parts.join('\n\n')}\n`;
}

// ---- HTML ----

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * The report's stylesheet, inline in its HTML so the file stands alone. A report printed from a
 * browser opens in a window under the console's CSP, which lets this one <style> in by its hash.
 */
export const REPORT_CSS = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 12mm 0; max-width: 182mm; color: #111; background: #fff;
  font: 10pt/1.45 "Segoe UI", system-ui, -apple-system, Roboto, Arial, sans-serif; }
h1 { font-size: 16pt; margin: 0 0 5mm; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #333; break-after: avoid; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.2mm solid #999; padding: 1.2mm 1.8mm; text-align: left; vertical-align: top; white-space: pre-wrap; overflow-wrap: anywhere; }
thead th { background: #e9e9e9; }
table.fields th { width: 34mm; background: #f3f3f3; }
tr.dimmed td { color: #888; }
tr.late td { background: #fdecea; }
p { margin: 0 0 2mm; }
p.text { white-space: pre-wrap; }
p.placeholder { color: #666; font-style: italic; }
footer { margin-top: 10mm; padding-top: 2mm; border-top: 0.2mm solid #999; color: #555; font-size: 8pt; }
@media print { body { padding: 0; max-width: none; } }
`;

/** SHA-256 of REPORT_CSS, base64, for the CSP's style-src (incident-report.test.ts checks it matches the CSS). */
export const REPORT_CSS_SHA256 = '22dDtD9kVHA6aK2R6NdH6FJYZmWKY3p0OwCZtlktNVo=';

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'fields':
      return `<table class="fields"><tbody>${block.rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</tbody></table>`;
    case 'table': {
      const head = `<thead><tr>${block.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr></thead>`;
      const body = block.rows
        .map(
          (row) =>
            `<tr${row.tone === 'normal' ? '' : ` class="${row.tone}"`}>${row.cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`,
        )
        .join('\n');
      return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
    }
    case 'text':
      return `<p class="text">${escapeHtml(block.text)}</p>`;
    case 'placeholder':
      return `<p class="placeholder">${escapeHtml(block.text)}</p>`;
  }
}

function renderHtml(content: ReportContent): string {
  const sections = content.sections.map((section) =>
    [`<h2>${escapeHtml(section.heading)}</h2>`, ...section.blocks.map(htmlBlock)].join('\n'),
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Belt and braces: even if a value slipped through unescaped, the page could run and load nothing.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(content.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(content.title)}</h1>`,
    htmlBlock(content.fields),
    ...sections,
    `<footer>${escapeHtml(content.footer)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** "camera-or-recorder-down": accents dropped, anything else but letters and digits a dash, kept short for file systems. */
function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
}

function fileStem(detail: IncidentDetail): string {
  const { number, title, startedAt } = detail.incident;
  // The start's calendar date in UTC: the same file name on every workstation, whatever its time zone.
  const date = new Date(startedAt).toISOString().slice(0, 10);
  const slug = slugify(title);
  return slug === '' ? `INC-${number}-${date}` : `INC-${number}-${slug}-${date}`;
}

/** Any report's Markdown and self-contained printable HTML, laid out like an incident report (the same CSS, so the same CSP hash). */
export function renderReport(content: ReportContent): { markdown: string; html: string } {
  return { markdown: renderMarkdown(content), html: renderHtml(content) };
}

/** The post-incident report: Markdown and a self-contained printable HTML page (inline CSS, A4, print-friendly, no scripts, every value HTML-escaped). */
export function incidentReport(detail: IncidentDetail, options: ReportOptions): IncidentReport {
  const content = reportContent(detail, options);
  return { fileStem: fileStem(detail), markdown: renderMarkdown(content), html: renderHtml(content) };
}
