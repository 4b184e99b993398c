import type { AppHealth, HealthCheck, HealthLevel } from '../../../shared/contract';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';

const LEVEL_RANK: Record<HealthLevel, number> = { ok: 0, warning: 1, critical: 2 };
const LEVEL_WORD: Record<HealthLevel, string> = { ok: 'OK', warning: 'Warning', critical: 'Critical' };

function threshold(check: HealthCheck, value: number | null): string {
  if (value === null) return '—';
  const below = check.signal === 'disk';
  return `${below ? '<' : '>'} ${value} ${check.unit}`;
}

/** Per check: its worst level over the readings core kept (the last hour), and the last reading it was not ok. */
function pastOf(samples: readonly AppHealth[], key: string): { worst: HealthLevel; lastTroubleAt: number | null } {
  let worst: HealthLevel = 'ok';
  let lastTroubleAt: number | null = null;
  for (const sample of samples) {
    const found = sample.checks.find((check) => check.key === key);
    if (!found || found.level === 'ok') continue;
    if (LEVEL_RANK[found.level] > LEVEL_RANK[worst]) worst = found.level;
    lastTroubleAt = sample.at;
  }
  return { worst, lastTroubleAt };
}

/**
 * The thresholded checks core judges every minute (the ones that raise alerts), with what the last
 * hour looked like: a night shift sees that the disk was short at 03:10 even if it is fine now.
 */
export function HealthChecks({ samples, timeZone }: { samples: readonly AppHealth[]; timeZone: TimeZoneSetting }) {
  const checks = samples.at(-1)?.checks ?? [];
  if (checks.length === 0) return <p className="muted">The thresholded checks are judged once a minute; the first is not in yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Health checks" data-testid="health-checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Now</th>
            <th scope="col">Warning</th>
            <th scope="col">Critical</th>
            <th scope="col">State</th>
            <th scope="col">Last hour</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => {
            const past = pastOf(samples, check.key);
            return (
              <tr key={check.key} data-testid={`health-check-${check.key}`} data-level={check.level}>
                <th scope="row">{check.label}</th>
                <td>
                  {check.value} {check.unit}
                </td>
                <td>{threshold(check, check.warning)}</td>
                <td>{threshold(check, check.critical)}</td>
                <td>{LEVEL_WORD[check.level]}</td>
                <td>
                  {past.lastTroubleAt === null
                    ? 'OK throughout'
                    : `${LEVEL_WORD[past.worst]}, last at ${formatTimestamp(past.lastTroubleAt, timeZone)}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
