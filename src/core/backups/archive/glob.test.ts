import { describe, expect, it } from 'vitest';
import { createPathFilter, globSource, matchesGlob } from './glob';

describe('glob patterns', () => {
  it.each([
    ['*.log', 'probe.log', true],
    ['*.log', 'logs/probe.log', false],
    ['**/*.log', 'probe.log', true],
    ['**/*.log', 'a/b/c/probe.log', true],
    ['**/*.log', 'a/b/probe.log.gz', false],
    ['logs/**', 'logs/a/b.txt', true],
    ['logs/**', 'logs', false],
    ['logs/**', 'other/logs/a', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/x/y/c', false],
    ['day-?.json', 'day-1.json', true],
    ['day-?.json', 'day-10.json', false],
    ['day-?.json', 'day-/.json', false],
    ['cam-*', 'cam-12', true],
    ['cam-*', 'cam-12/clip.mp4', false],
    ['**', 'anything/at/all', true],
    ['report (final).txt', 'report (final).txt', true],
    ['a+b.txt', 'aab.txt', false],
    ['[x].txt', '[x].txt', true],
    ['*.JSON', 'site.json', false],
    ['**', 'odd\nname.txt', true],
    ['*.txt', 'odd\nname.txt', true],
    ['a.{b,c}', 'a.b', false],
    ['a.{b,c}', 'a.{b,c}', true],
    ['^x$', '^x$', true],
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(matchesGlob(pattern, path)).toBe(expected);
  });

  it('accepts backslashes as separators and refuses patterns that escape the folder', () => {
    expect(matchesGlob('logs\\*.log', 'logs/a.log')).toBe(true);
    expect(() => globSource('')).toThrow(/cannot be empty/);
    expect(() => globSource('/etc/*')).toThrow(/relative/);
    expect(() => globSource('../*')).toThrow(/"\." or "\.\."/);
  });
});

describe('include and exclude', () => {
  it('includes everything by default, and exclude wins over include', () => {
    const all = createPathFilter();
    expect(all.includesFile('a/b/c.txt')).toBe(true);
    const filter = createPathFilter({ include: ['**/*.log', '**/*.json'], exclude: ['**/debug-*.log', 'tmp'] });
    expect(filter.includesFile('x/probe.log')).toBe(true);
    expect(filter.includesFile('x/debug-1.log')).toBe(false);
    expect(filter.includesFile('x/clip.mp4')).toBe(false);
    expect(filter.entersFolder('tmp')).toBe(false);
    expect(filter.entersFolder('x/tmp')).toBe(true);
  });

  it('keeps the walk out of an excluded folder, with or without "/**"', () => {
    expect(createPathFilter({ exclude: ['cache/**'] }).entersFolder('cache')).toBe(false);
    expect(createPathFilter({ exclude: ['cache'] }).entersFolder('cache')).toBe(false);
    expect(createPathFilter({ exclude: ['**/node_modules/**'] }).entersFolder('a/node_modules')).toBe(false);
    expect(createPathFilter({ exclude: ['cache/'] }).entersFolder('cache')).toBe(false);
    expect(createPathFilter({ exclude: ['cache/'] }).includesFile('cache')).toBe(true);
    expect(createPathFilter({ exclude: ['**/*.log'] }).entersFolder('logs.log')).toBe(false);
    expect(createPathFilter({ exclude: ['**/*.log'] }).entersFolder('logs')).toBe(true);
  });
});

describe('globs match in linear time', () => {
  // A backtracking matcher needs about n^12 steps for this glob on a path of n "a"s with no "b".
  const HOSTILE = '*a*a*a*a*a*a*a*a*a*a*a*a*b';

  /** Median milliseconds of one check over batches, so a stray pause on a busy machine does not decide. */
  function medianMs(check: () => void, batches = 15, perBatch = 10): number {
    const times: number[] = [];
    for (let batch = 0; batch < batches; batch += 1) {
      const started = performance.now();
      for (let i = 0; i < perBatch; i += 1) check();
      times.push((performance.now() - started) / perBatch);
    }
    return times.sort((a, b) => a - b)[Math.floor(batches / 2)] ?? Number.POSITIVE_INFINITY;
  }

  it('decides a hostile glob against a 4,000-character path in a few milliseconds at most', () => {
    const filter = createPathFilter({ include: [HOSTILE, '**/*.log'], exclude: [HOSTILE, '**/*a*a*a*a*a*a*a*a*a*a*b/**'] });
    const path = 'a'.repeat(4000);
    expect(filter.includesFile(path)).toBe(false);
    expect(filter.entersFolder(path)).toBe(true);
    expect(filter.includesFile(`${'a'.repeat(3998)}ab`)).toBe(false);
    // Typically 0.1-0.3 ms; a backtracking matcher would not finish in a lifetime.
    expect(medianMs(() => filter.includesFile(path))).toBeLessThan(5);
    expect(medianMs(() => filter.entersFolder(path))).toBeLessThan(5);
  });

  it('takes time in proportion to the path: 8 times longer costs far less than 64 times the time', () => {
    const filter = createPathFilter({ include: [HOSTILE] });
    const short = `${'a/'.repeat(250)}${'a'.repeat(500)}`;
    const long = `${'a/'.repeat(2000)}${'a'.repeat(4000)}`;
    const ratio = medianMs(() => filter.includesFile(long)) / medianMs(() => filter.includesFile(short));
    // Linear is about 8; quadratic would be 64. 32 leaves room for a noisy machine.
    expect(ratio).toBeLessThan(32);
  });

  it('still includes what the hostile glob names', () => {
    expect(matchesGlob(HOSTILE, `${'a'.repeat(12)}b`)).toBe(true);
    expect(matchesGlob(HOSTILE, `x${'a'.repeat(12)}yb`)).toBe(true);
    expect(matchesGlob(HOSTILE, `${'a'.repeat(11)}b`)).toBe(false);
  });
});
