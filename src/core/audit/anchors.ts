// Anchors: the chain's head (seq, hash) written where the database's rows are not, so that
// dropping the newest entries, or all of them, shows: into the log at start and every hour, and
// into every backup's authenticated manifest.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import type { Logger } from '../logging';

/** What the chain had reached at a moment. seq 0 with the genesis hash is the empty chain. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainAnchor extends ChainHead {
  /** When the head was recorded (core's clock). */
  at: number;
  source: 'log' | 'backup';
  /** The log file, or the backup file, that holds it. */
  where: string;
}

export interface AnchorSet {
  anchors: ChainAnchor[];
  /**
   * When core last started on a database that legitimately went back (a restored backup, or a
   * damaged one set aside): anchors from before then are not compared.
   */
  resetAt: number | null;
  /** Anchors that could not be read, in words. */
  notes: string[];
}

export const NO_ANCHORS: AnchorSet = { anchors: [], resetAt: null, notes: [] };

export const ANCHOR_INTERVAL_MS = 60 * 60 * 1000;

/** The field of a log line that carries an anchor; verification looks for it. */
export const ANCHOR_FIELD = 'auditAnchor';
/** Anchor lines moved out of the log by its retention (core/audit/log-retention), beside the log. */
export const ANCHORS_FILE = 'watchroom-anchors.log';

const LoggedAnchor = z.object({
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.number().int(),
  reset: z.boolean().optional(),
  mac: z.string().optional(),
});

/**
 * An anchor line's own HMAC under the chain key. A reset retires older anchors, so only a reset
 * line this console wrote counts; a plain anchor needs none (forging one can only raise an alarm).
 */
function anchorMac(chainKey: Buffer, anchor: { seq: number; hash: string; at: number; reset?: boolean | undefined }): string {
  return createHmac('sha256', chainKey)
    .update(`watchroom audit anchor v1|${anchor.seq}|${anchor.hash}|${anchor.at}|${anchor.reset ? 'reset' : ''}`)
    .digest('hex');
}

function macMatches(chainKey: Buffer, anchor: z.infer<typeof LoggedAnchor>): boolean {
  const expected = Buffer.from(anchorMac(chainKey, anchor), 'hex');
  const given = Buffer.from(anchor.mac ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Logs the head now, every hour after, and once more when core stops cleanly (what was appended
 * since the last hour is then anchored too). `reset` marks a start on a database that went back
 * on purpose (restored, or set aside), so that older anchors are not held against it.
 */
export function startAnchoring(options: {
  head: () => ChainHead;
  chainKey: Buffer;
  logger: Logger;
  clock: Clock;
  timers: Timers;
  reset: boolean;
}): { stop(): void } {
  const { logger, clock, timers } = options;
  // An anchor is worth a line even when the log is set to warnings only.
  const level = logger.isLevelEnabled('info') ? 'info' : 'warn';
  let timer: TimerHandle | null = null;
  const write = (reset: boolean) => {
    const anchor = { ...options.head(), at: clock.now(), ...(reset ? { reset: true } : {}) };
    logger[level]({ [ANCHOR_FIELD]: { ...anchor, mac: anchorMac(options.chainKey, anchor) } }, 'audit chain head');
  };
  const schedule = () => {
    timer = timers.after(ANCHOR_INTERVAL_MS, () => {
      write(false);
      schedule();
    });
  };
  write(options.reset);
  schedule();
  return {
    stop() {
      timer?.cancel();
      write(false);
    },
  };
}

/**
 * Every anchor in the log since its last reset, read as a stream (the log grows for years): first
 * the anchors moved out of the log when its old lines were pruned, then the log's own. A missing
 * file is no error: there is simply nothing to compare with.
 */
export async function readLogAnchors(logFile: string, chainKey: Buffer): Promise<AnchorSet> {
  const anchors: ChainAnchor[] = [];
  const forgedResets: number[] = [];
  let resetAt: number | null = null;
  const marker = `"${ANCHOR_FIELD}"`;
  const unreadable: string[] = [];
  for (const file of [join(dirname(logFile), ANCHORS_FILE), logFile]) {
    try {
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line.includes(marker)) continue;
        const anchor = parseLoggedAnchor(line);
        if (!anchor) continue;
        if (anchor.reset && macMatches(chainKey, anchor)) {
          anchors.length = 0;
          resetAt = anchor.at;
        } else if (anchor.reset) {
          forgedResets.push(anchor.at);
        }
        anchors.push({ seq: anchor.seq, hash: anchor.hash, at: anchor.at, source: 'log', where: file });
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      unreadable.push(`The log ${file} could not be read to the end (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  if (unreadable.length > 0) return { anchors, resetAt, notes: unreadable };
  const notes = forgedResets.map(
    (at) =>
      `The log says core started on a restored database at ${new Date(at).toISOString()}, but that line was not written with this console's key: it was ignored, and older anchors are still compared.`,
  );
  return { anchors, resetAt, notes };
}

function parseLoggedAnchor(line: string): z.infer<typeof LoggedAnchor> | null {
  try {
    const parsed = LoggedAnchor.safeParse((JSON.parse(line) as Record<string, unknown>)[ANCHOR_FIELD]);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Both sets together; a reset in the log also retires older anchors of the backups. */
export function mergeAnchorSets(...sets: AnchorSet[]): AnchorSet {
  const resets = sets.map((set) => set.resetAt).filter((at) => at !== null);
  const resetAt = resets.length > 0 ? Math.max(...resets) : null;
  return {
    anchors: sets.flatMap((set) => set.anchors).filter((anchor) => resetAt === null || anchor.at >= resetAt),
    resetAt,
    notes: sets.flatMap((set) => set.notes),
  };
}
