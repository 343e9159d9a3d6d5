// Defender plans (pricings) and secure scores, per subscription, with bounded
// concurrency. A subscription whose call fails becomes a SourceIssue scoped to
// it; the others still load.
import type { PlanState, SecureScore, SourceIssue } from '../posture/model.js';
import { type ClientSettings, createSecurityClient, type StatsRecorder } from './clients.js';
import { describeError } from './errors.js';
import { mapPricings, mapSecureScore } from './map.js';
import { pricingList, type SecureScoreItemWire, secureScoreItem } from './wire.js';

export const SECURITY_CONCURRENCY = 8;

export interface SecurityResult {
  plans: PlanState[];
  secureScores: SecureScore[];
  issues: SourceIssue[];
  /** Calls that answered. */
  succeeded: number;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the output. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function loadSecurity(
  settings: ClientSettings,
  recorder: StatsRecorder,
  subscriptions: readonly string[],
  signal?: AbortSignal,
): Promise<SecurityResult> {
  const result: SecurityResult = { plans: [], secureScores: [], issues: [], succeeded: 0 };
  const fail = (operation: string, sub: string, err: unknown) => {
    if (signal?.aborted) throw err;
    const { message, status } = describeError(err);
    result.issues.push({
      source: 'security',
      operation,
      kind: status === 429 ? 'throttled' : 'failed',
      message: `Microsoft.Security ${operation} failed for subscription ${sub}: ${message}`,
      scope: sub,
    });
  };

  const perSubscription = await mapLimit(subscriptions, SECURITY_CONCURRENCY, async (sub) => {
    const client = createSecurityClient(settings, recorder, sub);
    const pricings = (async () => {
      let body: string | undefined;
      await client.pricings.list({
        abortSignal: signal,
        onResponse: (raw) => {
          body = raw.bodyAsText ?? undefined;
        },
      });
      const parsed = pricingList.safeParse(JSON.parse(body ?? 'null'));
      if (!parsed.success) throw new Error(`unexpected pricings body: ${parsed.error.message}`);
      return mapPricings(sub, parsed.data);
    })();
    const scores = (async () => {
      const items: SecureScoreItemWire[] = [];
      for await (const item of client.secureScores.list({ abortSignal: signal })) {
        items.push(secureScoreItem.parse(item));
      }
      return mapSecureScore(sub, items);
    })();
    const [p, s] = await Promise.allSettled([pricings, scores]);
    return { sub, p, s };
  });

  for (const { sub, p, s } of perSubscription) {
    if (p.status === 'fulfilled') {
      result.plans.push(...p.value);
      result.succeeded += 1;
    } else fail('pricings', sub, p.reason);
    if (s.status === 'fulfilled') {
      if (s.value) result.secureScores.push(s.value);
      result.succeeded += 1;
    } else fail('secureScores', sub, s.reason);
  }
  return result;
}
