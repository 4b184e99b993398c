import type { BackupTask } from '../../../shared/contract';
import { useCancelBackupTask } from '../../api/backup-queries';
import { Problem } from '../../components/Problem';
import { formatRate, formatSize, formatTimeLeft, percentDone } from './backup-format';
import { CommandButton } from '../../components/CommandButton';

const KIND_LABEL: Record<BackupTask['kind'], string> = {
  backup: 'Backup',
  verify: 'Verify',
  restore: 'Restore',
  'test-restore': 'Test restore',
};

/** One running task: its bar, the figures behind it, the file it is on, and Cancel. */
function TaskProgress({ task }: { task: BackupTask }) {
  const cancel = useCancelBackupTask();
  const percent = percentDone(task.bytesDone, task.bytesTotal);
  const amount =
    task.bytesTotal > 0 ? `${formatSize(task.bytesDone)} of ${formatSize(task.bytesTotal)}` : `${formatSize(task.bytesDone)} so far`;
  // Asked once; the task stays until core says it ended, having removed what it half wrote.
  const cancelAsked = cancel.isPending || cancel.isSuccess;
  return (
    <li className="backup-task" data-testid="backups-task" data-kind={task.kind} data-task-id={task.taskId}>
      <div className="backup-task__head">
        <span className="tag">{KIND_LABEL[task.kind]}</span>
        <strong className="backup-task__label">{task.label}</strong>
        <span className="backup-task__phase" data-testid="backup-task-phase">
          {task.phase}
        </span>
        <CommandButton
          method="backups.cancel"
          type="button"
          className="button button--small button--danger-quiet"
          disabled={cancelAsked}
          onClick={() => cancel.mutate({ taskId: task.taskId })}
          aria-label={`${cancelAsked ? 'Cancelling' : 'Cancel'}: ${task.label}`}
          data-testid="backup-cancel"
        >
          {cancelAsked ? 'Cancelling…' : 'Cancel'}
        </CommandButton>
      </div>
      <div
        className={`backup-progress${percent === null ? ' backup-progress--unknown' : ''}`}
        role="progressbar"
        aria-label={`${task.label}: progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? `${task.phase}: ${amount}` : `${percent}%: ${amount}`}
      >
        <div className="backup-progress__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="backup-task__figures" data-testid="backup-task-figures">
        {percent === null ? null : <strong>{percent}%</strong>}
        <span>{amount}</span>
        <span>{formatRate(task.rateBytesPerSec)}</span>
        <span>{formatTimeLeft(task.etaSeconds)}</span>
      </p>
      {task.currentFile !== null ? (
        <p className="backup-task__file mono" title={task.currentFile} data-testid="backup-task-file">
          <bdi>{task.currentFile}</bdi>
        </p>
      ) : null}
      {cancel.error ? <Problem title={`Not cancelled: ${cancel.error.message}`} testId="backup-cancel-error" /> : null}
    </li>
  );
}

/** Every backup, verification and restore running now, live from core's progress events. */
export function RunningTasks({ tasks }: { tasks: readonly BackupTask[] }) {
  return (
    <section className="backups-running" aria-labelledby="backups-running-title">
      <h3 className="backups-section__title" id="backups-running-title">
        Running now
      </h3>
      {tasks.length === 0 ? (
        <p className="muted" data-testid="backups-idle">
          Nothing is running.
        </p>
      ) : (
        <ul className="backup-tasks">
          {tasks.map((task) => (
            <TaskProgress key={task.taskId} task={task} />
          ))}
        </ul>
      )}
    </section>
  );
}
