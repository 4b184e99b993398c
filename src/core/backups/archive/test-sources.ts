// Sources for the archive's tests and its crash child: a real encrypted console database with
// probe results, and folders of files. Not used by the product.
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from '../../db';

/** Creates a console database (real schema, migrations applied) holding `rows` probe results. */
export function makeConsoleDatabase(path: string, key: Buffer, rows: number): void {
  const store = openDatabase(path, key);
  try {
    addProbeResults(store.sqlite, rows, 0);
  } finally {
    store.close();
  }
}

export function addProbeResults(sqlite: Database.Database, rows: number, from: number): void {
  const insert = sqlite.prepare('INSERT INTO probe_results (monitor_id, at, ok, latency_ms, error) VALUES (?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    for (let i = from; i < from + rows; i += 1) {
      const failed = i % 11 === 0;
      insert.run(
        `monitor-${i % 40}`,
        1_700_000_000_000 + i * 1000,
        failed ? 0 : 1,
        failed ? null : 20 + (i % 300),
        failed ? 'connect ECONNREFUSED 10.0.0.9:554' : null,
      );
    }
  })();
}

/** Writes files under `folder`: each key is a relative path, each value the content. */
export function writeFiles(folder: string, files: Record<string, string | Buffer>): void {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(folder, ...relative.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** Log-like text: compresses well, as real logs do. */
export function logText(bytes: number, seed = 0): string {
  const lines: string[] = [];
  let length = 0;
  for (let i = seed; length < bytes; i += 1) {
    const line = `2025-03-0${1 + (i % 9)}T0${i % 10}:${String(i % 60).padStart(2, '0')}:00Z camera-${i % 32} probe ${i % 7 === 0 ? 'timeout after 5000 ms' : `ok ${10 + (i % 90)} ms`}\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('').slice(0, bytes);
}

export function randomContent(bytes: number): Buffer {
  return randomBytes(bytes);
}
