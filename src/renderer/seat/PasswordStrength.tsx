import { useEffect, useState } from 'react';
import { loadStrengthEstimator, STRENGTH_WORDS, type StrengthScore } from './password-strength';

/**
 * How hard the typed password is to guess, from the estimator; a hint only. Core decides: it
 * refuses a password shorter than 8 characters or on the list of common ones, whatever this says.
 */
export function PasswordStrength({ password, userInputs }: { password: string; userInputs: readonly string[] }) {
  // The estimate of the password it was made for: a stale one (the password changed since) is not shown.
  const [estimate, setEstimate] = useState<{ password: string; score: StrengthScore } | null>(null);
  const inputs = userInputs.join('\n');
  useEffect(() => {
    if (password === '') return;
    let current = true;
    void loadStrengthEstimator().then((estimator) => {
      if (current) setEstimate({ password, score: estimator(password, inputs.split('\n')) });
    });
    return () => {
      current = false;
    };
  }, [password, inputs]);
  if (estimate === null || estimate.password !== password || password === '') return null;
  const { score } = estimate;
  return (
    <div className="strength" data-testid="password-strength" data-score={score}>
      <meter className="strength__meter" min={0} max={4} low={2} high={3} optimum={4} value={score} aria-label="Password strength" />
      <span className="strength__words">{STRENGTH_WORDS[score]}</span>
    </div>
  );
}
