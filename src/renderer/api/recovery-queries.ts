// Recovery on a replacement workstation (issue 16): a folder of backups opened with its passphrase,
// a job's run history, and the job's key rotation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BackupTask, MethodInput } from '../../shared/contract';
import { backupKeys } from './backup-queries';
import { useTransport } from './transport-context';

/** Each input carries a passphrase: it leaves the cache as soon as no form watches it. */
const FORGET_INPUT_AT_ONCE = { gcTime: 0 } as const;

/**
 * Lists a folder's backups. A query of the contract, asked as a mutation here: the passphrase must
 * never become a cache key, and a folder is opened when the person asks, not refetched behind them.
 */
export function useOpenBackupFolder() {
  const transport = useTransport();
  return useMutation({
    ...FORGET_INPUT_AT_ONCE,
    mutationFn: (input: MethodInput<'backups.openFolder'>) => transport.call('backups.openFolder', input),
  });
}

/** Starting a task answers with it: it shows among the running ones before its first progress report. */
function useFileTask<M extends 'backups.verifyFile' | 'backups.restoreFile'>(method: M) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    ...FORGET_INPUT_AT_ONCE,
    mutationFn: (input: MethodInput<M>) => transport.call(method, input) as Promise<BackupTask>,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: backupKeys.overview }),
  });
}

export function useVerifyBackupFile() {
  return useFileTask('backups.verifyFile');
}

export function useRestoreBackupFile() {
  return useFileTask('backups.restoreFile');
}

/** A job's runs, newest first (kept current by backups.changed). */
export function useBackupRuns(jobId: string) {
  const transport = useTransport();
  return useQuery({
    queryKey: ['backups.runs', jobId] as const,
    queryFn: () => transport.call('backups.runs', { jobId }),
    select: (history) => history.runs,
  });
}

export function useRotateBackupKey() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    ...FORGET_INPUT_AT_ONCE,
    mutationFn: (input: MethodInput<'backups.rotateKey'>) => transport.call('backups.rotateKey', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: backupKeys.overview }),
  });
}
