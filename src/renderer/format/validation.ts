import type { z } from 'zod';

/**
 * zod's own English ("Too small: expected number to be >=1") in sentences an operator reads at a
 * glance. Only messages zod wrote are changed: a message the contract gave ("Say what happened")
 * is already meant for people and is kept as it is.
 */

const ZOD_WORDING = /^(Too small|Too big|Invalid|Unrecognized key|Expected)/;

const count = (value: number | bigint): string => value.toLocaleString('en');
const plural = (value: number | bigint, one: string, many: string): string => `${count(value)} ${Number(value) === 1 ? one : many}`;

/** A bound of a number, string or list, said as a limit. */
function sizeLimit(kind: 'least' | 'most', origin: string, bound: number | bigint, inclusive: boolean): string {
  switch (origin) {
    case 'string':
      if (kind === 'least' && Number(bound) === 1) return 'This cannot be empty';
      return `At ${kind} ${plural(bound, 'character', 'characters')}`;
    case 'array':
    case 'set':
      if (kind === 'least' && Number(bound) === 1) return 'Give at least one';
      return `At ${kind} ${plural(bound, 'item', 'items')}`;
    default:
      if (!inclusive) return kind === 'least' ? `Must be more than ${count(bound)}` : `Must be less than ${count(bound)}`;
      return `At ${kind} ${count(bound)}`;
  }
}

const FORMAT_WORDS: Record<string, string> = {
  email: 'Enter an email address, like name@example.com',
  url: 'Enter a full address, like https://recorder.example/health',
  uuid: 'Not a valid id',
  ipv4: 'Enter an IPv4 address, like 192.0.2.10',
  ipv6: 'Enter an IPv6 address',
  regex: 'Not in the form this field needs',
};

/** One zod issue in words. */
export function issueInWords(issue: z.core.$ZodIssue): string {
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small':
      return sizeLimit('least', issue.origin, issue.minimum, issue.inclusive !== false);
    case 'too_big':
      return sizeLimit('most', issue.origin, issue.maximum, issue.inclusive !== false);
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return 'This is required';
      return issue.expected === 'number' || issue.expected === 'int' ? 'Enter a number' : 'This value is not the right kind';
    case 'invalid_value':
      return issue.values.length <= 6 ? `Choose one of: ${issue.values.map(String).join(', ')}` : 'Choose one of the options';
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? 'Not in the form this field needs';
    case 'not_multiple_of':
      return `Must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Not a field this accepts: ${issue.keys.join(', ')}`;
    default:
      return messageInWords(issue.message);
  }
}

const RAW_PATTERNS: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/^Too small: expected string to have >=1 characters?$/, () => 'This cannot be empty'],
  [
    /^Too small: expected (string|array|set) to have >=?(\d+) (?:characters?|items?)$/,
    (m) => sizeLimit('least', m[1] ?? '', Number(m[2]), true),
  ],
  [
    /^Too big: expected (string|array|set) to have <=?(\d+) (?:characters?|items?)$/,
    (m) => sizeLimit('most', m[1] ?? '', Number(m[2]), true),
  ],
  [/^Too small: expected (?:number|int|bigint) to be (>=|>)(-?[\d.]+)$/, (m) => sizeLimit('least', 'number', Number(m[2]), m[1] === '>=')],
  [/^Too big: expected (?:number|int|bigint) to be (<=|<)(-?[\d.]+)$/, (m) => sizeLimit('most', 'number', Number(m[2]), m[1] === '<=')],
  [/^Invalid input: expected (?:number|int), received/, () => 'Enter a number'],
  [/^Invalid input: expected \w+, received undefined$/, () => 'This is required'],
  [/^Invalid option: expected one of (.+)$/, (m) => `Choose one of: ${(m[1] ?? '').replaceAll('"', '').split('|').join(', ')}`],
  [/^Invalid email address$/, () => FORMAT_WORDS.email ?? ''],
  [/^Invalid URL$/, () => FORMAT_WORDS.url ?? ''],
  [/^Unrecognized keys?: (.+)$/, (m) => `Not a field this accepts: ${(m[1] ?? '').replaceAll('"', '')}`],
];

/** A message as it came from core (zod's wording when the contract gave none), in words. */
export function messageInWords(message: string): string {
  if (!ZOD_WORDING.test(message)) return message;
  for (const [pattern, words] of RAW_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return words(match);
  }
  return message.startsWith('Invalid') ? 'This value is not valid here' : message;
}
