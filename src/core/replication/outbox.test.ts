import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { openDatabase, type OpenedDatabase } from '../db';
import { createChangeFeed, createOutboxStore, type NewOutboxEntry } from './index';

const tempDir = useTempDirs();
const opened: OpenedDatabase[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function open(path: string, key: Buffer): OpenedDatabase {
  const store = openDatabase(path, key);
  opened.push(store);
  return store;
}

const AT = Date.UTC(2026, 10, 23, 8, 0, 0);
const entry = (method: string, input: unknown, minutes: number): NewOutboxEntry => ({
  id: randomUUID(),
  method,
  input,
  personId: 'u-olga',
  personName: 'Olga Ops',
  signedInAt: AT - 60 * 60_000,
  seat: 'Desk 1',
  issuedAt: AT + minutes * 60_000,
  basedOnSeq: 41,
});

describe('the outbox in the replica database', () => {
  it('keeps commands in the order they were made, with who, where, when and what they were based on, across a restart', () => {
    const path = join(tempDir(), 'replica.db');
    const key = randomBytes(32);
    const first = open(path, key);
    const outbox = createOutboxStore(first.sqlite);
    const ack = entry('alerts.acknowledge', { id: 'a1', reason: 'investigating', note: '' }, 1);
    const note = entry('incidents.addNote', { id: 'i1', note: 'Gate 3 camera rebooted' }, 2);
    const claim = entry('alerts.claim', { id: 'a2' }, 3);
    for (const made of [ack, note, claim]) outbox.add(made);
    outbox.refuse(ack.id, { code: 'conflict', message: 'Alert already acknowledged by Anna Berg at 14:02' }, AT + 10 * 60_000);
    first.close();
    opened.splice(0);

    const reopened = createOutboxStore(open(path, key).sqlite);
    expect(reopened.list().map((e) => [e.method, e.state])).toEqual([
      ['alerts.acknowledge', 'refused'],
      ['incidents.addNote', 'pending'],
      ['alerts.claim', 'pending'],
    ]);
    expect(reopened.get(ack.id)).toMatchObject({
      personId: 'u-olga',
      personName: 'Olga Ops',
      seat: 'Desk 1',
      issuedAt: ack.issuedAt,
      basedOnSeq: 41,
      error: { code: 'conflict', message: 'Alert already acknowledged by Anna Berg at 14:02' },
      refusedAt: AT + 10 * 60_000,
    });
    // A refused command never holds back the ones behind it.
    expect(reopened.nextPending()).toMatchObject({ id: note.id, input: { id: 'i1', note: 'Gate 3 camera rebooted' } });
    expect(reopened.counts()).toEqual({ pending: 2, refused: 1 });
    expect(reopened.remove(note.id)).toBe(true);
    expect(reopened.remove(note.id)).toBe(false);
    expect(reopened.nextPending()?.id).toBe(claim.id);
  });

  it('is no part of the change feed: nothing a console keeps for itself travels to a hub or replica', () => {
    const { sqlite } = open(join(tempDir(), 'hub.db'), randomBytes(32));
    const feed = createChangeFeed(sqlite, { clock: { now: () => AT } });
    const head = feed.head();
    createOutboxStore(sqlite).add(entry('alerts.claim', { id: 'a2' }, 0));
    expect(feed.head()).toBe(head);
  });
});
