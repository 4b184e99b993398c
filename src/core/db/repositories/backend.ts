import { eq, inArray, sql } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { meta } from '../schema';

const CHOICE_KEY = 'backend.choice';
const CREDENTIAL_KEY = 'backend.seat_credential';

/**
 * Which backend this console works against, kept in the local database's meta table: never
 * replicated (a replica holds the hub's data, this is the workstation's own), and the seat
 * credential stays in the encrypted file, out of every settings file and the renderer.
 */
export interface BackendRepository {
  /** The stored choice as written (JSON text), or null for the default: this workstation. */
  readChoice(): string | null;
  readCredential(): string | null;
  /** A hub, with its seat credential; both in one write, so a choice never lacks its credential. */
  writeHub(choiceJson: string, credential: string): void;
  /** Back to this workstation: the choice and the credential are removed. */
  clear(): void;
}

export function createBackendRepository(db: WatchroomDb): BackendRepository {
  const read = (key: string) => db.select().from(meta).where(eq(meta.key, key)).get()?.value ?? null;
  const write = (key: string, value: string) =>
    db
      .insert(meta)
      .values({ key, value })
      .onConflictDoUpdate({ target: meta.key, set: { value: sql`excluded.value` } })
      .run();
  return {
    readChoice: () => read(CHOICE_KEY),
    readCredential: () => read(CREDENTIAL_KEY),
    writeHub(choiceJson, credential) {
      write(CHOICE_KEY, choiceJson);
      write(CREDENTIAL_KEY, credential);
    },
    clear: () =>
      void db
        .delete(meta)
        .where(inArray(meta.key, [CHOICE_KEY, CREDENTIAL_KEY]))
        .run(),
  };
}
