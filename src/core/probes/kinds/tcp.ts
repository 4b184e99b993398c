import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { abortable } from './abortable';
import { outcomeFromError, success } from './outcome';
import type { ProbeKind } from './types';

/** Resolves with the connect time in ms; the socket is closed right after (nothing is sent). */
function connectTime(host: string, port: number, signal: AbortSignal): Promise<number> {
  return abortable<number>(signal, (settle) => {
    const startedAt = performance.now();
    const socket = net.connect({ host, port });
    socket.once('connect', () => settle.resolve(performance.now() - startedAt));
    socket.on('error', settle.reject);
    return () => socket.destroy();
  });
}

export const tcpProbe: ProbeKind<'tcp'> = {
  kind: 'tcp',
  targetHost: (config) => config.host,
  async run(config, context) {
    try {
      return success(await connectTime(config.host, config.port, context.signal));
    } catch (error) {
      return outcomeFromError(error, context);
    }
  },
};
