import { useQueryClient } from '@tanstack/react-query';
import type { CommandName, Incident } from '../../../shared/contract';
import { invalidateIncident, type IncidentCommandName } from '../../api/incident-queries';
import type { CommandCall } from '../../api/use-command';
import { StepUpDialog } from '../../components/StepUpDialog';

export type IncidentStepUpMethod = Extract<IncidentCommandName, CommandName>;

/** A command on the incident waiting for a supervisor at the seat, and what the page does once it is done. */
export interface PendingStepUp {
  call: CommandCall<IncidentStepUpMethod>;
  what: string;
  then: (incident: Incident) => void;
}

/** The step-up dialog for one command on an incident; the incident is read again once it is done. */
export function IncidentStepUp({ pending, onClose }: { pending: PendingStepUp; onClose: () => void }) {
  const queryClient = useQueryClient();
  return (
    <StepUpDialog
      call={pending.call}
      what={pending.what}
      onAuthorized={({ result }) => {
        invalidateIncident(queryClient, result.id);
        onClose();
        pending.then(result);
      }}
      onCancel={onClose}
    />
  );
}
