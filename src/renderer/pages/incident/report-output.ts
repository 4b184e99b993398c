import type { IncidentReport } from '../../../shared/contract';
import { downloadText } from '../../components/file-transfer';

export function downloadMarkdown(report: IncidentReport): void {
  downloadText(report.markdown, `${report.fileStem}.md`, 'text/markdown;charset=utf-8');
}
