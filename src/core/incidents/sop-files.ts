import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Pair, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { closestKey, knownKeysAt, SopTemplateInput, type SopTemplateSpec } from '../../shared/contract';

export interface SopFileError {
  file: string;
  line: number | null;
  field: string | null;
  message: string;
}

export type SopParse = { ok: true; template: SopTemplateSpec; contentHash: string } | { ok: false; errors: SopFileError[] };

const SOP_FILE_NAME = /\.ya?ml$/i;

/**
 * A template has at most 100 steps of a dozen fields and a detail of a few dozen lines each, far
 * below this. Parsing costs about 10 µs a line (a 200 KB file of 25,000 one-key lines took 0.3 s of
 * core's event loop), so a longer file is refused before it is parsed.
 */
export const MAX_SOP_LINES = 5_000;
/** Unknown fields named one by one in a map; past this, one more error says how many were left unnamed. */
export const UNKNOWN_FIELDS_NAMED = 20;

/** Parses and validates one YAML template; `file` is the name used in messages (e.g. "camera-down.yaml"). */
export function parseSopYaml(file: string, text: string): SopParse {
  const fail = (errors: SopFileError[]): SopParse => ({ ok: false, errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) });
  const lines = lineCount(text);
  if (lines > MAX_SOP_LINES) {
    const message = `A template file has at most ${MAX_SOP_LINES.toLocaleString('en-US')} lines; this one has ${lines.toLocaleString('en-US')}`;
    return fail([{ file, line: MAX_SOP_LINES + 1, field: null, message }]);
  }
  const lineCounter = new LineCounter();
  // prettyErrors stays off: its messages carry a multi-line excerpt, and the line comes from the LineCounter anyway.
  // uniqueKeys stays off too: the yaml package compares each key with every earlier one of its map, and
  // 40,000 keys in a 200 KB import held core's event loop for 20 s; indexKeys does it in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });

  const [syntaxError] = doc.errors;
  if (syntaxError !== undefined) {
    // Only the first: one bad indent makes the parser complain about every line after it.
    return fail([{ file, line: lineCounter.linePos(syntaxError.pos[0]).line, field: null, message: syntaxError.message }]);
  }
  const { keyIndexes, duplicateAt } = indexKeys(doc);
  if (duplicateAt !== null)
    return fail([{ file, line: lineCounter.linePos(duplicateAt).line, field: null, message: 'Map keys must be unique' }]);
  if (doc.contents === null) return fail([{ file, line: null, field: null, message: 'The file is empty' }]);
  if (!isMap(doc.contents)) {
    return fail([{ file, line: 1, field: null, message: 'A template is a mapping with slug, name, description and steps' }]);
  }

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // toJS refuses alias bombs (a resource exhaustion attack) by throwing; a bad file must not crash the caller.
    return fail([{ file, line: null, field: null, message: error instanceof Error ? error.message : String(error) }]);
  }

  const lineOf = (path: readonly PropertyKey[]) => lineOfPath(doc, path, lineCounter, keyIndexes);
  const errors: SopFileError[] = [];
  const parsed = SopTemplateInput.safeParse(raw, { error: sayMissing });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        // One error per key, on the key's own line, so a typo like `timelimit:` is found at once.
        const known = knownKeysAt(SopTemplateInput, issue.path, raw);
        for (const key of issue.keys.slice(0, UNKNOWN_FIELDS_NAMED)) {
          const path = [...issue.path, key];
          const meant = known ? closestKey(key, known) : null;
          const message = `Unknown field "${key.toWellFormed()}"${meant === null ? '' : `; did you mean "${meant}"?`}`;
          errors.push({ file, line: lineOf(path), field: fieldName(path), message });
        }
        const unnamed = issue.keys.slice(UNKNOWN_FIELDS_NAMED);
        if (unnamed[0] !== undefined) {
          const path = [...issue.path, unnamed[0]];
          const message = `${unnamed.length.toLocaleString('en-US')} more unknown field${unnamed.length === 1 ? '' : 's'} from here on`;
          errors.push({ file, line: lineOf(path), field: fieldName(path), message });
        }
      } else {
        errors.push({
          file,
          line: lineOf(issue.path),
          field: issue.path.length > 0 ? fieldName(issue.path) : null,
          message: issue.message,
        });
      }
    }
  }

  // The file name is how the folder is kept tidy: one template per file, found by its slug.
  const expectedSlug = sopSlugOfFile(file);
  const writtenSlug = (raw as Record<string, unknown>).slug;
  if (typeof writtenSlug === 'string' && writtenSlug !== expectedSlug && !errors.some((error) => error.field === 'slug')) {
    errors.push({
      file,
      line: lineOf(['slug']),
      field: 'slug',
      message: `The slug must match the file name: write "${expectedSlug}" (or rename the file to ${writtenSlug}.yaml)`,
    });
  }

  if (errors.length > 0 || !parsed.success) return fail(errors);
  return { ok: true, template: parsed.data, contentHash: createHash('sha256').update(text).digest('hex') };
}

/** "steps.3.title"; a key spelt with a lone surrogate ("\ud800") is named with U+FFFD, so the error itself stays well-formed. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part).toWellFormed()).join('.');
}

/** The slug a template file must have: its name without the folder and the .yaml / .yml ending. */
export function sopSlugOfFile(file: string): string {
  return basename(file).replace(SOP_FILE_NAME, '');
}

/** What a refused file leaves in use: the template's current version, or, for a new template, nothing at all. */
export function unchangedAfterRefusal(current: { version: number; name: string } | undefined): string {
  return current ? `Nothing was changed: version ${current.version} of "${current.name}" stays in use.` : 'No template was added.';
}

/** Every *.yaml / *.yml file of a folder, sorted by name, parsed. A missing folder gives []. */
export function readSopFolder(folder: string): { file: string; result: SopParse }[] {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && SOP_FILE_NAME.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return files.map((file) => ({ file, result: readSopFile(join(folder, file), file) }));
}

/** "camera-down.yaml line 12, steps.3.input.pattern: Not a valid regular expression" */
export function describeSopError(error: SopFileError): string {
  const where = `${error.file}${error.line !== null ? ` line ${error.line}` : ''}${error.field !== null ? `, ${error.field}` : ''}`;
  return `${where}: ${error.message}`;
}

function readSopFile(path: string, file: string): SopParse {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // One unreadable file (a broken link, say) must not stop the others from loading.
    return {
      ok: false,
      errors: [
        { file, line: null, field: null, message: `Could not read the file: ${error instanceof Error ? error.message : String(error)}` },
      ],
    };
  }
  return parseSopYaml(file, text);
}

/** Zod's own words for a missing key ("expected string, received undefined") read like a type error. */
const sayMissing: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'Missing: this field is required' : undefined;

/**
 * The line a path is written on: for a map entry the key's line (a nested block starts below it), for a list item
 * the item's line. A path that is not in the file (a missing key) falls back to the nearest part that is.
 */
function lineOfPath(
  doc: Document,
  path: readonly PropertyKey[],
  lineCounter: LineCounter,
  keyIndexes: WeakMap<YAMLMap, Map<string, Pair>>,
): number {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  for (const segment of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = keyIndexes.get(node)?.get(String(segment));
      if (pair === undefined) break;
      offset = startOf(pair.key) ?? offset;
      next = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      next = node.items[segment];
      offset = startOf(next) ?? offset;
    } else {
      break;
    }
    node = next;
  }
  return lineCounter.linePos(offset).line;
}

function startOf(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

function lineCount(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/**
 * Every map's pairs by scalar key (the first pair of a key, as a search from the start would find it),
 * and where the earliest key written a second time in its map stands (offset in the text), or null:
 * one pass over the document serves both the duplicate check and the line of every error, where a
 * search of a map per error took time in the square of its size (40,000 unknown keys ask for 40,000 lines).
 */
function indexKeys(doc: Document): { keyIndexes: WeakMap<YAMLMap, Map<string, Pair>>; duplicateAt: number | null } {
  const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  let duplicateAt: number | null = null;
  visit(doc, {
    Map(_key, map) {
      const index = new Map<string, Pair>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const at = startOf(pair.key);
        if (!index.has(key)) index.set(key, pair);
        else if (at !== undefined && (duplicateAt === null || at < duplicateAt)) duplicateAt = at;
      }
      keyIndexes.set(map, index);
    },
  });
  return { keyIndexes, duplicateAt };
}
