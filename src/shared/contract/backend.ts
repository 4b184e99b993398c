import { z } from 'zod';
import { text } from './strings';

/**
 * Which backend a console works against: this workstation's own core (embedded), or a hub whose
 * certificate is pinned like an SSH host key. The seat credential never travels back: core keeps
 * it in its local encrypted database.
 */
export const HubAddress = text()
  .min(1)
  .max(300)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (
      url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '' && url.search === '' && url.hash === ''
    );
  }, 'give the hub as https://host:port (TLS always), with no path, query or credentials');

/** A certificate's SHA-256 fingerprint as OpenSSL and Node print it: 32 hex pairs, colon-separated. */
export const CertificateFingerprint = text()
  .trim()
  .toUpperCase()
  .regex(/^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'a SHA-256 fingerprint is 32 pairs of hex digits separated by colons (AB:CD:...)');

export const BackendChoice = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded') }),
  z.strictObject({ kind: z.literal('hub'), address: HubAddress, fingerprint: CertificateFingerprint, seatId: text().min(1).max(100) }),
]);
export type BackendChoice = z.infer<typeof BackendChoice>;

/**
 * How this console is connected, honestly: `connected` with how fresh the replica is, `offline`
 * since when and what time the data shown is from (null when it never caught up).
 */
export const BackendLink = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('embedded') }),
  z.strictObject({
    state: z.literal('connecting'),
    address: text(),
    appliedSeq: z.number().int().nonnegative(),
    dataAsOf: z.number().int().nullable(),
  }),
  z.strictObject({
    state: z.literal('connected'),
    address: text(),
    seatName: text(),
    /** Round trip of the last heartbeat or request, ms. */
    latencyMs: z.number().nonnegative().nullable(),
    appliedSeq: z.number().int().nonnegative(),
    head: z.number().int().nonnegative(),
    dataAsOf: z.number().int().nullable(),
  }),
  z.strictObject({
    state: z.literal('offline'),
    address: text(),
    since: z.number().int(),
    /** Why the last attempt failed, in words a person can act on (a changed certificate, a refused seat). */
    reason: text(),
    appliedSeq: z.number().int().nonnegative(),
    dataAsOf: z.number().int().nullable(),
  }),
]);
export type BackendLink = z.infer<typeof BackendLink>;

export const BackendState = z.strictObject({
  /** The backend this core runs against now (a hub given on serve's command line included). */
  running: BackendChoice,
  /** What is saved for the next start. */
  choice: BackendChoice,
  /** True when the saved choice differs from the backend this core runs on: it takes effect at the next start. */
  restartNeeded: z.boolean(),
  link: BackendLink,
});
export type BackendState = z.infer<typeof BackendState>;

export const InspectHubInput = z.strictObject({ address: HubAddress });
/** What the hub presented, for the person to compare with what the hub printed when it started. */
export const HubCertificate = z.strictObject({
  address: text(),
  fingerprint: text(),
  subject: text(),
  validFrom: text(),
  validTo: text(),
});
export type HubCertificate = z.infer<typeof HubCertificate>;

export const UseHubInput = z.strictObject({
  address: HubAddress,
  fingerprint: CertificateFingerprint,
  seatId: text().min(1).max(100),
  /** Shown once to the admin who registered the seat on the hub; kept only in the local encrypted database. */
  credential: text().min(1).max(200),
});
export type UseHubInput = z.infer<typeof UseHubInput>;
