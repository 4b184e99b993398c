import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { startPeopleCore, TEST_PASSWORD_PARAMETERS, passwordOf } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories } from '../db';
import { createOfflineSignIn, OFFLINE_REFUSALS, OFFLINE_SIGN_IN_VALID_MS } from './offline-sign-in';

const tempDir = useTempDirs();
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const SEAT = 'seat-3';
const MINUTE = 60_000;

/** A core whose users stand for a replica's, with Olga (operator) who signed in online at seat 3 just now. */
async function setUp() {
  const people = await startPeopleCore(tempDir());
  closers.push(() => people.core.close());
  const repos = createRepositories(people.core.store);
  const olga = await people.person('olga', 'operator', 'Olga Operator');
  // Its own clock: days pass for the verifiers without running the core's timers.
  const clock = new FakeClock();
  const offline = createOfflineSignIn({
    verifiers: repos.offline,
    lockout: repos.people,
    replicaUsers: repos.people,
    clock,
    passwordParameters: TEST_PASSWORD_PARAMETERS,
    timeZone: () => 'utc',
  });
  await offline.remember(SEAT, { ...olga, totpEnabled: false }, passwordOf('olga'));
  return { ...people, clock, repos, olga, offline };
}

describe('offline sign-in against a verifier kept from an online sign-in at this seat', () => {
  it('lets the person in with their password, as the user the replica has, and keeps no copy of the hub hash', async () => {
    const { offline, olga, repos } = await setUp();
    expect(await offline.signIn(SEAT, 'olga', passwordOf('olga'))).toMatchObject({ ok: true, user: { id: olga.id, role: 'operator' } });
    const kept = repos.offline.getVerifier(SEAT, 'olga');
    expect(kept?.verifier).toMatch(/^\$argon2id\$/);
    expect(kept?.verifier).not.toBe(repos.people.getUser(olga.id)?.passwordHash);
    // Only at the seat it was made at.
    expect(await offline.signIn('seat-1', 'olga', passwordOf('olga'))).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden', message: OFFLINE_REFUSALS.notHere },
    });
  });

  it('refuses a wrong password as online does, and the fifth wrong one locks the name for 15 minutes', async () => {
    const { offline, clock } = await setUp();
    for (let attempt = 1; attempt <= 4; attempt += 1)
      expect(await offline.signIn(SEAT, 'olga', 'not her password')).toMatchObject({
        ok: false,
        refusal: { message: 'Wrong username or password' },
      });
    expect(await offline.signIn(SEAT, 'olga', 'not her password')).toMatchObject({
      ok: false,
      refusal: { message: expect.stringMatching(/^Too many failed sign-ins: try again at \d\d:\d\d$/) },
    });
    // Locked: the right password does not open it early.
    clock.advance(14 * MINUTE);
    expect(await offline.signIn(SEAT, 'olga', passwordOf('olga'))).toMatchObject({
      ok: false,
      refusal: { message: expect.stringContaining('Too many failed sign-ins') },
    });
    clock.advance(16 * MINUTE);
    expect(await offline.signIn(SEAT, 'olga', passwordOf('olga'))).toMatchObject({ ok: true });
  });

  it('is good for 7 days from the online sign-in, then says why not', async () => {
    const { offline, clock } = await setUp();
    clock.advance(OFFLINE_SIGN_IN_VALID_MS - MINUTE);
    expect(await offline.signIn(SEAT, 'olga', passwordOf('olga'))).toMatchObject({ ok: true });
    clock.advance(MINUTE);
    expect(await offline.signIn(SEAT, 'olga', passwordOf('olga'))).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden', message: expect.stringContaining('more than 7 days ago: sign in when the hub is back') },
    });
    // A wrong password after expiry is only wrong: the expiry is told to the person who knows it.
    expect(await offline.signIn(SEAT, 'olga', 'guess')).toMatchObject({ ok: false, refusal: { message: 'Wrong username or password' } });
  });

  it('refuses someone the hub disabled (the replica has it), and forgets their verifier', async () => {
    const { offline, olga, repos } = await setUp();
    repos.people.updateUser(olga.id, { active: false });
    expect(await offline.signIn(SEAT, 'olga', passwordOf('olga'))).toMatchObject({
      ok: false,
      refusal: { message: OFFLINE_REFUSALS.disabled },
    });
    expect(repos.offline.getVerifier(SEAT, 'olga')).toBeUndefined();
  });

  it('refuses someone who never signed in online here with a sentence that says what would work', async () => {
    const { offline } = await setUp();
    expect(await offline.signIn(SEAT, 'ada', 'ada keeps the keys')).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden', message: OFFLINE_REFUSALS.notHere },
    });
  });

  it('never signs in offline a person with an authenticator app: their verifier is not kept, and one made before is not used', async () => {
    const { offline, olga, repos, person } = await setUp();
    const tom = await person('tom', 'supervisor', 'Tom Two-Factor');
    await offline.remember(SEAT, { ...tom, totpEnabled: true }, passwordOf('tom'));
    expect(repos.offline.getVerifier(SEAT, 'tom')).toBeUndefined();
    // Olga set up an app after her verifier was made: the replica says she has one now.
    repos.people.updateUser(olga.id, { totpSecret: '!replica' });
    expect(await offline.signIn(SEAT, 'olga', passwordOf('olga'))).toMatchObject({
      ok: false,
      refusal: { message: OFFLINE_REFUSALS.twoFactor },
    });
  });

  it("wipes every verifier of a seat given up or revoked, and keeps this seat's", async () => {
    const { offline, repos } = await setUp();
    expect(offline.keepOnlySeat(SEAT)).toBe(0);
    expect(repos.offline.getVerifier(SEAT, 'olga')).toBeDefined();
    expect(offline.keepOnlySeat(null)).toBe(1);
    expect(await offline.signIn(SEAT, 'olga', passwordOf('olga'))).toMatchObject({
      ok: false,
      refusal: { message: OFFLINE_REFUSALS.notHere },
    });
  });
});
