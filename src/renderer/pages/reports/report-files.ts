import type { AvailabilityReport, OperationsReview } from '../../../shared/contract';
import { availabilityCsv, availabilityMarkdown, reviewCsv, reviewMarkdown } from '../../../shared/domain/report-export';
import { downloadText } from '../../components/file-transfer';

const CSV = 'text/csv;charset=utf-8';
const MARKDOWN = 'text/markdown;charset=utf-8';
/** "availability-2026-11-01-to-2026-11-30": a file name that sorts by period. */
const stem = (kind: string, label: string) => `${kind}-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export function downloadAvailability(report: AvailabilityReport, format: 'csv' | 'md', consoleName: string): void {
  if (format === 'csv') downloadText(availabilityCsv(report), `${stem('availability', report.label)}.csv`, CSV);
  else downloadText(availabilityMarkdown(report, consoleName), `${stem('availability', report.label)}.md`, MARKDOWN);
}

export function downloadReview(review: OperationsReview, format: 'csv' | 'md'): void {
  if (format === 'csv') downloadText(reviewCsv(review), `operations-review-${review.month}.csv`, CSV);
  else downloadText(reviewMarkdown(review), `operations-review-${review.month}.md`, MARKDOWN);
}
