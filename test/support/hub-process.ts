import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface HubSeatCredentials {
  name: string;
  seatId: string;
  credential: string;
}

export interface HubProcess {
  url: string;
  port: number;
  /** As printed at start: "AB:CD:…". */
  fingerprint: string;
  /** The seats this start registered (--register-seat), with their credentials. */
  seats: HubSeatCredentials[];
  pid: number;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL at once, for a caller that is itself exiting. */
  kill(): void;
}

const SEAT_LINES = /Seat registered: (.+)\n {2}seat id: +(\S+)\n {2}credential: (\S+)\n/g;

/**
 * The hub entry (src/core/entries/hub.ts) run from source by tsx in one Node process, so that a
 * signal reaches the hub itself (the tsx command would relay it through a parent). The database key
 * comes from WATCHROOM_DB_KEY, so the caller can open the hub's database after or alongside it.
 */
export async function startHubProcess(options: {
  dataDir: string;
  dbKeyHex: string;
  port?: number;
  registerSeats?: readonly string[];
}): Promise<HubProcess> {
  const seatArgs = (options.registerSeats ?? []).flatMap((name) => ['--register-seat', name]);
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/core/entries/hub.ts', '--data-dir', options.dataDir, '--port', String(options.port ?? 0), ...seatArgs],
    { env: { ...process.env, WATCHROOM_DB_KEY: options.dbKeyHex, WATCHROOM_LOG_LEVEL: 'warn' } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stdout = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      // The hub prints its address, fingerprint, new seats and data folder in one write; the data folder comes last.
      if (/Data folder: .*\n/.test(text)) resolve(text);
    });
    child.on('exit', (code) => reject(new Error(`the hub exited with ${code}: ${stderr}`)));
  });
  const url = /listening for consoles at (\S+)/.exec(stdout)?.[1] ?? '';
  const fingerprint = /Hub certificate SHA-256 fingerprint: (\S+)/.exec(stdout)?.[1] ?? '';
  const seats = [...stdout.matchAll(SEAT_LINES)].map(([, name = '', seatId = '', credential = '']) => ({ name, seatId, credential }));
  return {
    url,
    port: Number(new URL(url).port),
    fingerprint,
    seats,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
    kill: () => void child.kill('SIGKILL'),
  };
}
