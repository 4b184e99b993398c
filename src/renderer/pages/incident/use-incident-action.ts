import { useCallback, useState } from 'react';
import type { Incident, MethodInput } from '../../../shared/contract';
import { useIncidentCommand, type IncidentCommandName } from '../../api/incident-queries';
import { failureText } from '../../format/incident';

export interface IncidentAction<M extends IncidentCommandName> {
  /** Resolves with the incident as core now has it, or null when core refused (the refusal is in `error`). */
  run(input: MethodInput<M>): Promise<Incident | null>;
  pending: boolean;
  /** Core's refusal of the last try, to show next to the control that sent it. */
  error: string | null;
  clearError(): void;
}

/**
 * One incident command with its own refusal: each control shows what core said about it, where
 * the operator is looking, and a dialog stays open with its answer until core accepts it.
 */
export function useIncidentAction<M extends IncidentCommandName>(method: M): IncidentAction<M> {
  const { mutateAsync, isPending } = useIncidentCommand(method);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (input: MethodInput<M>): Promise<Incident | null> => {
      setError(null);
      try {
        return await mutateAsync(input);
      } catch (caught) {
        setError(failureText(caught));
        return null;
      }
    },
    [mutateAsync],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending: isPending, error, clearError };
}
