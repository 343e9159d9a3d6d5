// One root logger per process; modules take a child (`logger.child({ module: 'bot' })`).

import { type Logger, pino } from 'pino';

/** Paths that must never reach a log line. */
const REDACT = [
  'appPassword',
  '*.appPassword',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'vigil' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
}
