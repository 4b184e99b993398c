/** Delivers alert notifications to webhook and e-mail channels: per-channel queues, retries, rate limits. */
export { createNotifier, type Notifier, type NotifierDeps } from './notifier';
export type { NotificationMessage } from './message';
export { sendPlainEmail, type PlainEmail } from './email';
