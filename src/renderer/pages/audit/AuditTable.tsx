import type { AuditEntry } from '../../../shared/contract';
import { timeZoneLabel, type TimeZoneSetting } from '../../format/time';
import { AuditRow } from './AuditRow';

export function AuditTable({ entries, timeZone }: { entries: readonly AuditEntry[]; timeZone: TimeZoneSetting }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Time ({timeZoneLabel(timeZone)})</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Result</th>
            <th scope="col">Change</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <AuditRow key={entry.seq} entry={entry} timeZone={timeZone} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
