import { describe, expect, it } from 'vitest';
import { jsonLinesByPath, lineOf } from './json-positions';

describe('jsonLinesByPath', () => {
  it('names the line of every value by its path', () => {
    const text = ['{', '  "monitors": [', '    { "name": "Gate",', '      "probe": { "url": "https://gate" } }', '  ]', '}'].join('\n');
    const lines = jsonLinesByPath(text);
    expect(lines.get('monitors')).toBe(2);
    expect(lines.get('monitors.0.name')).toBe(3);
    expect(lines.get('monitors.0.probe.url')).toBe(4);
  });

  it('steps over brackets nested deeper than any import needs, in linear time, and keeps counting lines', () => {
    // 200,000 levels: a path per level was quadratic (5,000 levels took 0.5 s) and overflowed the stack.
    const depth = 200_000;
    const deep = `${'['.repeat(depth)}"x]\\n["${']'.repeat(depth)}`;
    const text = `{\n"deep": ${deep},\n"after":\n[1,\n2]\n}`;
    const started = performance.now();
    const lines = jsonLinesByPath(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(lines.get('deep')).toBe(2);
    expect(lines.get('after')).toBe(4);
    expect(lines.get('after.1')).toBe(5);
    // A problem deep inside is reported on the deepest level that has a line.
    expect(lineOf(lines, `deep${'.0'.repeat(100)}`)).toBe(2);
  });
});
