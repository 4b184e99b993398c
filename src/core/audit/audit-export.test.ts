import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Actor } from '../service';
import { AuditExportCheck, type AuditExportFile, type AuditPage } from '../../shared/contract';
import { checkExport, ENTRY_COLUMNS, readExportEntries } from './export-format';

const tempDir = useTempDirs();

/** Console names a CSV writer gets wrong: commas, quotes, line breaks, an empty-looking value, and characters beyond ASCII. */
const AWKWARD_NAMES = ['Depot, North', 'The "night" desk', 'Line one\nline two', 'Ünïcødé 控制室 🚨', 'Tab\there\r\nand CRLF', '""'];

const SUPERVISOR: Actor = {
  id: 'sam',
  displayName: 'Sam Supervisor',
  role: 'supervisor',
  seat: 'Seat 2',
  sites: null,
  sessionId: null,
  authorizedBy: null,
  access: 'signed-in',
};

async function consoleWithHistory() {
  const started = startTestCore(tempDir());
  const { call, clock } = started;
  for (const consoleName of AWKWARD_NAMES) {
    clock.advance(60_000);
    expect(await call('settings.set', { consoleName })).toMatchObject({ ok: true });
  }
  const value = async <T>(method: string, input?: unknown, actor?: Actor): Promise<T> => {
    const result = await call(method, input, actor);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  return { ...started, value };
}

function runVerifier(text: string, name: string): { status: number | null; out: string } {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  const run = spawnSync('node_modules/.bin/tsx', ['scripts/audit-verify.ts', file], { encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/** The file's lines as written (a CSV entry may span several lines: it is edited where it starts). */
const linesOf = (text: string) => text.split(text.includes('\r\n') ? '\r\n' : '\n');

describe('the audit export and its standalone verifier', () => {
  it.each(['csv', 'jsonl'] as const)(
    'exports a period as %s that the verifier passes, and records the export in the log',
    async (format) => {
      const { core, clock, value } = await consoleWithHistory();
      const file = await value<AuditExportFile>('audit.export', { from: 0, to: clock.now(), format }, SUPERVISOR);
      expect(file).toMatchObject({ format, entries: AWKWARD_NAMES.length, firstSeq: 1, lastSeq: AWKWARD_NAMES.length });
      expect(file.fileName).toMatch(new RegExp(`^watchroom-audit-1970-01-01-to-2026-11-23\\.${format}$`));
      expect(checkExport(file.text)).toMatchObject({ ok: true, problemCount: 0, entries: AWKWARD_NAMES.length, format });
      const verifier = runVerifier(file.text, `export.${format}`);
      expect(verifier).toMatchObject({ status: 0 });
      expect(verifier.out).toContain(`OK:`);
      expect(verifier.out).toContain(`${AWKWARD_NAMES.length} ${format.toUpperCase()} entries, entries 1 to ${AWKWARD_NAMES.length}`);
      const page = await value<AuditPage>('audit.list', { limit: 1 });
      expect(page.entries[0]).toMatchObject({
        actor: 'sam',
        action: 'audit.export',
        after: { format, entries: AWKWARD_NAMES.length, firstSeq: 1, lastSeq: AWKWARD_NAMES.length },
      });
      core.close();
    },
  );

  it('round-trips commas, quotes, line breaks and unicode through CSV exactly as JSON Lines carries them', async () => {
    const { core, clock, value } = await consoleWithHistory();
    const csv = await value<AuditExportFile>('audit.export', { from: 0, to: clock.now(), format: 'csv' });
    const jsonl = await value<AuditExportFile>('audit.export', { from: 0, to: clock.now(), format: 'jsonl' });
    const fromCsv = readExportEntries(csv.text).map(({ entry }) => entry);
    const fromJsonl = readExportEntries(jsonl.text).map(({ entry }) => entry);
    // The second export also holds the first one's own entry.
    expect(fromCsv).toEqual(fromJsonl.slice(0, fromCsv.length));
    expect(fromCsv.map((entry) => (JSON.parse(entry.after as string) as { consoleName: string }).consoleName)).toEqual(AWKWARD_NAMES);
    // A missing value and an empty text stay apart: no seat (null) is not a seat named "".
    expect(fromCsv[0]).toMatchObject({ seat: 'this workstation', detail: null, issued_at: null });
    expect(Object.keys(fromCsv[0]!)).toEqual(['record', ...ENTRY_COLUMNS, 'digest']);
    core.close();
  });

  it('names the row edited in the file, in either format, and exits 1', async () => {
    const { core, clock, value } = await consoleWithHistory();
    for (const format of ['csv', 'jsonl'] as const) {
      const file = await value<AuditExportFile>('audit.export', { from: 0, to: clock.now(), format });
      // The first mention is entry 1's new name (entry 2 names it as its old one).
      const edited = file.text.replace('Depot, North', 'Depot, South');
      expect(edited).not.toBe(file.text);
      const check = checkExport(edited);
      expect(check).toMatchObject({ ok: false, problemCount: 1, problems: [{ seq: 1, kind: 'changed' }] });
      expect(check.problems[0]!.reason).toMatch(/^Entry 1 \(line \d+\) was changed/);
      const verifier = runVerifier(edited, `edited.${format}`);
      expect(verifier.status).toBe(1);
      expect(verifier.out).toContain('1 break; the first: Entry 1');
    }
    core.close();
  });

  it('names a deleted row as missing, and entries cut off the end', async () => {
    const { core, clock, value } = await consoleWithHistory();
    const file = await value<AuditExportFile>('audit.export', { from: 0, to: clock.now(), format: 'jsonl' });
    const lines = linesOf(file.text);
    const withoutEntry3 = lines.filter((line) => !line.includes('"seq":3,')).join('\n');
    expect(checkExport(withoutEntry3)).toMatchObject({
      ok: false,
      problemCount: 1,
      problems: [{ seq: 3, kind: 'missing', reason: expect.stringContaining('Entry 3 is missing') }],
    });
    const verifier = runVerifier(withoutEntry3, 'deleted.jsonl');
    expect(verifier.status).toBe(1);
    expect(verifier.out).toContain('Entry 3 is missing');
    // The last two entries and the end record gone: the file is cut off.
    const cut = lines.slice(0, lines.length - 4).join('\n');
    expect(checkExport(cut)).toMatchObject({ ok: false, problems: [{ seq: AWKWARD_NAMES.length - 1, kind: 'missing' }] });
    core.close();
  });

  // An attack test sent seq -1e308 and 1e308: "Entries -1e+308 to 1e+308 are missing", and a problem count of
  // Infinity that reached the console as null, outside the answer's own schema.
  it('reads an anchor or end record whose entry number is not a whole number from 0 as not an export, or as changed', async () => {
    const { core, clock, value } = await consoleWithHistory();
    const file = await value<AuditExportFile>('audit.export', { from: 0, to: clock.now(), format: 'jsonl' });
    const lines = linesOf(file.text);
    const withSeq = (at: number, seq: string) =>
      lines.map((line, i) => (i === at ? line.replace(/"seq":\d+/, `"seq":${seq}`) : line)).join('\n');
    const endAt = lines.findIndex((line) => line.includes('"record":"end"'));
    for (const seq of ['-1e308', '-1', '1.5', '1e308']) {
      const check = (text: string) => value<AuditExportCheck>('audit.checkExport', { fileName: 'a.jsonl', text }, SUPERVISOR);
      const badAnchor = await check(withSeq(0, seq));
      expect(badAnchor).toMatchObject({ ok: false, problems: [{ kind: 'unreadable' }] });
      expect(AuditExportCheck.safeParse(badAnchor).success).toBe(true);
      const badEnd = await check(withSeq(endAt, seq));
      expect(badEnd).toMatchObject({ ok: false, problemCount: 1, problems: [{ kind: 'changed' }] });
      expect(AuditExportCheck.safeParse(badEnd).success).toBe(true);
    }
    core.close();
  });

  it('exports only the period asked for, anchored to the entry before it', async () => {
    const { core, clock, value } = await consoleWithHistory();
    const start = clock.now();
    clock.advance(60_000);
    await value('settings.set', { consoleName: 'Later desk' });
    const file = await value<AuditExportFile>('audit.export', { from: start + 1, to: clock.now(), format: 'csv' });
    expect(file).toMatchObject({ entries: 1, firstSeq: AWKWARD_NAMES.length + 1 });
    const check = checkExport(file.text);
    expect(check).toMatchObject({ ok: true, firstSeq: AWKWARD_NAMES.length + 1 });
    // The anchor is the entry before the period: dropping the only entry is named.
    const csvLines = linesOf(file.text);
    expect(checkExport([csvLines[0], csvLines[1], csvLines[3], ''].join('\r\n'))).toMatchObject({
      ok: false,
      problems: [{ seq: AWKWARD_NAMES.length + 1, kind: 'missing' }],
    });
    core.close();
  });

  it("checks an uploaded file in the console too, where a recomputed digest does not hide an edit from the console's own entries", async () => {
    const { core, clock, value } = await consoleWithHistory();
    const file = await value<AuditExportFile>('audit.export', { from: 0, to: clock.now(), format: 'jsonl' });
    expect(await value<AuditExportCheck>('audit.checkExport', { fileName: 'a.jsonl', text: file.text }, SUPERVISOR)).toMatchObject({
      ok: true,
      comparedWithConsole: AWKWARD_NAMES.length,
    });
    // Someone who knows the format edits entry 4 and recomputes its digest: the standalone check cannot tell.
    const { entryDigest } = await import('./export-format');
    const forged = linesOf(file.text)
      .map((line) => {
        const record = line ? (JSON.parse(line) as Record<string, unknown>) : null;
        if (record?.seq !== 4 || record.record !== 'entry') return line;
        const entry = { ...record, actor_name: 'Somebody else' } as Record<string, string | number | null>;
        return JSON.stringify({ ...entry, digest: entryDigest(entry) });
      })
      .join('\n');
    expect(checkExport(forged).ok).toBe(true);
    const check = await value<AuditExportCheck>('audit.checkExport', { fileName: 'a.jsonl', text: forged }, SUPERVISOR);
    expect(check).toMatchObject({ ok: false, problemCount: 1, problems: [{ seq: 4, kind: 'changed' }] });
    expect(check.problems[0]!.reason).toContain("differs from this console's entry 4");
    core.close();
  });

  it('is refused to an operator (a supervisor exports), and an unreadable file is named as such', async () => {
    const { core, clock, call, value } = await consoleWithHistory();
    const operator: Actor = { ...SUPERVISOR, id: 'olly', displayName: 'Olly Operator', role: 'operator' };
    expect(await call('audit.export', { from: 0, to: clock.now(), format: 'csv' }, operator)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await value<AuditExportCheck>('audit.checkExport', { fileName: 'x.csv', text: 'hello,world\n' })).toMatchObject({
      ok: false,
      problems: [{ kind: 'unreadable', reason: 'Line 1 is not the header of a Watchroom audit export.' }],
    });
    core.close();
  });
});
