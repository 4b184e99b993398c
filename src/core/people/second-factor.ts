import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app does it: SHA-1, six digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side: a phone clock a little off still works. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

function totpOf(secretBase32: string, label = 'Watchroom', issuer = 'Watchroom'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth URI (and its QR code) an app scans: the console's name as issuer, the username as label. */
export async function enrolmentOf(secretBase32: string, username: string, consoleName: string) {
  const uri = totpOf(secretBase32, username, `Watchroom (${consoleName})`).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, secret: secretBase32, qrSvg };
}

export const isTotpCode = (code: string): boolean => /^\d{6}$/.test(code);

export type TotpCheck = { ok: true; step: number } | { ok: false; reused: boolean };

/**
 * Checks a code at `now`, one step either side. A code of a step already used (or an earlier
 * one) is refused, so a code seen over a shoulder cannot sign in a second time.
 */
export function checkTotp(secretBase32: string, code: string, now: number, lastStep: number | null): TotpCheck {
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return { ok: false, reused: false };
  const step = Math.floor(now / (PERIOD_SECONDS * 1000)) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reused: true };
  return { ok: true, step };
}

/** Ten codes like `k3f9q-7hx2m`: 50 random bits each, so a plain SHA-256 is enough to store them. */
export function newRecoveryCodes(): string[] {
  // 32 symbols without look-alikes (no i, l, o, 0): a byte's low five bits pick one evenly.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz123456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((byte) => alphabet[byte & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes as typed do not matter. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}
