import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { MonitorInput } from '../../shared/contract';
import { issueInWords, messageInWords } from './validation';

const wordsFor = (schema: z.ZodType, value: unknown): string[] => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map(issueInWords);
};

describe('validation messages', () => {
  it('say zod’s limits as sentences, never its raw text', () => {
    expect(wordsFor(z.number().int().min(1), 0)).toEqual(['At least 1']);
    expect(wordsFor(z.number().max(10), 11)).toEqual(['At most 10']);
    expect(wordsFor(z.number().positive(), 0)).toEqual(['Must be more than 0']);
    expect(wordsFor(z.string().min(1), '')).toEqual(['This cannot be empty']);
    expect(wordsFor(z.string().max(60), 'x'.repeat(61))).toEqual(['At most 60 characters']);
    expect(wordsFor(z.array(z.string()).max(3), ['a', 'b', 'c', 'd'])).toEqual(['At most 3 items']);
    expect(wordsFor(z.number(), 'x')).toEqual(['Enter a number']);
    expect(wordsFor(z.object({ name: z.string() }), {})).toEqual(['This is required']);
    expect(wordsFor(z.enum(['GET', 'HEAD']), 'PUT')).toEqual(['Choose one of: GET, HEAD']);
    expect(wordsFor(z.email(), 'nobody')).toEqual(['Enter an email address, like name@example.com']);
    expect(wordsFor(z.object({}).strict(), { verifyTLS: true })).toEqual(['Not a field this accepts: verifyTLS']);
  });

  it('keep what the contract says in its own words', () => {
    expect(wordsFor(z.string().min(1, 'Give the monitor a name'), '')).toEqual(['Give the monitor a name']);
  });

  it('reword the text core sends back from zod', () => {
    expect(messageInWords('Too small: expected number to be >=1')).toBe('At least 1');
    expect(messageInWords('Too big: expected number to be <=10')).toBe('At most 10');
    expect(messageInWords('Too big: expected string to have <=120 characters')).toBe('At most 120 characters');
    expect(messageInWords('Invalid input: expected number, received string')).toBe('Enter a number');
    expect(messageInWords('Invalid option: expected one of "GET"|"HEAD"')).toBe('Choose one of: GET, HEAD');
    expect(messageInWords('Say what happened')).toBe('Say what happened');
  });

  it('leave no raw zod text in the monitor form’s checks', () => {
    const words = wordsFor(MonitorInput, {
      siteId: 's1',
      name: 'x',
      probe: { kind: 'tcp', host: 'h', port: 0 },
      failuresToDown: 0,
      successesToUp: 99,
    });
    expect(words.length).toBeGreaterThan(0);
    for (const message of words) expect(message).not.toMatch(/^(Too small|Too big|Invalid|expected)/);
  });
});
