import { describe, expect, it } from 'vitest';
import { refuseInputValue } from '../domain/sop-checklist';
import { StepInputSpec } from './incidents';
import { patternRefusal } from './patterns';

/** Patterns that take a backtracking engine exponential (or polynomial) time on a near-miss value. */
const HOSTILE_PATTERNS = ['(a+)+$', '(a|a)*$', '(a|aa)+$', '^(a+)+b', '(\\w+\\s?)*$', '(.*a){20}$', '(a*)*b'];

/** Median milliseconds of one check, over batches, so a busy machine's stray pause does not decide. */
function medianMsPerCheck(check: () => void, perBatch: number, batches: number): number {
  const perCheck: number[] = [];
  for (let batch = 0; batch < batches; batch += 1) {
    const started = performance.now();
    for (let i = 0; i < perBatch; i += 1) check();
    perCheck.push((performance.now() - started) / perBatch);
  }
  perCheck.sort((a, b) => a - b);
  return perCheck[Math.floor(batches / 2)] ?? Number.POSITIVE_INFINITY;
}

const specFor = (pattern: string) => StepInputSpec.parse({ label: 'Reference', pattern });
// A run of "a" that almost matches: the worst case for the patterns above.
const hostileValue = (length: number) => `${'a'.repeat(length - 1)}!`;

describe('SOP input patterns run in linear time', () => {
  it('checks a 500-character hostile value against each hostile pattern in well under 1 ms', () => {
    for (const pattern of HOSTILE_PATTERNS) {
      const spec = specFor(pattern);
      const value = hostileValue(500);
      // The answer is right, not only fast: the value does not match.
      expect(refuseInputValue(spec, value), pattern).toBe('Does not match the expected form ' + pattern);
      const ms = medianMsPerCheck(() => refuseInputValue(spec, value), 50, 21);
      // Typically 0.01-0.05 ms; a backtracking engine never finishes (2^500 paths).
      expect(ms, pattern).toBeLessThan(1);
    }
  });

  it('takes time in proportion to the value: 8 times the length costs far less than 64 times the time', () => {
    for (const pattern of ['(a+)+$', '(\\w+\\s?)*$']) {
      const spec = specFor(pattern);
      const short = hostileValue(500);
      const long = hostileValue(4000);
      const shortMs = medianMsPerCheck(() => refuseInputValue(spec, short), 20, 15);
      const longMs = medianMsPerCheck(() => refuseInputValue(spec, long), 20, 15);
      // Linear is about 8; quadratic would be 64, exponential astronomical. 32 leaves room for noise.
      expect(longMs / shortMs, pattern).toBeLessThan(32);
    }
  });

  it('still matches what the shipped templates mean', () => {
    const police = specFor('^[A-Z]{2}-\\d{6}$');
    expect(refuseInputValue(police, 'AB-123456')).toBeNull();
    expect(refuseInputValue(specFor('(INC|REQ)\\d{7}'), 'REQ1234567')).toBeNull();
    expect(refuseInputValue(specFor('a|ab'), 'ab')).toBeNull();
  });
});

describe('patterns the linear engine cannot run', () => {
  it('are refused with a reason a user can act on', () => {
    expect(patternRefusal('(a)\\1')).toBe(
      'Back-references such as \\1 are not supported: a pattern cannot repeat what an earlier group matched',
    );
    expect(patternRefusal('(?<n>a)\\k<n>')).toMatch(/^Back-references/);
    for (const lookaround of ['(?=AB)[A-Z]+', 'x(?!y)', '(?<=AB)-\\d+', '(?<!x)y']) {
      expect(patternRefusal(lookaround), lookaround).toBe(
        'Look-ahead and look-behind, such as (?=…) or (?!…), are not supported: write the pattern without them',
      );
    }
    expect(patternRefusal('\\u00e9')).toBe('Write a character by its code as \\x{00E9}, not \\u00E9');
    expect(patternRefusal('^[A-Z')).toBe('Not a valid regular expression (missing closing ]: `[A-Z`)');
    expect(patternRefusal('^[A-Z]{2}-\\d{6}$')).toBeNull();
  });

  it('are refused when counted repeats make them too large to check quickly', () => {
    expect(patternRefusal('(\\pL|\\pN|\\pP){500}x')).toMatch(/^This pattern is too large to check quickly \(\d+ steps, at most 500\)/);
    expect(patternRefusal('[A-Z]{2}-\\d{6,10}')).toBeNull();
  });

  it('are refused by the contract, so a save or an import never stores one', () => {
    const parsed = StepInputSpec.safeParse({ label: 'Reference', pattern: '(a)\\1' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toMatchObject([{ path: ['pattern'], message: expect.stringMatching(/^Back-references/) }]);
  });
});
