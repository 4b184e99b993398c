import type { AvailabilityReport, OperationsReview } from '../../../shared/contract';
import { reportFileStem } from '../../../shared/domain/report-documents';
import { availabilityCsv, availabilityMarkdown, reviewCsv, reviewMarkdown } from '../../../shared/domain/report-export';
import { downloadText } from '../../components/file-transfer';

const CSV = 'text/csv;charset=utf-8';
const MARKDOWN = 'text/markdown;charset=utf-8';

export function downloadAvailability(report: AvailabilityReport, format: 'csv' | 'md', consoleName: string): void {
  if (format === 'csv') downloadText(availabilityCsv(report), `${reportFileStem('availability', report.label)}.csv`, CSV);
  else downloadText(availabilityMarkdown(report, consoleName), `${reportFileStem('availability', report.label)}.md`, MARKDOWN);
}

export function downloadReview(review: OperationsReview, format: 'csv' | 'md'): void {
  if (format === 'csv') downloadText(reviewCsv(review), `operations-review-${review.month}.csv`, CSV);
  else downloadText(reviewMarkdown(review), `operations-review-${review.month}.md`, MARKDOWN);
}
