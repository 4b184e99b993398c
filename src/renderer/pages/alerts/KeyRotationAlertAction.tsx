import type { Alert } from '../../../shared/contract';
import { KEY_ROTATION_RULE_ID } from '../../../shared/domain/alert-rules';
import { useBackupsOverview } from '../../api/backup-queries';
import { useCan } from '../../api/use-can';
import { KeyRotationReminder } from '../../components/KeyRotationReminder';

const JOB_SUBJECT = 'backup-job:';

/** The job a key-rotation alert is about; null for any other alert. */
export function keyRotationJobOf(alert: Pick<Alert, 'ruleId' | 'subject'>): string | null {
  return alert.ruleId === KEY_ROTATION_RULE_ID && alert.subject.startsWith(JOB_SUBJECT) ? alert.subject.slice(JOB_SUBJECT.length) : null;
}

function RotateFromAlert({ jobId }: { jobId: string }) {
  const overview = useBackupsOverview();
  const job = overview.data?.jobs.find((candidate) => candidate.id === jobId);
  return job ? <KeyRotationReminder job={job} /> : null;
}

/** On a key-rotation alert, an admin changes the passphrase right there; the rotation resolves the alert. Others see the alert only. */
export function KeyRotationAlertAction({ alert }: { alert: Alert }) {
  const can = useCan('backups.rotateKey');
  const jobId = keyRotationJobOf(alert);
  if (jobId === null || !can.allowed || alert.state === 'resolved') return null;
  return <RotateFromAlert jobId={jobId} />;
}
