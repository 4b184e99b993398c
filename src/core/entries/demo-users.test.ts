import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { seatAt, TEST_PASSWORD_PARAMETERS } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import { demoPeopleText, seedDemoUsers } from './demo';

const tempDir = useTempDirs();

describe('demo users', () => {
  it('makes an operator, a supervisor, an admin and a viewer whose printed passwords sign in, once only', async () => {
    const { core } = startTestCore(tempDir(), { clock: new FakeClock(), passwordParameters: TEST_PASSWORD_PARAMETERS, sopFolder: null });
    const people = await seedDemoUsers(core.dispatcher);
    expect(people.map((person) => person.role)).toEqual(['operator', 'supervisor', 'admin', 'viewer']);
    const text = demoPeopleText(people);
    for (const person of people) {
      expect(text).toContain(person.password);
      const seat = seatAt(core, `seat-${person.username}`);
      expect(await seat.signIn(person.username, person.password)).toMatchObject({ ok: true, value: { user: { role: person.role } } });
    }
    expect(new Set(people.map((person) => person.password)).size).toBe(4);
    expect(await seedDemoUsers(core.dispatcher)).toEqual([]);
    expect(demoPeopleText([])).toBe('');
    core.close();
  });
});
