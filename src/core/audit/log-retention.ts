// The log file keeps its retention (30 days by default) without losing the audit chain anchors it
// carries: an anchor line past retention moves to the anchors file beside the log before it goes.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ANCHOR_FIELD, ANCHORS_FILE } from './anchors';

/** Anchor lines moved out of the log, oldest first; read before the log when anchors are compared. */
export const ANCHORS_FILE_NAME = ANCHORS_FILE;

export function anchorsFileFor(logFile: string): string {
  return join(dirname(logFile), ANCHORS_FILE_NAME);
}

/** When a log line was written (pino's ISO time), or null for a line that does not say: such a line is kept. */
function lineTime(line: string): number | null {
  try {
    const time = (JSON.parse(line) as { time?: unknown }).time;
    const at = typeof time === 'string' ? Date.parse(time) : typeof time === 'number' ? time : NaN;
    return Number.isFinite(at) ? at : null;
  } catch {
    return null;
  }
}

function readLines(logFile: string): string[] | null {
  try {
    return readFileSync(logFile, 'utf8').split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const isPast = (line: string, cutoff: number) => {
  const at = lineTime(line);
  return at !== null && at < cutoff;
};

/** The dry run: how many lines the next prune drops from the log. */
export function logLinesPast(logFile: string, cutoff: number): number {
  return (readLines(logFile) ?? []).filter((line) => line !== '' && isPast(line, cutoff)).length;
}

function writeDurably(path: string, text: string, flags: 'a' | 'w'): void {
  const fd = openSync(path, flags, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Drops the lines written before `cutoff`. Their anchor lines are first appended (fsynced) to the
 * anchors file; then the log is replaced by its kept lines in one rename (the logger reopens the
 * new file on its next line). Synchronous, so no line core logs meanwhile can fall between the read
 * and the rename. A crash before the rename leaves the log whole; the anchors appended twice compare as one.
 */
export function pruneLogFile(logFile: string, cutoff: number): number {
  const lines = readLines(logFile);
  if (lines === null) return 0;
  const marker = `"${ANCHOR_FIELD}"`;
  const dropped = lines.filter((line) => line !== '' && isPast(line, cutoff));
  if (dropped.length === 0) return 0;
  const anchors = dropped.filter((line) => line.includes(marker));
  if (anchors.length > 0) writeDurably(anchorsFileFor(logFile), `${anchors.join('\n')}\n`, 'a');
  const kept = lines.filter((line) => line !== '' && !isPast(line, cutoff));
  const temporary = `${logFile}.pruning`;
  writeDurably(temporary, kept.length > 0 ? `${kept.join('\n')}\n` : '', 'w');
  renameSync(temporary, logFile);
  return dropped.length;
}
