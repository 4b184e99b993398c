import { useState } from 'react';
import type { BackupJob } from '../../../shared/contract';
import { useBackupsOverview } from '../../api/backup-queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { BackupOutcomes } from './BackupOutcomes';
import './backups.css';
import { JobBackups } from './JobBackups';
import { JobForm } from './JobForm';
import { JobsTable } from './JobsTable';
import { KeyRotationReminder } from '../../components/KeyRotationReminder';
import { OpenFolder } from './OpenFolder';
import { RunHistory } from './RunHistory';
import { RunningTasks } from './RunningTasks';
import { CommandButton } from '../../components/CommandButton';

/** The form on screen: a new job (null) or a saved one; none while closed. */
type Editing = { job: BackupJob | null } | null;

/**
 * Backups for the on-site supervisor: the jobs, what is running now with its progress, the chosen
 * job's backups with verify and restore, and how the tasks that ended went.
 */
export function BackupsPage() {
  const overview = useBackupsOverview();
  const [editing, setEditing] = useState<Editing>(null);
  const [chosenJobId, setChosenJobId] = useState<string | null>(null);
  const jobs = overview.data?.jobs ?? [];
  const running = overview.data?.running ?? [];
  // The first job until another is chosen; a deleted choice falls back the same way.
  const selected = jobs.find((job) => job.id === chosenJobId) ?? jobs[0] ?? null;

  return (
    <section className="backups-page" aria-labelledby="backups-title" data-testid="backups-page">
      <PageHeading id="backups-title" title="Backups">
        <CommandButton
          method="backups.createJob"
          type="button"
          className="button button--primary"
          disabled={editing !== null}
          onClick={() => setEditing({ job: null })}
          data-testid="backup-job-new"
        >
          New backup job
        </CommandButton>
      </PageHeading>
      <OpenFolder />
      <BackupOutcomes />
      {overview.isError ? (
        <Problem title="Could not read the backup jobs" testId="backups-overview-error">
          {overview.error.message} They are read again when core is reachable.
        </Problem>
      ) : null}
      {overview.isPending ? (
        <p className="loading" role="status">
          Reading the backup jobs…
        </p>
      ) : null}
      {overview.data ? <RunningTasks tasks={running} /> : null}
      {editing !== null ? (
        <JobForm
          // Not the bare job id: the chosen job's backups below are keyed by it too.
          key={`form-${editing.job?.id ?? 'new'}`}
          job={editing.job}
          onSaved={(job) => {
            setEditing(null);
            setChosenJobId(job.id);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {overview.data && jobs.length === 0 && editing === null ? (
        <p className="empty" data-testid="backup-jobs-empty">
          No backup jobs yet. Add one: what to back up, where to, and when. On a replacement workstation, open the lost console’s backups in
          their folder.
        </p>
      ) : null}
      {jobs.length > 0 ? (
        <section className="backups-jobs" aria-labelledby="backups-jobs-title">
          <h3 className="backups-section__title" id="backups-jobs-title">
            Jobs
          </h3>
          <JobsTable
            jobs={jobs}
            running={running}
            selectedId={selected?.id ?? null}
            onSelect={(job) => setChosenJobId(job.id)}
            onEdit={(job) => setEditing({ job })}
          />
        </section>
      ) : null}
      {jobs.map((job) => (
        <KeyRotationReminder key={`key-${job.id}`} job={job} />
      ))}
      {selected !== null ? <JobBackups key={selected.id} job={selected} running={running} /> : null}
      {selected !== null ? <RunHistory key={`runs-${selected.id}`} job={selected} /> : null}
    </section>
  );
}
