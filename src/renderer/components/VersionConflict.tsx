import type { VersionConflict as Versions } from '../../shared/contract';
import './version-conflict.css';

interface VersionConflictProps {
  /** What the hub refused: the edit (based on an older version) and what is stored now. */
  versions: Versions;
  /** The hub's sentence: what changed, when. */
  message: string;
  /** Applies the same edit again, now based on the current version. */
  onKeepMine(): void;
  /** Drops the edit and goes on from the current version. */
  onTakeTheirs(): void;
  pending?: boolean;
}

/**
 * A configuration edit the hub refused because someone changed the same thing first (at another
 * seat, or while this one was offline): both versions side by side, the fields that differ
 * marked, and the two ways on. The edit dialogs and the outbox's refused list show it.
 */
export function VersionConflict({ versions, message, onKeepMine, onTakeTheirs, pending = false }: VersionConflictProps) {
  const { basedOn, current } = versions;
  const labels = [...new Set([...Object.keys(basedOn.fields), ...Object.keys(current.fields)])];
  const differs = (label: string) => basedOn.fields[label] !== current.fields[label];
  const differing = labels.filter(differs).length;
  return (
    <section className="version-conflict" role="alert" aria-labelledby="version-conflict-title" data-testid="version-conflict">
      <strong id="version-conflict-title" className="version-conflict__title">
        <span aria-hidden="true">⚠ </span>Not saved: someone else changed this first
      </strong>
      <p className="version-conflict__message">{message}</p>
      <div className="table-wrap">
        <table className="table version-conflict__table">
          <caption className="version-conflict__caption">{differing === 1 ? '1 field differs' : `${differing} fields differ`}</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Yours (from version {basedOn.version})</th>
              <th scope="col">Now (version {current.version})</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((label) => (
              <tr
                key={label}
                className={differs(label) ? 'version-conflict__row--differs' : undefined}
                data-testid="version-conflict-row"
                data-differs={differs(label) ? 'true' : undefined}
              >
                <th scope="row">
                  {label}
                  {differs(label) ? <span className="visually-hidden"> (differs)</span> : null}
                </th>
                <td>{basedOn.fields[label] ?? '—'}</td>
                <td>{current.fields[label] ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="version-conflict__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={pending}
          onClick={onKeepMine}
          data-testid="version-conflict-keep-mine"
        >
          Keep mine
        </button>
        <button type="button" className="button" disabled={pending} onClick={onTakeTheirs} data-testid="version-conflict-take-theirs">
          Take theirs
        </button>
      </div>
    </section>
  );
}
