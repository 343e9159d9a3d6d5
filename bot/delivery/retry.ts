// What a failed send means, and when to try again. Errors come from botbuilder's ConnectorClient (a RestError
// from @azure/core-rest-pipeline with `statusCode`, `code` = the connector's error.code, and `response.headers`)
// or from the network (no status; `code` such as ECONNREFUSED, or an AbortError on our timeout).

export type SendVerdict =
  /** Try again later: throttled (429), precondition (412), server/gateway errors (5xx), network trouble. */
  | { kind: 'retry'; status: number | null; retryAfterMs: number | null; reason: string }
  /** The bot is no longer in the conversation (403 BotNotInConversationRoster): stop sending there. */
  | { kind: 'removed'; status: 403; reason: string }
  /** Will never succeed as is (other 4xx): dead-letter now. */
  | { kind: 'dead'; status: number | null; reason: string };

export const ROSTER_ERROR = 'BotNotInConversationRoster';

interface ErrorShape {
  statusCode?: unknown;
  code?: unknown;
  name?: unknown;
  message?: unknown;
  details?: unknown;
  response?: { headers?: { get?: (name: string) => string | undefined | null } };
}

export function classifySendError(err: unknown, now: number): SendVerdict {
  const e: ErrorShape = typeof err === 'object' && err !== null ? (err as ErrorShape) : {};
  const status = typeof e.statusCode === 'number' ? e.statusCode : null;
  const code = connectorCode(e);
  const message = typeof e.message === 'string' ? e.message : String(err);
  // "502 BadGateway <message>", without repeating a code the message already is.
  const parts = [String(status ?? e.name ?? 'error'), code, message === code ? null : message];
  const reason = parts.filter((p) => p !== null && p !== '').join(' ');

  if (status === null) return { kind: 'retry', status, retryAfterMs: null, reason: `network: ${reason}` };
  if (status === 403 && code === ROSTER_ERROR) return { kind: 'removed', status, reason };
  if (status === 429 || status === 412 || status === 408 || status >= 500) {
    return {
      kind: 'retry',
      status,
      retryAfterMs: retryAfterMs(e.response?.headers?.get?.('retry-after'), now),
      reason,
    };
  }
  return { kind: 'dead', status, reason };
}

/** `Retry-After` as delta-seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  if (header === null || header === undefined || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export interface BackoffOptions {
  /** First retry waits up to this long (default 1 s)… */
  baseMs: number;
  /** …doubling each attempt up to this cap (default 5 min). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 300_000 };

/**
 * Exponential back-off with full jitter (a uniform wait in [0, min(max, base·2^(n-1))]), so replicas that
 * failed together do not retry together. A `Retry-After` is a floor: never retry before it, and add a little
 * jitter on top so every throttled sender does not come back in the same millisecond.
 */
export function backoffMs(
  failures: number,
  options: BackoffOptions,
  random: () => number,
  retryAfter: number | null,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  if (retryAfter !== null) return retryAfter + Math.floor(random() * Math.min(options.baseMs, 250));
  return Math.floor(random() * ceiling);
}

/** The connector's `error.code` from a RestError (its `code`, or the parsed body's error.code). */
function connectorCode(e: ErrorShape): string | null {
  const details = e.details as { error?: { code?: unknown } } | undefined;
  if (typeof details?.error?.code === 'string') return details.error.code;
  return typeof e.code === 'string' ? e.code : null;
}
