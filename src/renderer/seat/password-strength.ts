/** What the meter says for each of the estimator's scores (0 to 4). */
export const STRENGTH_WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

type Estimator = (password: string, userInputs: string[]) => StrengthScore;

let estimator: Promise<Estimator> | null = null;

/**
 * zxcvbn-ts with its common dictionaries (the same estimator core uses): over a megabyte, so it is
 * loaded the first time a password is typed, never with the console's first bundle.
 */
export function loadStrengthEstimator(): Promise<Estimator> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(([core, common]) => {
    const factory = new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
    return (password, userInputs) => factory.check(password, userInputs).score;
  });
  return estimator;
}
