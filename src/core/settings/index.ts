/** Console settings, persisted in the encrypted store. */
export { createSettingsStore, type SettingsStore } from './settings-store';
