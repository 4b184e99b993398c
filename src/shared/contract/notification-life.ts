import { z } from 'zod';

/**
 * Where one notification of an alert got to, one row per step (issue 16, "a notification's whole
 * life is on the alert"): `retrying` is an attempt that failed with another to follow; `sent` a
 * relay (an SMTP server, an SMS gateway) took it on; `delivered` the receiving service itself took
 * it; `failed` the attempts ran out or it was refused for good; `held` quiet hours kept it back;
 * `dropped` it was never attempted (rate limit, full queue, channel disabled).
 */
export const NotificationStage = z.enum(['retrying', 'sent', 'delivered', 'failed', 'held', 'dropped']);
export type NotificationStage = z.infer<typeof NotificationStage>;

/** Attempts one notification gets at most (the first and two retries). */
export const NOTIFICATION_ATTEMPTS = 3;
