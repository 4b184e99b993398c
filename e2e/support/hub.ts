import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect as tlsConnect } from 'node:tls';
import { io, type Socket } from 'socket.io-client';
import { HUB_NAMESPACE, HUB_PROTOCOL_VERSION } from '../../src/shared/contract';

export interface HubSeatCredentials {
  name: string;
  seatId: string;
  credential: string;
}

export interface RunningHub {
  url: string;
  port: number;
  dataDir: string;
  /** As printed at start: "AB:CD:…". */
  fingerprint: string;
  /** The seats this start registered (--register-seat, or "First seat" on an empty hub), with their credentials. */
  seats: HubSeatCredentials[];
  pid: number;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all, as a crash or a pulled plug. */
  kill(): Promise<void>;
}

const SEAT_LINES = /Seat registered: (.+)\n {2}seat id: +(\S+)\n {2}credential: (\S+)\n/g;

/** Starts the built hub (dist/core/hub.mjs) on loopback and waits for its address, fingerprint and new seats. */
export async function startHub(dataDir: string, extraArgs: string[] = [], port = 0): Promise<RunningHub> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['dist/core/hub.mjs', '--data-dir', dataDir, '--port', String(port), ...extraArgs],
    { env: { ...process.env, WATCHROOM_LOG_LEVEL: 'info' } },
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
  const exited = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.on('exit', () => resolve());
      child.kill(signal);
    });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    fingerprint,
    seats,
    pid: child.pid ?? 0,
    stop: () => exited('SIGTERM'),
    kill: () => exited('SIGKILL'),
  };
}

/** The SHA-256 fingerprint of the certificate the hub presents, read with TLS and nothing else. */
export function presentedFingerprint(hub: RunningHub): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port: hub.port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** A console's socket to the hub as a seat (the certificate is checked by the caller, with presentedFingerprint). */
export function hubSocket(hub: RunningHub, seat: HubSeatCredentials, options: { reconnection?: boolean } = {}): Socket {
  return io(`${hub.url}${HUB_NAMESPACE}`, {
    auth: { protocol: HUB_PROTOCOL_VERSION, seatId: seat.seatId, credential: seat.credential },
    transports: ['websocket'],
    reconnection: options.reconnection ?? false,
    rejectUnauthorized: false,
  });
}
