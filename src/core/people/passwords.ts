import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';
import { WatchroomError } from '../../shared/contract';
import commonPasswords from './common-passwords.json';

/** argon2id parameters: the hash string carries the ones it was made with, so they can be raised later. */
export interface PasswordParameters {
  /** KiB */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/**
 * 64 MiB and 7 passes: one verification takes about 150 ms on the 2-core reference machine (see
 * notes; the bench `sign-in` measures it), inside the 100-300 ms the issue asks for, with memory
 * well above OWASP's 19 MiB floor. Raising these rehashes each password at its next good sign-in.
 */
export const PASSWORD_PARAMETERS: PasswordParameters = { memoryCost: 65_536, timeCost: 7, parallelism: 1 };

// The package's Algorithm is an ambient const enum, which isolated modules cannot read: its Argon2id is 2.
const ARGON2ID = 2 as Algorithm;

const COMMON = new Set<string>(commonPasswords);

/** Refuses a new password that is on the list of the 10,000 most common (case does not help). */
export function refuseCommonPassword(password: string, field = 'password'): void {
  if (COMMON.has(password.toLowerCase()))
    throw new WatchroomError('invalid_input', 'This password is one of the most common ones: choose another', [
      { path: field, message: 'One of the 10,000 most common passwords: choose another' },
    ]);
}

/** Hashes off the event loop (the package's thread pool). */
export function hashPassword(password: string, parameters: PasswordParameters): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...parameters });
}

/** Verifies off the event loop; a malformed stored hash is a plain "no". */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other parameters (or another algorithm) than today's. */
export function needsRehash(stored: string, parameters: PasswordParameters): boolean {
  try {
    const used = parseOptions(stored);
    return (
      used.algorithm !== ARGON2ID ||
      used.memoryCost !== parameters.memoryCost ||
      used.timeCost !== parameters.timeCost ||
      used.parallelism !== parameters.parallelism
    );
  } catch {
    return true;
  }
}

/** The parameters a stored hash was made with, for reports and tests. */
export function parametersOf(stored: string): PasswordParameters {
  const { memoryCost, timeCost, parallelism } = parseOptions(stored);
  return { memoryCost, timeCost, parallelism };
}
