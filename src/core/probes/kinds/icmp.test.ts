import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIcmpProbe, icmpProbe } from './icmp';
import { probeContext, timed } from './testing/context';

const systemPingExists = existsSync('/usr/bin/ping') || existsSync('/bin/ping');
const scripts = mkdtempSync(path.join(tmpdir(), 'watchroom-ping-'));
afterAll(() => rmSync(scripts, { recursive: true, force: true }));

/** A stand-in ping binary (a shell script) that prints and exits as the real one does in that case. */
function fakePing(name: string, body: string, mode = 0o755): string {
  const file = path.join(scripts, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode });
  return file;
}

const target = { kind: 'icmp' as const, host: '127.0.0.1' };

describe('icmp probe', () => {
  it.skipIf(!systemPingExists)('gets an echo reply from 127.0.0.1 through the system ping', async () => {
    const outcome = await icmpProbe.run(target, probeContext(3_000));
    expect(outcome).toMatchObject({ ok: true, error: null });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(outcome.latencyMs).toBeLessThan(1_000);
  });

  it('is indeterminate, not down, when ping is not installed', async () => {
    const probe = createIcmpProbe({ pingPath: path.join(scripts, 'no-such-ping') });
    expect(await probe.run(target, probeContext())).toEqual({
      ok: false,
      latencyMs: null,
      error: 'ping is not installed on this console; install iputils-ping',
      indeterminate: true,
    });
  });

  it('is indeterminate when ping may not be run', async () => {
    const probe = createIcmpProbe({ pingPath: fakePing('not-executable', 'exit 0', 0o644) });
    const outcome = await probe.run(target, probeContext());
    expect(outcome).toMatchObject({ ok: false, indeterminate: true });
    expect(outcome.error).toMatch(/^ping cannot be run on this console \(permission denied\); give ping the cap_net_raw capability/);
  });

  it('is indeterminate when ping lacks the raw-socket privilege', async () => {
    const probe = createIcmpProbe({ pingPath: fakePing('no-privilege', 'echo "ping: socket: Operation not permitted" >&2; exit 2') });
    const outcome = await probe.run(target, probeContext());
    expect(outcome).toMatchObject({ ok: false, indeterminate: true });
    expect(outcome.error).toMatch(/^ping is not permitted on this console \(ping: socket: Operation not permitted\)/);
  });

  it('parses the round-trip time and passes one packet, numeric output and the wait in seconds', async () => {
    const argsFile = path.join(scripts, 'args.txt');
    const probe = createIcmpProbe({
      pingPath: fakePing(
        'replies',
        `printf '%s ' "$@" > ${argsFile}\necho "64 bytes from 10.0.0.7: icmp_seq=1 ttl=64 time=12.4 ms"\nexit 0`,
      ),
    });
    expect(await probe.run({ kind: 'icmp', host: '10.0.0.7' }, probeContext(2_500))).toEqual({ ok: true, latencyMs: 12.4, error: null });
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('-n -c 1 -W 3 10.0.0.7');
  });

  it('says "no reply" when the echo goes unanswered', async () => {
    const probe = createIcmpProbe({ pingPath: fakePing('silent', 'echo "1 packets transmitted, 0 received, 100% packet loss"; exit 1') });
    expect(await probe.run(target, probeContext())).toEqual({ ok: false, latencyMs: null, error: 'no reply' });
  });

  it('says when the host name does not resolve', async () => {
    const probe = createIcmpProbe({ pingPath: fakePing('unknown-host', 'echo "ping: nvr.site-z: Name or service not known" >&2; exit 2') });
    expect((await probe.run({ kind: 'icmp', host: 'nvr.site-z' }, probeContext())).error).toBe('host name "nvr.site-z" not found (DNS)');
  });

  it('stops a ping that outlives the timeout', async () => {
    const probe = createIcmpProbe({ pingPath: fakePing('hangs', 'exec sleep 30') });
    const { result, elapsedMs } = await timed(() => probe.run(target, probeContext(300)));
    expect(result).toEqual({ ok: false, latencyMs: null, error: 'timed out after 300 ms' });
    expect(elapsedMs).toBeLessThan(300 + 250);
  });

  it('refuses a host that ping would read as an option', async () => {
    const probe = createIcmpProbe({ pingPath: path.join(scripts, 'never-run') });
    expect((await probe.run({ kind: 'icmp', host: '-f' }, probeContext())).error).toBe('"-f" is not a host name or IP address');
  });
});
