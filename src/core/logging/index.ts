/** pino, JSON lines to a file in the data folder, secrets redacted. */
export { createLogger, createSilentLogger, logLevelFromEnv, LOG_FILE_NAME, type Logger } from './logger';
