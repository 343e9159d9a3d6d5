// Wake the outbox sender after an invoke has been answered: the sends are not the clicker's wait.

import type { Logger } from 'pino';

export function wakeOutboxLater(notify: (() => void) | undefined, log: Logger, context: Record<string, unknown>): void {
  if (!notify) return;
  setImmediate(() => {
    try {
      notify();
    } catch (err) {
      log.error({ err, ...context }, 'could not wake the outbox worker; it sends at its next tick');
    }
  });
}
