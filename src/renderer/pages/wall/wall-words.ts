/**
 * What the wall's cells and header say, in one plain module (no React): the wall page and its early
 * paint (app/first-paint-wall.ts) both use it, so the painted wall and React's first commit say the
 * same words with the same classes.
 */
import type { MonitorStatus } from '../../../shared/contract';
import { STATUS_SEVERITY, type StatusCounts } from '../../../shared/domain/monitor-status';
import type { SiteSummary } from '../../api/monitor-store';
import { STATUS_PRESENTATION } from '../../format/monitor-status';
import type { WallDetail } from './wall-layout';

export const WALL_PROBLEMS: readonly MonitorStatus[] = ['down', 'degraded', 'unknown'];

export interface WallCellWords {
  className: string;
  worst: MonitorStatus | 'none';
  label: string;
  symbol: string;
  /** The status word (and the worst count in a compact cell); null in a minimal cell. */
  line: string | null;
  /** Every count, in a full cell only. */
  counts: string | null;
}

export function wallCellWords(site: SiteSummary, detail: WallDetail): WallCellWords {
  const worst = site.worst;
  const presentation = worst === null ? { label: 'No monitors', symbol: '—' } : STATUS_PRESENTATION[worst];
  const present = STATUS_SEVERITY.filter((status) => site.counts[status] > 0);
  const problems = present.filter((status) => WALL_PROBLEMS.includes(status));
  const described = present.map((status) => `${site.counts[status]} ${STATUS_PRESENTATION[status].label.toLowerCase()}`);
  const statusWord = site.maintenance ? 'Maintenance' : presentation.label;
  return {
    className: `wall-site wall-site--${worst ?? 'none'}${problems.length > 0 ? ' wall-site--problem' : ''}`,
    worst: worst ?? 'none',
    label: `${site.name}: ${presentation.label}${described.length === 0 ? '' : `, ${described.join(', ')}`}${site.maintenance ? ', in maintenance' : ''}`,
    symbol: site.maintenance ? STATUS_PRESENTATION.maintenance.symbol : presentation.symbol,
    line:
      detail === 'minimal'
        ? null
        : `${statusWord}${detail === 'compact' && problems[0] !== undefined && worst !== null ? ` · ${site.counts[worst]}` : ''}`,
    counts: detail === 'full' ? described.join(' · ') || 'No monitors' : null,
  };
}

/** The header's problem counts (only those present), then how many sites and monitors there are. */
export function wallCountWords(
  counts: StatusCounts,
  sites: number,
): { problems: { status: MonitorStatus; text: string }[]; total: string } {
  return {
    problems: WALL_PROBLEMS.filter((problem) => counts[problem] > 0).map((problem) => ({
      status: problem,
      text: `${counts[problem]} ${STATUS_PRESENTATION[problem].label.toLowerCase()}`,
    })),
    total: `${sites} sites · ${STATUS_SEVERITY.reduce((sum, status) => sum + counts[status], 0)} monitors`,
  };
}

/** What the data-age line says before the wall's socket has ever connected, while it shows what the page was first answered. */
export const WALL_FIRST_CONNECTING = 'connecting…';

/** The alert panel before the alert queue has been read. */
export const WALL_READING_ALERTS = 'Reading the alerts…';

/** The incident panel before the incidents have been read. */
export const WALL_READING_INCIDENTS = 'Loading the incidents…';
