const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "45 s", "12 min", "3 h 12 min", "2 d 4 h": as precise as an operator glancing at it needs. */
export function formatUptime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < MINUTE) return `${Math.floor(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

const MEGABYTE = 1024 * 1024;

/** Memory figures: always in MB, so numbers side by side compare at a glance. */
export function toMegabytes(bytes: number): number {
  return Math.round((bytes / MEGABYTE) * 10) / 10;
}

export function formatMegabytes(bytes: number): string {
  return `${toMegabytes(bytes).toFixed(1)} MB`;
}

/** File sizes: the unit that keeps the number short. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MEGABYTE) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * MEGABYTE) return `${(bytes / MEGABYTE).toFixed(1)} MB`;
  return `${(bytes / (1024 * MEGABYTE)).toFixed(2)} GB`;
}

/** "0.42 ms" under 10 ms (where the fraction matters), "37 ms" above. */
export function formatMilliseconds(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}
