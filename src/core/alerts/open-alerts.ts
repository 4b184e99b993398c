import type { AlertRow } from '../db';

export const fingerprintOf = (ruleId: string, subject: string) => `${ruleId}|${subject}`;
export const monitorSubject = (monitorId: string) => `monitor:${monitorId}`;
export const stormSubject = (ruleId: string) => `storm:${ruleId}`;

/**
 * Every open alert by fingerprint, and how many each rule has open (the storm cap reads it on every
 * fire, so it is counted here rather than by walking the alerts).
 */
export class OpenAlerts {
  private open = new Map<string, AlertRow>();
  private openCountByRule = new Map<string, number>();

  get(fingerprint: string): AlertRow | undefined {
    return this.open.get(fingerprint);
  }

  has(fingerprint: string): boolean {
    return this.open.has(fingerprint);
  }

  values(): IterableIterator<AlertRow> {
    return this.open.values();
  }

  byId(id: string): AlertRow | undefined {
    for (const row of this.open.values()) if (row.id === id) return row;
    return undefined;
  }

  countOf(ruleId: string): number {
    return this.openCountByRule.get(ruleId) ?? 0;
  }

  clear(): void {
    this.open.clear();
    this.openCountByRule.clear();
  }

  index(row: AlertRow): void {
    if (!this.open.has(row.fingerprint)) this.openCountByRule.set(row.ruleId, (this.openCountByRule.get(row.ruleId) ?? 0) + 1);
    this.open.set(row.fingerprint, row);
  }

  unindex(row: AlertRow): void {
    if (this.open.get(row.fingerprint)?.id !== row.id) return;
    this.open.delete(row.fingerprint);
    this.openCountByRule.set(row.ruleId, (this.openCountByRule.get(row.ruleId) ?? 1) - 1);
  }

  /** A changed version of an alert: replaces the open one if it is still that alert and still open. */
  replace(row: AlertRow, next: AlertRow): void {
    const current = this.open.get(row.fingerprint);
    if (current && current.id === row.id && next.state !== 'resolved') this.open.set(row.fingerprint, next);
  }
}
