import { z } from 'zod';
import { text } from './strings';

/** Lowest to highest; each role may do everything the roles below it may. */
export const ROLES = ['viewer', 'operator', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'a viewer',
  operator: 'an operator',
  supervisor: 'a supervisor',
  admin: 'an admin',
};

/** True when `role` is `least` or above it. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** A password as typed: its length is checked here, how common it is by core (the list is core's). */
export const Password = text()
  .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`);

/** Lower-case letters, digits, dots, dashes and underscores: what a person types at a sign-in screen without doubt. */
export const Username = text()
  .trim()
  .toLowerCase()
  .min(2, 'At least 2 characters')
  .max(40, 'At most 40 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Letters, digits, dots, dashes and underscores, starting with a letter or digit');

export const DisplayName = text().trim().min(1, 'Give the person a name').max(80, 'At most 80 characters');

/** A six-digit code from an authenticator app, or one of the ten recovery codes. */
export const SecondFactorCode = text()
  .trim()
  .min(6, 'Six digits from the authenticator app, or a recovery code')
  .max(32, 'Six digits from the authenticator app, or a recovery code');

/** A person who may use the console. Never deleted: the audit log names them. */
export const User = z
  .object({
    id: text(),
    username: z.string(),
    displayName: z.string(),
    role: Role,
    /** The sites this person works on; null means every site. */
    sites: z.array(text()).nullable(),
    active: z.boolean(),
    totpEnabled: z.boolean(),
    lastSignInAt: z.number().int().nullable(),
    /** Set while too many failed sign-ins keep the account closed. */
    lockedUntil: z.number().int().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .strict();
export type User = z.infer<typeof User>;

/** Who someone is when picked from a list (hand over to, take over from): no account details. */
export const Person = z.object({ id: text(), displayName: z.string(), role: Role }).strict();
export type Person = z.infer<typeof Person>;

export const UserCreateInput = z
  .object({
    username: Username,
    displayName: DisplayName,
    role: Role,
    sites: z.array(text().min(1)).max(1000).nullable().default(null),
    password: Password,
  })
  .strict();
export type UserCreateInput = z.input<typeof UserCreateInput>;

export const UserUpdateInput = z
  .object({
    id: text().min(1),
    displayName: DisplayName.optional(),
    role: Role.optional(),
    sites: z.array(text().min(1)).max(1000).nullable().optional(),
  })
  .strict();

export const UserIdInput = z.object({ id: text().min(1) }).strict();
/** An admin sets a new password for someone who forgot theirs; every session of theirs ends. */
export const ResetPasswordInput = z.object({ id: text().min(1), password: Password }).strict();
export const ChangePasswordInput = z.object({ current: text().max(PASSWORD_MAX), next: Password }).strict();

/** The first admin, made at the first start of a console with no users. */
export const SetupInput = z.object({ username: Username, displayName: DisplayName, password: Password }).strict();

export const SignInInput = z
  .object({
    username: text().trim().toLowerCase().min(1, 'Type your username').max(200),
    // Not the Password schema: a wrong password of any length is only wrong, never a hint.
    password: text().min(1, 'Type your password').max(1024),
    code: SecondFactorCode.optional(),
  })
  .strict();
export type SignInInput = z.input<typeof SignInInput>;

export const SessionKind = z.enum(['person', 'device']);

/** One signed-in seat. */
export const Session = z
  .object({
    id: text(),
    userId: text(),
    userDisplayName: z.string(),
    kind: SessionKind,
    /** The workstation name, or the paired device's name. */
    seat: z.string(),
    /** The network address a browser came from; null on the desktop. */
    address: z.string().nullable(),
    startedAt: z.number().int(),
    lastActiveAt: z.number().int(),
    /** When the absolute lifetime ends (24 hours); null for a paired device. */
    expiresAt: z.number().int().nullable(),
    /** Locked for being idle (or by hand): commands are refused, the board stays. */
    locked: z.boolean(),
    /**
     * Signed in at a console while its hub could not be reached, against the verifier kept from an
     * online sign-in at this seat: the session is the console's own, and its commands wait for the hub.
     */
    offline: z.boolean().optional(),
  })
  .strict();
export type Session = z.infer<typeof Session>;

export const SessionIdInput = z.object({ id: text().min(1) }).strict();

/** What a console shows before anything else: set-up, sign-in, the lock screen, or the console itself. */
export const AuthState = z.discriminatedUnion('state', [
  /** No user exists yet: the first admin must be made. */
  z.object({ state: z.literal('setup') }).strict(),
  z.object({ state: z.literal('signed-out') }).strict(),
  z
    .object({
      state: z.literal('signed-in'),
      user: User,
      session: Session,
      /** Minutes without activity before this seat locks; null when it never does (a wall display). */
      idleLockMinutes: z.number().int().positive().nullable(),
      /** The settings require an authenticator app of this person, who has none yet: the console asks them to enrol. */
      mustEnrolTwoFactor: z.boolean(),
    })
    .strict(),
  z.object({ state: z.literal('locked'), user: User, session: Session }).strict(),
]);
export type AuthState = z.infer<typeof AuthState>;

/** Enrolment of an authenticator app: shown once, confirmed with a first code. */
export const TotpEnrolment = z
  .object({
    /** otpauth:// URI, also drawn as the QR code. */
    uri: z.string(),
    /** The secret in base32, for typing into an app that cannot scan. */
    secret: z.string(),
    qrSvg: z.string(),
  })
  .strict();
export const TotpConfirmInput = z.object({ code: SecondFactorCode }).strict();
/** Ten one-time codes, shown once, for a lost phone. */
export const RecoveryCodes = z.object({ codes: z.array(z.string()).length(10) }).strict();
export const TotpDisableInput = z.object({ id: text().min(1) }).strict();

/**
 * A supervisor at the operator's seat authorizes one command with their own password (and code):
 * the command runs with the supervisor's role and is audited with both names. The contract joins
 * these fields with the command and its input (methods.ts: `auth.stepUp`), each checked by that command's own schema.
 */
export const StepUpCredentials = {
  username: text().trim().toLowerCase().min(1, 'Type the username').max(200),
  password: text().min(1, 'Type the password').max(1024),
  code: SecondFactorCode.optional(),
};

/** What a step-up answers: the inner command's own result, and who authorized it. */
export const StepUpResult = z
  .object({
    method: z.string(),
    authorizedBy: z.object({ id: z.string(), displayName: z.string() }).strict(),
    result: z.unknown(),
  })
  .strict();

/** A viewer device (a wall display) paired by an admin: a long-lived, revocable session with no idle lock. */
export const PairDeviceInput = z.object({ name: text().trim().min(1, 'Name the display').max(80, 'At most 80 characters') }).strict();
export const PairedDevice = z
  .object({
    session: Session,
    /** The one-time address that signs the display in; shown once. */
    pairingCode: z.string(),
  })
  .strict();

/** Why a session's state changed. */
export const AuthChangeReason = z.enum(['started', 'locked', 'unlocked', 'ended']);
export const AuthChanged = z.object({ sessionId: text(), reason: AuthChangeReason }).strict();
export type AuthChanged = z.infer<typeof AuthChanged>;
