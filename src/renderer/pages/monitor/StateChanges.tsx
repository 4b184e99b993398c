import type { MonitorDetail } from '../../../shared/contract';
import { StatusBadge } from '../../components/StatusBadge';
import { formatTimestamp, timeZoneLabel, type TimeZoneSetting } from '../../format/time';

export function StateChanges({ changes, timeZone }: { changes: MonitorDetail['recentChanges']; timeZone: TimeZoneSetting }) {
  return (
    <section className="panel" aria-labelledby="changes-title">
      <h3 id="changes-title" className="panel__title">
        Recent state changes
      </h3>
      {changes.length === 0 ? (
        <p className="empty" data-testid="monitor-changes">
          No changes recorded yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="monitor-changes">
            <thead>
              <tr>
                <th scope="col">When ({timeZoneLabel(timeZone)})</th>
                <th scope="col">Change</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr
                  key={`${change.at}-${change.from}-${change.to}`}
                  data-testid="monitor-change-row"
                  data-from={change.from}
                  data-to={change.to}
                >
                  <td className="nowrap">{formatTimestamp(change.at, timeZone)}</td>
                  <td className="nowrap">
                    <StatusBadge status={change.from} /> <span aria-label="to">→</span> <StatusBadge status={change.to} />
                  </td>
                  <td>{change.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
