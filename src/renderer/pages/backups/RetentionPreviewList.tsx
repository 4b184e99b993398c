import type { RetentionPreview } from '../../../shared/contract';
import { useEffectiveSettings } from '../../api/queries';
import { formatTimestamp } from '../../format/time';
import { describeKeepReasons } from './backup-format';

function backupCount(count: number): string {
  return count === 1 ? '1 backup' : `${count} backups`;
}

/** A retention dry run: what would be deleted and why, then what is kept and for which rule. */
export function RetentionPreviewList({ preview }: { preview: RetentionPreview }) {
  const { timeZone } = useEffectiveSettings();
  return (
    <div className="retention-preview" data-testid="retention-preview">
      <h4 className="retention-preview__title">
        {preview.remove.length === 0 ? 'Nothing would be deleted' : `Would delete ${backupCount(preview.remove.length)}`}
      </h4>
      {preview.remove.length > 0 ? (
        <ul className="retention-preview__list">
          {preview.remove.map((backup) => (
            <li key={backup.backupId} className="retention-preview__remove" data-testid="retention-remove" data-backup-id={backup.backupId}>
              <span aria-hidden="true">✗ </span>
              <span className="nowrap">{formatTimestamp(backup.createdAt, timeZone)}</span> <span className="mono">{backup.fileName}</span>{' '}
              <span className="muted">— {backup.why}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <h4 className="retention-preview__title">Keeps {backupCount(preview.keep.length)}</h4>
      {preview.keep.length > 0 ? (
        <ul className="retention-preview__list">
          {preview.keep.map((backup) => (
            <li key={backup.backupId} data-testid="retention-keep" data-backup-id={backup.backupId}>
              <span aria-hidden="true">✓ </span>
              <span className="nowrap">{formatTimestamp(backup.createdAt, timeZone)}</span> <span className="mono">{backup.fileName}</span>{' '}
              <span className="muted">— {describeKeepReasons(backup.reasons)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
