/**
 * A password's strength as zxcvbn-ts estimates it, for the meter beside a new password. The
 * estimator carries a 400 KB dictionary, so it is loaded on first use: a page that never asks for
 * a new password never downloads it. Core does not rely on it: core refuses by length and the
 * common-password list only (no composition rules, as current guidance says).
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface PasswordStrength {
  score: StrengthScore;
  /** "Very weak" to "Very strong". */
  label: string;
  /** What makes it guessable, in words; null when nothing in particular. */
  warning: string | null;
}

export const STRENGTH_LABELS: Record<StrengthScore, string> = {
  0: 'Very weak',
  1: 'Weak',
  2: 'Fair',
  3: 'Strong',
  4: 'Very strong',
};

/** zxcvbn-ts names its warnings by key; the English of the ones it gives (its translations package is not shipped). */
const WARNINGS: Record<string, string> = {
  straightRow: 'Straight rows of keys are easy to guess',
  keyPattern: 'Short keyboard patterns are easy to guess',
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess',
  extendedRepeat: 'Repeated patterns like "abcabcabc" are easy to guess',
  sequences: 'Sequences like "abc" are easy to guess',
  recentYears: 'Recent years are easy to guess',
  dates: 'Dates are easy to guess',
  topTen: 'One of the ten most used passwords',
  topHundred: 'One of the hundred most used passwords',
  common: 'A commonly used password',
  similarToCommon: 'Close to a commonly used password',
  wordByItself: 'A single word is easy to guess',
  namesByThemselves: 'Names on their own are easy to guess',
  commonNames: 'Common names are easy to guess',
  userInputs: 'It contains your name or username',
};

let estimator: Promise<ZxcvbnFactory> | null = null;

function load(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return estimator;
}

/** Estimates a password; `userInputs` (the username, the display name) count as easy to guess. */
export async function estimatePasswordStrength(password: string, userInputs: readonly string[] = []): Promise<PasswordStrength> {
  const result = (await load()).check(password, [...userInputs]);
  const score = result.score as StrengthScore;
  const warning = result.feedback.warning;
  return { score, label: STRENGTH_LABELS[score], warning: warning ? (WARNINGS[warning] ?? null) : null };
}
