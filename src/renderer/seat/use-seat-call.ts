import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { AuthState, MethodInput } from '../../shared/contract';
import { seatKeys } from '../api/seat-queries';
import { useTransport } from '../api/transport-context';
import { placeErrors, type FieldErrors } from '../forms/form-model';
import { isTransportError } from '../transport/transport';

/** The commands that answer with the seat's new state. */
export type SeatMethod = 'auth.setup' | 'auth.signIn' | 'auth.signOut' | 'auth.lock';

export interface SeatCallFailure {
  /** Beside each field; core's checks (a common password) as well as the contract's. */
  byField: FieldErrors;
  /** What no field on the form shows (a locked account, a wrong password): said above the button. */
  message: string | null;
}

export type SeatCallOutcome = { ok: true; state: AuthState } | { ok: false; failure: SeatCallFailure };

/**
 * Runs a sign-in command and shows its answer as the seat's state. Not a TanStack mutation: a
 * mutation keeps its variables, and a password must not outlive the call that sends it.
 */
export function useSeatCall(shownFields: readonly string[]) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<SeatCallFailure | null>(null);
  const fieldsKey = shownFields.join(',');

  const run = useCallback(
    async <M extends SeatMethod>(method: M, input: MethodInput<M>): Promise<SeatCallOutcome> => {
      setPending(true);
      setFailure(null);
      try {
        const state = await transport.call(method, input);
        queryClient.setQueryData<AuthState>(seatKeys.state, state);
        return { ok: true, state };
      } catch (error) {
        const { byField, unplaced } = placeErrors(isTransportError(error) ? error.fields : [], fieldsKey.split(','), '');
        const message = error instanceof Error ? error.message : String(error);
        const failed = { byField, message: unplaced.length > 0 || Object.keys(byField).length === 0 ? message : null };
        setFailure(failed);
        return { ok: false, failure: failed };
      } finally {
        setPending(false);
      }
    },
    [transport, queryClient, fieldsKey],
  );
  return { run, pending, failure, clearFailure: () => setFailure(null) };
}
