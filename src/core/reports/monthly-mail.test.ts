import { describe, expect, it } from 'vitest';
import { createRepositories } from '../db';
import { createSilentLogger } from '../logging';
import { identityFromSettings, invoke, LOCAL_OPERATOR } from '../service';
import { createSettingsStore } from '../settings';
import { FakeClock } from '../../../test/support/fake-clock';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Channel } from '../../shared/contract';
import { REVIEW_RETRY_MS, startMonthlyMail } from './monthly-mail';
import type { EmailChannelConfig, ReportMail, ReportMailer } from './ports';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * The sender on its own fake clock over a real console's database: only its own timers run, so
 * days of fake time pass at once. A restart is a second sender on the same database.
 */
async function consoleWithReviewChannel(start: number) {
  const { core, call } = startTestCore(tempDir(), { clock: new FakeClock(start), sopFolder: null });
  await call('settings.set', { timeZone: 'utc' });
  const channel = (await call('channels.create', {
    name: 'Management',
    config: { kind: 'email', host: 'smtp.example.com', from: 'watchroom@example.com', to: ['ops-lead@example.com'] },
  })) as { ok: true; value: Channel };
  const repos = createRepositories(core.store);
  const settings = createSettingsStore(repos);
  const sent: { at: number; to: string[]; mail: ReportMail }[] = [];
  let refuse = false;
  const clock = new FakeClock(start);
  const mailer: ReportMailer = (config: EmailChannelConfig, mail) => {
    if (refuse) return Promise.resolve({ ok: false, reason: 'smtp.example.com:587 refused the message: 451 try later' });
    sent.push({ at: clock.now(), to: config.to, mail });
    return Promise.resolve({ ok: true, detail: 'accepted' });
  };
  const startSender = () =>
    startMonthlyMail({
      repos,
      clock,
      timers: clock,
      logger: createSilentLogger(),
      settings: () => settings.get(),
      identity: identityFromSettings(() => settings.get()),
      mailer,
      review: (month) => invoke(core.dispatcher, 'reports.operationsReview', { month }, { actor: LOCAL_OPERATOR }),
    });
  return {
    core,
    call,
    clock,
    sent,
    startSender,
    channelId: channel.value.id,
    refuseMail: (value: boolean) => (refuse = value),
  };
}

describe('the monthly review by e-mail', () => {
  it('goes out on the 1st at 08:00 console time, once, and not again after a restart', async () => {
    const room = await consoleWithReviewChannel(Date.UTC(2026, 10, 30, 20, 0));
    await room.call('settings.set', { monthlyReviewChannelId: room.channelId });
    let sender = room.startSender();
    room.clock.advance(Date.UTC(2026, 11, 1, 7, 59) - room.clock.now());
    await sender.settled();
    expect(room.sent).toEqual([]);
    room.clock.advance(MINUTE);
    await sender.settled();
    expect(room.sent).toHaveLength(1);
    expect(room.sent[0]).toMatchObject({ at: Date.UTC(2026, 11, 1, 8, 0), to: ['ops-lead@example.com'] });
    expect(room.sent[0]!.mail.subject).toBe('Operations review November 2026 \u2014 Watchroom Control room');
    expect(room.sent[0]!.mail.text).toContain('# Operations review November 2026');
    // A restart later that morning finds November sent.
    sender.stop();
    room.clock.advance(2 * HOUR);
    sender = room.startSender();
    room.clock.advance(HOUR);
    await sender.settled();
    expect(room.sent).toHaveLength(1);
    // A month later, December's review.
    room.clock.advance(Date.UTC(2027, 0, 1, 8, 0) - room.clock.now());
    await sender.settled();
    expect(room.sent.map((s) => s.mail.subject)).toEqual([
      'Operations review November 2026 \u2014 Watchroom Control room',
      'Operations review December 2026 \u2014 Watchroom Control room',
    ]);
    sender.stop();
    room.core.close();
  });

  it('sends a review missed while the console was off at the next start, and tries a refused one again an hour later', async () => {
    // Off over the 1st: started on the 2nd at 10:00.
    const room = await consoleWithReviewChannel(Date.UTC(2026, 11, 2, 10, 0));
    await room.call('settings.set', { monthlyReviewChannelId: room.channelId });
    room.refuseMail(true);
    const sender = room.startSender();
    await sender.settled();
    expect(room.sent).toEqual([]);
    room.refuseMail(false);
    room.clock.advance(REVIEW_RETRY_MS - MINUTE);
    await sender.settled();
    expect(room.sent).toEqual([]);
    room.clock.advance(MINUTE);
    await sender.settled();
    expect(room.sent.map((s) => [s.at, s.mail.subject])).toEqual([
      [Date.UTC(2026, 11, 2, 11, 0), 'Operations review November 2026 \u2014 Watchroom Control room'],
    ]);
    sender.stop();
    room.core.close();
  });

  it('does not send a review more than a week late', async () => {
    const room = await consoleWithReviewChannel(Date.UTC(2026, 11, 8, 9, 0));
    await room.call('settings.set', { monthlyReviewChannelId: room.channelId });
    const sender = room.startSender();
    await sender.settled();
    room.clock.advance(HOUR);
    await sender.settled();
    expect(room.sent).toEqual([]);
    sender.stop();
    room.core.close();
  });

  it('sends nothing while no channel is set', async () => {
    const room = await consoleWithReviewChannel(Date.UTC(2026, 10, 30, 20, 0));
    const sender = room.startSender();
    room.clock.advance(Date.UTC(2026, 11, 2, 0, 0) - room.clock.now());
    await sender.settled();
    expect(room.sent).toEqual([]);
    sender.stop();
    room.core.close();
  });
});
