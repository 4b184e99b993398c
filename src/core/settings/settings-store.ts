import { DEFAULT_SETTINGS, Settings, type SettingsPatch } from '../../shared/contract';
import type { Repositories } from '../db';

export interface SettingsStore {
  get(): Settings;
  /** Applies a validated patch; returns the settings before and after. */
  apply(patch: SettingsPatch, at: number): { before: Settings; after: Settings };
}

/**
 * Stored values are checked one by one against the contract: a value a newer or older version
 * wrote that no longer validates falls back to its default instead of breaking every read.
 */
export function createSettingsStore(repos: Repositories): SettingsStore {
  const shape = Settings.shape;
  function get(): Settings {
    const stored = repos.settings.readAll();
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(shape) as (keyof Settings)[]) {
      const parsed = shape[key].safeParse(stored[key]);
      if (parsed.success) merged[key] = parsed.data;
    }
    return Settings.parse(merged);
  }
  return {
    get,
    apply(patch, at) {
      const before = get();
      repos.settings.writeMany(patch, at);
      return { before, after: { ...before, ...patch } };
    },
  };
}
