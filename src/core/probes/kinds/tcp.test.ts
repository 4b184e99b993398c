import { afterEach, describe, expect, it } from 'vitest';
import { tcpProbe } from './tcp';
import { probeContext } from './testing/context';
import { allSocketsClosed, closedPort, startTcpServer, type RunningServer } from './testing/servers';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('tcp probe', () => {
  it('connects to an open port, reports the connect time and closes the connection', async () => {
    server = await startTcpServer(() => undefined);
    const outcome = await tcpProbe.run({ kind: 'tcp', host: '127.0.0.1', port: server.port }, probeContext());
    expect(outcome).toMatchObject({ ok: true, error: null });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(outcome.latencyMs).toBeLessThan(1_000);
    await allSocketsClosed(server);
  });

  it('says "connection refused" when nothing listens', async () => {
    const port = await closedPort();
    expect(await tcpProbe.run({ kind: 'tcp', host: '127.0.0.1', port }, probeContext())).toEqual({
      ok: false,
      latencyMs: null,
      error: 'connection refused',
    });
  });

  it('gives up at once on a signal that has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await tcpProbe.run(
      { kind: 'tcp', host: '127.0.0.1', port: 9 },
      { signal: controller.signal, timeoutMs: 5_000, now: () => 0 },
    );
    expect(outcome).toEqual({ ok: false, latencyMs: null, error: 'timed out after 5000 ms' });
  });

  it('names the target host for the per-host cap', () => {
    expect(tcpProbe.targetHost({ kind: 'tcp', host: 'panel.site-b', port: 4025 })).toBe('panel.site-b');
  });
});
