import type * as Re2js from 're2js';

// User-written regular expressions (SOP input steps) run on RE2JS, a linear-time engine: a
// backtracking RegExp let `(a+)+` and 32 characters freeze core for seconds. Core and the
// renderer both check values here, so the form and the command agree on every value. The
// syntax is RE2's: no backreferences and no lookaround, `\x{E9}` rather than `\u00E9`.
//
// The engine is registered rather than imported, so the console's first bundle does without it
// (~150 KB): core registers it before anything is checked (src/core/pattern-engine.ts), the
// renderer loads it with the pages that judge patterns (loadPatternEngine). Until then every
// pattern is refused as still being checked: nothing passes unchecked.

export type PatternEngine = Pick<typeof Re2js, 'RE2JS' | 'RE2JSSyntaxException'>;

export type CompiledPattern =
  | { ok: true; matchesWhole(value: string): boolean }
  | { ok: false; refusal: string; /** The engine is not there yet: nothing was judged. */ checking?: true };

let engine: PatternEngine | null = null;
let loading: Promise<void> | null = null;

/** The linear-time engine that judges every pattern from now on. */
export function usePatternEngine(linearEngine: PatternEngine): void {
  engine = linearEngine;
}

export function patternEngineReady(): boolean {
  return engine !== null;
}

/** Loads re2js as a separate chunk and registers it; once, however many pages ask. */
export function loadPatternEngine(): Promise<void> {
  loading ??= import('re2js').then(usePatternEngine, (error: unknown) => {
    loading = null; // a chunk that failed to load (core away) is fetched again when asked again
    throw error;
  });
  return loading;
}

const STILL_CHECKING: CompiledPattern = { ok: false, refusal: 'Checking the pattern…', checking: true };

/** Compiled patterns by source; a form re-checks its value on every keystroke. */
const compiled = new Map<string, CompiledPattern>();
const MAX_CACHED = 64;

/** Why RE2 refused a pattern, in words an operator can act on; RE2 names the construct it stopped at. */
function sayWhy(linearEngine: PatternEngine, error: unknown): string {
  const detail = error instanceof linearEngine.RE2JSSyntaxException ? error.message.replace(/^error parsing regexp: /, '') : String(error);
  if (/`\(\?<?[=!]/.test(detail))
    return 'Look-ahead and look-behind, such as (?=…) or (?!…), are not supported: write the pattern without them';
  if (/escape sequence: `\\([1-9]|k)/.test(detail))
    return 'Back-references such as \\1 are not supported: a pattern cannot repeat what an earlier group matched';
  if (detail.includes('escape sequence: `\\u')) return 'Write a character by its code as \\x{00E9}, not \\u00E9';
  return `Not a valid regular expression (${detail})`;
}

/**
 * Matching is linear in the value times the compiled program, and counted repeats multiply the
 * program: `(\pL|\pN){500}` takes 10 ms for a 500-character value. The shipped patterns need under 40.
 */
const MAX_PROGRAM_SIZE = 500;

function compile(linearEngine: PatternEngine, source: string): CompiledPattern {
  try {
    const pattern = linearEngine.RE2JS.compile(source);
    const size = pattern.programSize();
    if (size > MAX_PROGRAM_SIZE) {
      return {
        ok: false,
        refusal: `This pattern is too large to check quickly (${size} steps, at most ${MAX_PROGRAM_SIZE}): use smaller counts in repeats such as {500}`,
      };
    }
    // matches() is a whole-value match whether or not the pattern was written with ^ and $.
    return { ok: true, matchesWhole: (value) => pattern.matches(value) };
  } catch (error) {
    return { ok: false, refusal: sayWhy(linearEngine, error) };
  }
}

export function compilePattern(source: string): CompiledPattern {
  if (engine === null) return STILL_CHECKING;
  const known = compiled.get(source);
  if (known !== undefined) return known;
  const result = compile(engine, source);
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value ?? '');
  compiled.set(source, result);
  return result;
}

/** Why a pattern cannot be used, or null when the linear engine runs it. */
export function patternRefusal(source: string): string | null {
  const result = compilePattern(source);
  return result.ok ? null : result.refusal;
}
