/**
 * Guards the rule that makes these tests possible: no test may load a module that loads
 * electron at run time (there is no Electron binary here). Walks each test's relative imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '..');
const VALUE_IMPORT_OF_ELECTRON = /^\s*import\s+(?!type\s)[^;]*?from\s+['"]electron['"]/m;
const RELATIVE_IMPORT = /^\s*(?:import|export)\s+(?!type\s)[^;]*?from\s+['"](\.[^'"]+)['"]/gm;

function resolveModule(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next candidate
    }
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every module a file loads at run time, itself included. */
function runtimeClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const match of readFileSync(entry, 'utf8').matchAll(RELATIVE_IMPORT)) {
    const specifier = match[1];
    if (specifier && !specifier.endsWith('.json')) runtimeClosure(resolveModule(entry, specifier), seen);
  }
  return seen;
}

const testFiles = ['main', 'preload'].flatMap((folder) =>
  readdirSync(join(SRC, folder))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(SRC, folder, name)),
);

describe('tests of the shell stay runnable without Electron', () => {
  it('finds the tests it guards', () => {
    expect(testFiles.length).toBeGreaterThan(5);
  });

  for (const testFile of testFiles) {
    it(`${testFile.slice(SRC.length + 1)} loads no module that imports electron`, () => {
      const offenders = [...runtimeClosure(testFile)].filter((file) => VALUE_IMPORT_OF_ELECTRON.test(readFileSync(file, 'utf8')));
      expect(offenders).toEqual([]);
    });
  }

  it('the guard would notice a value import of electron', () => {
    expect(VALUE_IMPORT_OF_ELECTRON.test(`import { app } from 'electron';`)).toBe(true);
    expect(VALUE_IMPORT_OF_ELECTRON.test(`import type { WebPreferences } from 'electron';`)).toBe(false);
    expect(VALUE_IMPORT_OF_ELECTRON.test(readFileSync(join(SRC, 'main', 'ipc.ts'), 'utf8'))).toBe(true);
  });
});
