import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { createSilentLogger } from '../../logging';
import { createNotifier, type Notifier } from './index';
import { alertMessage, emailChannel } from './testing/fixtures';
import { collectOutcomes } from './testing/outcomes';
import { closedPort, startSilentServer, startSmtpReceiver, type SmtpReceiver } from './testing/servers';
import { watchTimers } from './testing/timers';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((step) => step()));
  cleanup = [];
});

function setup(): {
  clock: FakeClock;
  timers: ReturnType<typeof watchTimers>;
  notifier: Notifier;
  outcomes: ReturnType<typeof collectOutcomes>;
} {
  const clock = new FakeClock();
  const timers = watchTimers(clock);
  const outcomes = collectOutcomes();
  const notifier = createNotifier({ clock, timers, logger: createSilentLogger(), timeZone: () => 'utc', onOutcome: outcomes.onOutcome });
  cleanup.push(() => notifier.stop());
  return { clock, timers, notifier, outcomes };
}

async function smtp(options: Parameters<typeof startSmtpReceiver>[0] = {}): Promise<SmtpReceiver> {
  const started = await startSmtpReceiver(options);
  cleanup.push(() => started.close());
  return started;
}

/** A server that checks the login as a real relay would. */
function requireLogin(username: string, password: string): Parameters<typeof startSmtpReceiver>[0] {
  return {
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === username && auth.password === password) callback(null, { user: username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
  };
}

function refuseRecipient(responseCode: number, text: string, times = Infinity): Parameters<typeof startSmtpReceiver>[0] {
  let refused = 0;
  return {
    onRcptTo(_address, _session, callback) {
      if (refused >= times) return callback();
      refused += 1;
      callback(Object.assign(new Error(text), { responseCode }));
    },
  };
}

describe('e-mail delivery', () => {
  it('logs in and mails every recipient a subject and body an operator can act on', async () => {
    const { clock, notifier, outcomes } = setup();
    const server = await smtp(requireLogin('watchroom', 'relay-pass'));
    const channel = emailChannel(server.port, {
      username: 'watchroom',
      password: 'relay-pass',
      to: ['duty@example.com', 'lead@example.com'],
    });
    notifier.send(channel, alertMessage());

    const outcome = await outcomes.nth(1);
    expect(outcome).toEqual({
      channelId: 'ch-1',
      channelName: 'Duty desk',
      at: clock.now(),
      ok: true,
      attempts: 1,
      detail: `accepted by 127.0.0.1:${server.port} for duty@example.com, lead@example.com (1 attempt)`,
      // The relay took it on: sent, not yet delivered to a mailbox.
      stage: 'sent',
      status: null,
      answer: null,
    });
    const [mail] = server.messages;
    expect(mail?.from).toBe('watchroom@example.com');
    expect(mail?.to).toEqual(['duty@example.com', 'lead@example.com']);
    expect(mail?.subject).toBe('[CRITICAL] Depot uplink is down: connection refused \u2014 Watchroom Control room');
    expect(mail?.text).toContain('Depot uplink is down: connection refused\n');
    for (const line of [
      'Severity:',
      'critical',
      'Subject:',
      'Depot uplink',
      'Site:',
      'North depot',
      'Rule:',
      'Monitor down',
      '2026-11-23 07:58:00 UTC',
      '2026-11-23 08:00:00 UTC',
      'Occurrences:',
      'al-7',
    ]) {
      expect(mail?.text).toContain(line);
    }
  });

  it('fails at once, naming the reason, when the server refuses the recipient for good', async () => {
    const { notifier, outcomes } = setup();
    const server = await smtp(refuseRecipient(550, 'Mailbox unavailable'));
    notifier.send(emailChannel(server.port), alertMessage());
    const outcome = await outcomes.nth(1);
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(1);
    expect(outcome.detail).toMatch(
      new RegExp(`^127\\.0\\.0\\.1:${server.port} refused the message: .*550 Mailbox unavailable, not retried \\(1 attempt\\)$`),
    );
    expect(server.messages).toHaveLength(0);
  });

  it('says the login was refused, without retrying a wrong password', async () => {
    const { notifier, outcomes } = setup();
    const server = await smtp(requireLogin('watchroom', 'relay-pass'));
    notifier.send(emailChannel(server.port, { username: 'watchroom', password: 'wrong' }), alertMessage());
    const outcome = await outcomes.nth(1);
    expect(outcome).toMatchObject({ ok: false, attempts: 1 });
    expect(outcome.detail).toMatch(/refused the login: .*535 Invalid username or password, not retried/);
  });

  it('retries a temporary refusal after the backoff', async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const server = await smtp(refuseRecipient(451, 'Try again later', 1));
    notifier.send(emailChannel(server.port), alertMessage());
    await timers.pending(1_000);
    clock.advance(1_000);
    const outcome = await outcomes.nth(1);
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    expect(server.messages).toHaveLength(1);
  });

  it('gives up on a server that never greets, closing each connection at the timeout', async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const server = await startSilentServer();
    cleanup.push(() => server.close());
    notifier.send(emailChannel(server.port, { timeoutSeconds: 2 }), alertMessage());
    await server.connected();
    await timers.pending(2_000);
    clock.advance(2_000);
    await server.allConnectionsClosed();
    for (const backoffMs of [1_000, 4_000]) {
      await timers.pending(backoffMs);
      clock.advance(backoffMs);
      await timers.pending(2_000);
      clock.advance(2_000);
    }
    const outcome = await outcomes.nth(1);
    expect(outcome).toMatchObject({ ok: false, attempts: 3, detail: 'timed out after 2 s (3 attempts)' });
  });

  it('says the connection was refused, and by which server', async () => {
    const { clock, timers, notifier, outcomes } = setup();
    const port = await closedPort();
    notifier.send(emailChannel(port), alertMessage());
    for (const backoffMs of [1_000, 4_000]) {
      await timers.pending(backoffMs);
      clock.advance(backoffMs);
    }
    const outcome = await outcomes.nth(1);
    expect(outcome).toMatchObject({ ok: false, attempts: 3, detail: `connection refused by 127.0.0.1:${port} (3 attempts)` });
  });
});
