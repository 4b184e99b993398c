import { useCallback, useState } from 'react';
import type { CommandName } from '../../../shared/contract';
import { useAlertCommand, type AlertCommand } from '../../api/alert-queries';
import { refusalOf, useActingPerson } from '../../api/use-can';

/** What the last command did, in words: a refusal is shown as core worded it. */
export type CommandOutcome = { ok: true; text: string } | { ok: false; text: string };

const DONE: Record<AlertCommand['method'], string> = {
  'alerts.acknowledge': 'Acknowledged',
  'alerts.claim': 'Claimed',
  'alerts.escalate': 'Escalated',
  'alerts.snooze': 'Snoozed',
  'alerts.resolve': 'Resolved',
};

/** Runs alert commands for the queue and remembers the outcome of the last one. */
export function useAlertActions() {
  const command = useAlertCommand();
  const [outcome, setOutcome] = useState<CommandOutcome | null>(null);
  const { mutateAsync } = command;
  /** Resolves with the outcome, so a dialog knows whether to close or to show the refusal. */
  const run = useCallback(
    async (call: AlertCommand): Promise<CommandOutcome> => {
      let result: CommandOutcome;
      try {
        const alert = await mutateAsync(call);
        result = { ok: true, text: `${DONE[call.method]}: ${alert.summary}` };
      } catch (error) {
        result = { ok: false, text: error instanceof Error ? error.message : String(error) };
      }
      setOutcome(result);
      return result;
    },
    [mutateAsync],
  );
  const who = useActingPerson();
  /** Why a key may not do what it would on this alert (a locked seat, its role, or another site's alert); null when it may. */
  const refusal = useCallback(
    (method: AlertCommand['method'] | Extract<CommandName, 'incidents.create'>, siteId: string | null) =>
      refusalOf(who, method, { siteId }),
    [who],
  );
  /** Shows a refusal where a command's outcome shows, without asking core. */
  const refuse = useCallback((text: string) => setOutcome({ ok: false, text }), []);
  return { run, pending: command.isPending, outcome, refusal, refuse };
}

export type AlertActions = ReturnType<typeof useAlertActions>;
