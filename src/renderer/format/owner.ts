import type { Alert } from '../../shared/contract';

/** "Anna, Seat 3": who owns an alert and at which seat they claimed it (the name alone when the seat is not known). */
export function ownerAndSeat(alert: Pick<Alert, 'owner' | 'ownerSeat'>): string | null {
  if (alert.owner === null) return null;
  return alert.ownerSeat === null ? alert.owner : `${alert.owner}, ${alert.ownerSeat}`;
}
