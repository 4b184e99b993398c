import type { Compared } from '../../../shared/contract';
import { trendArrow, trendIsGood, trendOf, type Better } from '../../../shared/domain/report-export';

const TREND_WORDS = { up: 'up from', down: 'down from', same: 'the same as', none: 'last month:' } as const;

/** A figure with its month-over-month arrow: green when the change is good news, red when bad. */
export function Trend({ figure, better, unit = '' }: { figure: Compared; better: Better; unit?: string }) {
  const trend = trendOf(figure);
  const good = trendIsGood(trend, better);
  const shown = (value: number | null) => (value === null ? '\u2013' : `${value}${unit}`);
  return (
    <span className="reports-trend" data-trend={trend} data-good={good === null ? undefined : String(good)}>
      <span className="reports-trend__value">{shown(figure.value)}</span>{' '}
      <span className="reports-trend__arrow" aria-hidden="true">
        {trendArrow(figure)}
      </span>{' '}
      <span className="reports-trend__previous">
        <span className="visually-hidden">{TREND_WORDS[trend]} </span>({shown(figure.previous)})
      </span>
    </span>
  );
}
