import { describe, expect, it } from 'vitest';
import { jsonConditionProblem, lookupJsonPath } from './json-path';

const document = {
  status: 'ok',
  uptime: 3600,
  healthy: true,
  cameras: [{ id: 'cam-1', online: false }],
  tags: ['nvr', 'site-a'],
  note: null,
};
const body = JSON.stringify(document);

describe('lookupJsonPath', () => {
  it('follows keys and indexes', () => {
    expect(lookupJsonPath(document, '$.cameras[0].id')).toEqual({ found: true, value: 'cam-1' });
    expect(lookupJsonPath(document, '$')).toEqual({ found: true, value: document });
    expect(lookupJsonPath(document, '$.note')).toEqual({ found: true, value: null });
  });

  it('finds nothing past the end of an array, inside a scalar, or on an inherited key', () => {
    expect(lookupJsonPath(document, '$.cameras[1]')).toEqual({ found: false });
    expect(lookupJsonPath(document, '$.status.length')).toEqual({ found: false });
    expect(lookupJsonPath(document, '$.constructor')).toEqual({ found: false });
  });
});

describe('jsonConditionProblem', () => {
  it('compares scalars by their text', () => {
    expect(jsonConditionProblem({ path: '$.uptime', op: 'equals', value: '3600' }, body)).toBeNull();
    expect(jsonConditionProblem({ path: '$.healthy', op: 'equals', value: 'true' }, body)).toBeNull();
    expect(jsonConditionProblem({ path: '$.cameras[0].online', op: 'equals', value: 'true' }, body)).toBe(
      '$.cameras[0].online is false, expected "true"',
    );
  });

  it('shortens a long value without splitting a character made of two UTF-16 units', () => {
    // The JSON text is a quote, 75 letters, then the emoji at units 76-77: a cut at 77 would keep half of it.
    const value = `${'a'.repeat(75)}\u{1F4F7}${'b'.repeat(20)}`;
    const problem = jsonConditionProblem({ path: '$.name', op: 'equals', value: 'x' }, JSON.stringify({ name: value }));
    expect(problem).toBe(`$.name is "${'a'.repeat(75)}..., expected "x"`);
    expect(problem?.isWellFormed()).toBe(true);
  });

  it('notEquals fails on the value it names', () => {
    expect(jsonConditionProblem({ path: '$.status', op: 'notEquals', value: 'down' }, body)).toBeNull();
    expect(jsonConditionProblem({ path: '$.status', op: 'notEquals', value: 'ok' }, body)).toBe('$.status is "ok", expected anything else');
  });

  it('contains looks into strings and arrays', () => {
    expect(jsonConditionProblem({ path: '$.tags', op: 'contains', value: 'nvr' }, body)).toBeNull();
    expect(jsonConditionProblem({ path: '$.status', op: 'contains', value: 'o' }, body)).toBeNull();
    expect(jsonConditionProblem({ path: '$.tags', op: 'contains', value: 'dvr' }, body)).toBe(
      '$.tags is ["nvr","site-a"], expected it to contain "dvr"',
    );
  });

  it('a missing path fails every operator', () => {
    for (const op of ['exists', 'equals', 'notEquals', 'contains'] as const) {
      expect(jsonConditionProblem({ path: '$.disk', op, value: 'x' }, body)).toBe('JSON path $.disk not found in the answer');
    }
  });
});
