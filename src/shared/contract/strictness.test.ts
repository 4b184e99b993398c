import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { looseSpots } from '../../../test/support/schema-walk';
import { ConfigDocument, PrintReportRequest, SopTemplateInput, methodNames, methods, text } from '.';

describe('every input schema at the contract', () => {
  it.each(methodNames)('%s refuses unknown keys and strings that are not well formed, at every depth', (method) => {
    expect(looseSpots(methods[method].input)).toEqual([]);
  });

  it.each([
    ['the config import document', ConfigDocument],
    ['an SOP template (also read from YAML)', SopTemplateInput],
    ["the renderer's print request", PrintReportRequest],
  ] as const)('%s is strict and well-formed too', (_name, schema) => {
    expect(looseSpots(schema)).toEqual([]);
  });

  it('the check itself finds a loose object, an unchecked string and an open value, wherever they hide', () => {
    const loose = z
      .object({
        name: z.string().trim().max(20),
        tags: z.array(z.object({ label: text() }).strict()).optional(),
        probe: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('a'), url: z.url() })]),
        headers: z.record(text(), z.string()).default({}),
        extra: z.unknown(),
      })
      .refine(() => true);
    expect(looseSpots(loose)).toEqual([
      '$: an object that does not refuse unknown keys (use z.strictObject or .strict())',
      '$.name: a string without the well-formed check (use text())',
      '$.probe|0.url: a string without the well-formed check (use text())',
      '$.headers{}: a string without the well-formed check (use text())',
      '$.extra: accepts any value',
    ]);
    expect(looseSpots(z.strictObject({ name: text().trim().min(1).max(20), url: z.url().check(z.refine(() => true)) }))).toEqual([
      '$.url: a string without the well-formed check (use text())',
    ]);
  });
});
