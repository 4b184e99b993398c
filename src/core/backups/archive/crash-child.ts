// Runs one backup and prints every progress report on stdout ("progress <phase> <bytesDone>"), so
// crash.test.ts can kill it with SIGKILL at a chosen point. Spawned with node --import tsx.
import { createBackup } from './write-backup';
import type { KdfParams } from './format';

interface CrashChildArgs {
  destination: string;
  folder: string;
  databasePath: string;
  databaseKeyHex: string;
  keyHex: string;
  keyId: string;
  kdf: KdfParams;
}

const args = JSON.parse(process.argv[2] ?? '{}') as CrashChildArgs;
const result = await createBackup({
  destination: args.destination,
  key: { key: Buffer.from(args.keyHex, 'hex'), keyId: args.keyId, kdf: args.kdf },
  database: { path: args.databasePath, key: Buffer.from(args.databaseKeyHex, 'hex') },
  folders: [{ path: args.folder }],
  label: 'crash',
  progressIntervalMs: 0,
  onProgress: (progress) => process.stdout.write(`progress ${progress.phase} ${progress.bytesDone}\n`),
});
process.stdout.write(`complete ${result.name}\n`);
