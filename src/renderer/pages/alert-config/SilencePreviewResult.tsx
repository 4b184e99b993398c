import type { MethodOutput } from '../../../shared/contract';
import { formatMinute, type TimeZoneSetting } from '../../format/time';
import { SeverityBadge } from '../../components/SeverityBadge';

/** A preview as shown: what core said, when it was asked, and whether a Save is waiting on it. */
export interface ShownPreview {
  result: MethodOutput<'silences.preview'>;
  askedAt: number;
  /** Asked by Save because the silence matches alerts: the next Save goes ahead. */
  beforeSave: boolean;
}

function describeNextActive(nextActiveAt: number | null, askedAt: number, timeZone: TimeZoneSetting): string {
  if (nextActiveAt === null) return 'It would never be active: its schedule does not come round again.';
  if (nextActiveAt <= askedAt) return 'It would be active at once.';
  return `It would next be active from ${formatMinute(nextActiveAt, timeZone)}.`;
}

function alertCount(count: number): string {
  return count === 1 ? '1 current alert' : `${count} current alerts`;
}

/** Which current alerts a silence would match, and when it would start, before it is saved. */
export function SilencePreviewResult({ preview, timeZone }: { preview: ShownPreview; timeZone: TimeZoneSetting }) {
  const { matches, nextActiveAt } = preview.result;
  return (
    <div
      className={`silence-preview${preview.beforeSave ? ' silence-preview--confirm' : ''}`}
      role="status"
      data-testid="silence-preview-result"
    >
      <p>{describeNextActive(nextActiveAt, preview.askedAt, timeZone)}</p>
      {matches.length === 0 ? (
        <p className="muted">It matches no current alert.</p>
      ) : (
        <>
          <p>
            <strong>
              {preview.beforeSave
                ? `Saving will silence ${alertCount(matches.length)}. Check them, then save again.`
                : `It matches ${alertCount(matches.length)}:`}
            </strong>
          </p>
          <div className="table-wrap">
            <table className="table alert-config-table">
              <thead>
                <tr>
                  <th scope="col">Alert</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Site</th>
                  <th scope="col">Severity</th>
                </tr>
              </thead>
              <tbody>
                {matches.map((match) => (
                  <tr key={match.id} data-testid="silence-preview-match" data-alert-id={match.id}>
                    <td>{match.summary}</td>
                    <td>{match.subjectName}</td>
                    <td>{match.siteName ?? <span className="muted">—</span>}</td>
                    <td>
                      <SeverityBadge severity={match.severity} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
