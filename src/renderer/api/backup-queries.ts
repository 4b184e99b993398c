import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { BackupsChanged, BackupTask, MethodInput, MethodOutput, RetentionPolicy } from '../../shared/contract';
import { useTransport } from './transport-context';

type Overview = MethodOutput<'backups.overview'>;

/** A task that ended, as backups.changed said it, and when this console heard of it. */
export type BackupOutcome = NonNullable<BackupsChanged['ended']> & { receivedAt: number };

/** Query keys start with the contract method they cache, as in query-keys.ts. */
export const backupKeys = {
  overview: ['backups.overview'] as const,
  listAll: ['backups.list'] as const,
  list: (jobId: string) => ['backups.list', jobId] as const,
  files: (backupId: string) => ['backups.files', backupId] as const,
  retentionPreviewAll: ['backups.retentionPreview'] as const,
  /** `retention` null: the job's saved policy. */
  retentionPreview: (jobId: string, retention: RetentionPolicy | null) => ['backups.retentionPreview', jobId, retention] as const,
  /** Tasks that ended since this console started, oldest first; written by backups.changed, never fetched. */
  outcomes: ['backups.changed'] as const,
};

/** How many ended tasks the outcome lines keep. */
const KEPT_OUTCOMES = 5;

/** Every job with its last and next run, and the tasks running now (kept live by backups.progress). */
export function useBackupsOverview() {
  const transport = useTransport();
  return useQuery({ queryKey: backupKeys.overview, queryFn: () => transport.call('backups.overview', undefined) });
}

/** A job's backups, newest first; nothing is asked while no job is chosen. */
export function useBackups(jobId: string | null) {
  const transport = useTransport();
  return useQuery({
    queryKey: backupKeys.list(jobId ?? ''),
    queryFn: () => transport.call('backups.list', { jobId: jobId ?? '' }),
    enabled: jobId !== null,
  });
}

/** What a backup holds, from its manifest: asked only when files are to be picked. */
export function useBackupFiles(backupId: string, enabled: boolean) {
  const transport = useTransport();
  return useQuery({ queryKey: backupKeys.files(backupId), queryFn: () => transport.call('backups.files', { backupId }), enabled });
}

/** The dry run of a retention policy (the job's own, or one typed in its form); null asks nothing. */
export function useRetentionPreview(input: { jobId: string; retention?: RetentionPolicy } | null) {
  const transport = useTransport();
  return useQuery({
    queryKey: backupKeys.retentionPreview(input?.jobId ?? '', input?.retention ?? null),
    queryFn: () => transport.call('backups.retentionPreview', input ?? { jobId: '' }),
    enabled: input !== null,
  });
}

/** A task as it is now replaces what the overview held for it, or joins the running ones. */
function upsertRunningTask(queryClient: QueryClient, task: BackupTask): void {
  queryClient.setQueryData<Overview>(backupKeys.overview, (overview) => {
    if (overview === undefined) return undefined;
    const known = overview.running.some((running) => running.taskId === task.taskId);
    return {
      ...overview,
      running: known ? overview.running.map((running) => (running.taskId === task.taskId ? task : running)) : [...overview.running, task],
    };
  });
}

function dropRunningTask(queryClient: QueryClient, taskId: string): void {
  queryClient.setQueryData<Overview>(
    backupKeys.overview,
    (overview) => overview && { ...overview, running: overview.running.filter((task) => task.taskId !== taskId) },
  );
}

function invalidateJobs(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: backupKeys.overview });
}

/** A job's backups changed (or, with null, some job's): its list and every retention dry run are stale. */
function invalidateBackups(queryClient: QueryClient, jobId: string | null): void {
  void queryClient.invalidateQueries({ queryKey: jobId === null ? backupKeys.listAll : backupKeys.list(jobId) });
  void queryClient.invalidateQueries({ queryKey: backupKeys.retentionPreviewAll });
  // A run ended: its job's history has one more.
  void queryClient.invalidateQueries({ queryKey: jobId === null ? ['backups.runs'] : ['backups.runs', jobId] });
}

/**
 * Commands whose input carries a passphrase: the mutation, input and all, leaves the cache as soon
 * as no form watches it, so no passphrase outlives the form it was typed in.
 */
const FORGET_INPUT_AT_ONCE = { gcTime: 0 } as const;

export function useCreateBackupJob() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    ...FORGET_INPUT_AT_ONCE,
    mutationFn: (input: MethodInput<'backups.createJob'>) => transport.call('backups.createJob', input),
    onSuccess: () => invalidateJobs(queryClient),
  });
}

export function useUpdateBackupJob() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    ...FORGET_INPUT_AT_ONCE,
    mutationFn: (input: MethodInput<'backups.updateJob'>) => transport.call('backups.updateJob', input),
    onSuccess: (job) => {
      invalidateJobs(queryClient);
      // A changed policy keeps other backups.
      invalidateBackups(queryClient, job.id);
    },
  });
}

/** The job goes; its backups stay on disk. */
export function useDeleteBackupJob() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'backups.deleteJob'>) => transport.call('backups.deleteJob', input),
    onSuccess: ({ id }) => {
      invalidateJobs(queryClient);
      queryClient.removeQueries({ queryKey: backupKeys.list(id) });
    },
  });
}

/** Starting a task answers with it: it shows among the running ones before its first progress report. */
function useTaskCommand<M extends 'backups.runNow' | 'backups.verify' | 'backups.restore'>(method: M, options: { gcTime?: number } = {}) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    ...options,
    mutationFn: (input: MethodInput<M>) => transport.call(method, input) as Promise<BackupTask>,
    onSuccess: (task) => upsertRunningTask(queryClient, task),
  });
}

export function useRunBackupNow() {
  return useTaskCommand('backups.runNow');
}

export function useVerifyBackup() {
  return useTaskCommand('backups.verify');
}

/** Its input may carry the passphrase of a backup made with another key. */
export function useRestoreBackup() {
  return useTaskCommand('backups.restore', FORGET_INPUT_AT_ONCE);
}

/** The task stays shown until backups.changed says it ended: cancelling removes what it half wrote first. */
export function useCancelBackupTask() {
  const transport = useTransport();
  return useMutation({ mutationFn: (input: MethodInput<'backups.cancel'>) => transport.call('backups.cancel', input) });
}

/** Deletes what the job's policy does not keep, and answers with what it kept and deleted. */
export function useApplyRetention() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'backups.applyRetention'>) => transport.call('backups.applyRetention', input),
    onSuccess: (_result, { jobId }) => invalidateBackups(queryClient, jobId),
  });
}

/**
 * Keeps backups current from core's events, on every page: progress replaces its task in the
 * overview, so the bars move without polling; an ended task leaves the running ones and is kept
 * (the last few) for the outcome lines; any change makes the jobs and that job's backups stale.
 */
export function useBackupEventsInCache(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(() => {
    // Progress is throttled apart from the end: a late report must not bring an ended task back.
    const endedTaskIds = new Set<string>();
    const unsubscribes = [
      transport.on('backups.progress', (task) => {
        if (!endedTaskIds.has(task.taskId)) upsertRunningTask(queryClient, task);
      }),
      transport.on('backups.changed', ({ jobId, ended }) => {
        if (ended !== null) {
          endedTaskIds.add(ended.taskId);
          dropRunningTask(queryClient, ended.taskId);
          const outcome: BackupOutcome = { ...ended, receivedAt: Date.now() };
          queryClient.setQueryData<BackupOutcome[]>(backupKeys.outcomes, (previous = []) => [
            ...previous.filter((known) => known.taskId !== ended.taskId).slice(1 - KEPT_OUTCOMES),
            outcome,
          ]);
        }
        invalidateJobs(queryClient);
        invalidateBackups(queryClient, jobId);
      }),
    ];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [transport, queryClient]);
}

/** Tasks that ended since this console started (at most the last few), oldest first. */
export function useBackupOutcomes(): BackupOutcome[] {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: backupKeys.outcomes,
    queryFn: () => queryClient.getQueryData<BackupOutcome[]>(backupKeys.outcomes) ?? [],
    initialData: [],
    staleTime: Infinity,
    enabled: false,
  });
  return data;
}

/** Takes an outcome line away once read. */
export function useDismissBackupOutcome(): (taskId: string) => void {
  const queryClient = useQueryClient();
  return (taskId) =>
    queryClient.setQueryData<BackupOutcome[]>(backupKeys.outcomes, (previous = []) =>
      previous.filter((outcome) => outcome.taskId !== taskId),
    );
}
