import { sql } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { settings } from '../schema';

export interface SettingsRepository {
  /** Every stored setting as parsed JSON, by key; validation is the caller's (the contract's). */
  readAll(): Record<string, unknown>;
  writeMany(values: Record<string, unknown>, at: number): void;
}

export function createSettingsRepository(db: WatchroomDb): SettingsRepository {
  return {
    readAll() {
      const rows = db.select().from(settings).all();
      return Object.fromEntries(rows.map((row) => [row.key, row.value]));
    },
    writeMany(values, at) {
      const rows = Object.entries(values).map(([key, value]) => ({ key, value, updatedAt: at }));
      if (rows.length === 0) return;
      db.insert(settings)
        .values(rows)
        .onConflictDoUpdate({
          target: settings.key,
          set: { value: sql`excluded.value_json`, updatedAt: sql`excluded.updated_at` },
        })
        .run();
    },
  };
}
