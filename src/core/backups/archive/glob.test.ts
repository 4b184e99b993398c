import { describe, expect, it } from 'vitest';
import { compileGlob, createPathFilter, matchesGlob } from './glob';

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
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(matchesGlob(pattern, path)).toBe(expected);
  });

  it('accepts backslashes as separators and refuses patterns that escape the folder', () => {
    expect(matchesGlob('logs\\*.log', 'logs/a.log')).toBe(true);
    expect(() => compileGlob('')).toThrow(/cannot be empty/);
    expect(() => compileGlob('/etc/*')).toThrow(/relative/);
    expect(() => compileGlob('../*')).toThrow(/"\." or "\.\."/);
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
