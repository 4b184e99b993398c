export { SECURITY_EVENT_LABELS } from '../../format/security-events';

/** The periods the page offers, in words. */
export function periodLabel(hours: number): string {
  if (hours === 1) return 'Last hour';
  if (hours % 24 === 0) return hours === 24 ? 'Last 24 hours' : `Last ${hours / 24} days`;
  return `Last ${hours} hours`;
}
