import { ConfigDocument, EncryptedConfigDocument, WatchroomError, fieldsFromZodError, type FieldProblem } from '../../shared/contract';
import { findJsonSyntaxError, jsonLinesByPath, lineOf } from '../../shared/domain/json-positions';
import { maskedValuesIn } from './config-secrets';

/** What the console already holds that a config file may refer to, or must not repeat. */
export interface ConsoleIds {
  sites: ReadonlySet<string>;
  /** Every monitor's id and its parent's id. */
  monitors: ReadonlyMap<string, string | null>;
  /** Retired monitors keep their id (and history) until purged: a file cannot take it, nor depend on one. */
  retiredMonitors?: ReadonlySet<string>;
}

type JsonObject = Record<string, unknown>;

/**
 * Parses and checks a config file against the schema and against the console: every problem of the
 * file at once (unknown keys, bad values, unknown sites and parents, parent loops, ids used twice or
 * already taken), each with its field and line, so one pass over the file fixes it. Nothing is
 * imported while there is one.
 */
export function checkConfigImport(text: string, existing: ConsoleIds): ConfigDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const syntax = findJsonSyntaxError(text);
    const why = syntax?.message ?? (error instanceof Error ? error.message : String(error));
    throw importRefused([{ path: '', message: `This is not valid JSON: ${why}`, ...lineField(syntax?.line ?? null) }]);
  }
  const lines = jsonLinesByPath(text);
  const located = ({ path, message }: { path: string; message: string }): FieldProblem => ({
    path,
    message,
    ...lineField(lineOf(lines, path)),
  });
  const parsed = ConfigDocument.safeParse(json);
  // A file exported without secrets holds masks where they were: never import a mask as a password.
  const valueProblems = parsed.success
    ? maskedValuesIn(parsed.data)
    : fieldsFromZodError(parsed.error, { schema: ConfigDocument, input: json });
  const problems = [...valueProblems, ...referenceProblems(json, existing)].map(located);
  if (problems.length > 0 || !parsed.success) throw importRefused(problems);
  return parsed.data;
}

/** The encrypted envelope when the text is one (checked in full); null for anything else, which is read as a plain file. */
export function encryptedConfigIn(text: string): EncryptedConfigDocument | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || (json as { format?: unknown }).format !== 'watchroom-config-encrypted') return null;
  const parsed = EncryptedConfigDocument.safeParse(json);
  if (!parsed.success)
    throw importRefused(
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: `This encrypted file is damaged: ${issue.message}`,
      })),
    );
  return parsed.data;
}

/**
 * Ids and references, read from the raw document so they are checked even where the schema
 * refused something else in the same entry.
 */
function referenceProblems(json: unknown, existing: ConsoleIds): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const document = asRecord(json);
  const sites = entries(document.sites);
  const monitors = entries(document.monitors);

  const siteAt = new Map<string, number>();
  sites.forEach((site, i) => {
    const id = asString(site.id);
    if (id === null) return;
    if (existing.sites.has(id)) problem(`sites.${i}.id`, `A site with id ${quote(id)} is already in the console`);
    const first = siteAt.get(id);
    if (first !== undefined) problem(`sites.${i}.id`, `The id ${quote(id)} is used twice in this file (also sites.${first})`);
    else siteAt.set(id, i);
  });

  const monitorAt = new Map<string, number>();
  const parents = new Map(existing.monitors);
  monitors.forEach((monitor, i) => {
    const id = asString(monitor.id);
    const siteId = asString(monitor.siteId);
    if (siteId !== null && !siteAt.has(siteId) && !existing.sites.has(siteId)) {
      problem(`monitors.${i}.siteId`, `No site ${quote(siteId)} in this file or in the console`);
    }
    if (id === null) return;
    if (existing.monitors.has(id)) problem(`monitors.${i}.id`, `A monitor with id ${quote(id)} is already in the console`);
    if (existing.retiredMonitors?.has(id)) {
      problem(`monitors.${i}.id`, `A retired monitor has the id ${quote(id)}: restore it, or purge it before importing this one`);
    }
    const first = monitorAt.get(id);
    if (first !== undefined) {
      problem(`monitors.${i}.id`, `The id ${quote(id)} is used twice in this file (also monitors.${first})`);
      return;
    }
    monitorAt.set(id, i);
    parents.set(id, asString(monitor.parentId));
  });

  const loops = parentLoops(parents);
  monitors.forEach((monitor, i) => {
    const id = asString(monitor.id);
    const parentId = asString(monitor.parentId);
    if (parentId === null) return;
    if (!parents.has(parentId)) {
      problem(`monitors.${i}.parentId`, `No monitor ${quote(parentId)} in this file or in the console`);
      return;
    }
    const loop = id === null || monitorAt.get(id) !== i ? undefined : loops.get(id);
    if (loop) problem(`monitors.${i}.parentId`, `The parents make a loop: ${loop.map(quote).join(' -> ')}`);
  });
  return problems;
}

/**
 * Every monitor that sits on a parent loop, with the loop read from it (`a -> b -> a`). Each
 * monitor is walked once, so a long chain of parents costs no more than its length.
 */
function parentLoops(parents: ReadonlyMap<string, string | null>): Map<string, string[]> {
  const loops = new Map<string, string[]>();
  const walked = new Set<string>();
  for (const start of parents.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current: string | null = start;
    while (current !== null && parents.has(current) && !walked.has(current) && !onPath.has(current)) {
      path.push(current);
      onPath.add(current);
      current = parents.get(current) ?? null;
    }
    if (current !== null && onPath.has(current)) {
      const cycle = path.slice(path.indexOf(current));
      cycle.forEach((member, k) => loops.set(member, [...cycle.slice(k), ...cycle.slice(0, k), member]));
    }
    for (const id of path) walked.add(id);
  }
  return loops;
}

function importRefused(problems: FieldProblem[]): WatchroomError {
  const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const summary = sorted
    .slice(0, 5)
    .map((p) => `${p.line !== undefined ? `line ${p.line}: ` : ''}${p.path}: ${p.message}`)
    .join('; ');
  const more = sorted.length > 5 ? ` (and ${sorted.length - 5} more)` : '';
  return new WatchroomError(
    'invalid_input',
    `Nothing was imported. ${sorted.length} problem${sorted.length === 1 ? '' : 's'}: ${summary}${more}`,
    sorted,
  );
}

function lineField(line: number | null): { line?: number } {
  return line === null ? {} : { line };
}

function asRecord(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

function entries(list: unknown): JsonObject[] {
  return Array.isArray(list) ? list.map(asRecord) : [];
}

function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** JSON quoting: an id spelled with a lone surrogate (\ud800) is named as written, and the message stays well-formed. */
function quote(id: string): string {
  return JSON.stringify(id);
}
