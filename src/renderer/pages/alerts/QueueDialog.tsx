import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import type { Alert } from '../../../shared/contract';
import { KeyboardDialog } from '../../components/KeyboardDialog';
import { SeverityBadge } from '../../components/SeverityBadge';

interface QueueDialogProps {
  title: string;
  alert: Alert;
  /** Names its test ids: `<prefix>-dialog`, `<prefix>-submit`, `<prefix>-cancel`. */
  testIdPrefix: 'ack' | 'snooze' | 'resolve';
  submitLabel: string;
  /** Whether the answer is complete; Enter does nothing until it is. */
  canSubmit: boolean;
  pending: boolean;
  /** Core's refusal of the last try, shown in the dialog so the operator can change the answer. */
  error: string | null;
  onSubmit: () => void;
  onCancel: () => void;
  /** Keys the dialog itself answers (digits that pick a choice); return true when handled. */
  onKey?: (event: KeyboardEvent<HTMLFormElement>) => boolean;
  /** Where focus starts: the dialog itself (so digits pick) unless a field is named. */
  initialFocus?: RefObject<HTMLElement | null>;
  children: ReactNode | ((triedIncomplete: boolean) => ReactNode);
}

/** A small modal form about one alert: the console's keyboard dialog, with the alert it is about on top. */
export function QueueDialog({ alert, ...dialog }: QueueDialogProps) {
  return (
    <KeyboardDialog
      {...dialog}
      subject={
        <p className="queue-dialog__alert">
          <SeverityBadge severity={alert.severity} /> <strong>{alert.summary}</strong> <span className="muted">{alert.subjectName}</span>
        </p>
      }
    />
  );
}
