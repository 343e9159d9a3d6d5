// Runs one named Resource Graph query to completion: subscriptions in batches
// of at most 300 (Azure's guidance), each batch paged sequentially with
// `$skipToken` at 1,000 rows a page. A batch that fails after the pipeline's
// retries, or comes back truncated, becomes a SourceIssue; the rows that did
// arrive are kept.
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { z } from 'zod/v4';
import type { SourceIssue } from '../posture/model.js';
import type { StatsRecorder } from './clients.js';
import { describeError } from './errors.js';
import type { GraphQueryName, NamedQuery } from './queries.js';

export const SUBSCRIPTION_BATCH = 300;
export const PAGE_ROWS = 1000;

export type GraphScope =
  | { kind: 'subscriptions'; subscriptions: readonly string[] }
  | { kind: 'management-group'; managementGroup: string }
  | { kind: 'tenant' };

export interface GraphResult<T> {
  rows: T[];
  issues: SourceIssue[];
  /** True when at least one batch answered (possibly partially). */
  answered: boolean;
}

function batches(scope: GraphScope): { subscriptions?: string[]; managementGroups?: string[]; label: string | null }[] {
  if (scope.kind === 'management-group') return [{ managementGroups: [scope.managementGroup], label: null }];
  if (scope.kind === 'tenant') return [{ label: null }];
  const out = [];
  for (let i = 0; i < scope.subscriptions.length; i += SUBSCRIPTION_BATCH) {
    const subscriptions = scope.subscriptions.slice(i, i + SUBSCRIPTION_BATCH);
    const label =
      scope.subscriptions.length <= SUBSCRIPTION_BATCH ? null : `subscriptions ${i + 1}–${i + subscriptions.length}`;
    out.push({ subscriptions, label });
  }
  return out;
}

/** `data` of an objectArray answer. core-client's "Dictionary" mapper turns the JSON array into an object keyed "0", "1", … */
function rowsOf(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') return Object.values(data);
  return [];
}

export async function runGraphQuery<T>(
  client: ResourceGraphClient,
  query: NamedQuery<GraphQueryName>,
  scope: GraphScope,
  schema: z.ZodType<T>,
  recorder: StatsRecorder,
  signal?: AbortSignal,
): Promise<GraphResult<T>> {
  const rows: T[] = [];
  const issues: SourceIssue[] = [];
  let answered = false;
  let unreadable = 0;
  const issue = (kind: SourceIssue['kind'], message: string, label: string | null) =>
    issues.push({ source: 'resource-graph', operation: query.name, kind, message, scope: label });

  if (scope.kind === 'subscriptions' && scope.subscriptions.length === 0) return { rows, issues, answered: true };

  for (const batch of batches(scope)) {
    let skipToken: string | undefined;
    let batchRows = 0;
    const seenTokens = new Set<string>();
    do {
      try {
        const page = await client.resources(
          {
            query: query.text,
            ...(batch.subscriptions ? { subscriptions: batch.subscriptions } : {}),
            ...(batch.managementGroups ? { managementGroups: batch.managementGroups } : {}),
            options: { top: PAGE_ROWS, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
          },
          { abortSignal: signal },
        );
        answered = true;
        recorder.stats.pages += 1;
        for (const raw of rowsOf(page.data)) {
          const parsed = schema.safeParse(raw);
          if (parsed.success) rows.push(parsed.data);
          else unreadable += 1;
        }
        batchRows += page.count;
        skipToken = page.skipToken || undefined;
        if (skipToken && seenTokens.has(skipToken)) {
          issue('partial', `Resource Graph repeated a $skipToken for '${query.name}'; paging stopped.`, batch.label);
          skipToken = undefined;
        }
        if (skipToken) seenTokens.add(skipToken);
        if (page.resultTruncated === 'true') {
          issue(
            'truncated',
            `Resource Graph truncated the result of '${query.name}' after ${batchRows} rows.`,
            batch.label,
          );
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        const { message, status } = describeError(err);
        const kind = status === 429 ? 'throttled' : batchRows > 0 ? 'partial' : 'failed';
        issue(
          kind,
          `Resource Graph query '${query.name}' failed${batchRows > 0 ? ` after ${batchRows} rows` : ''}: ${message}`,
          batch.label,
        );
        skipToken = undefined;
      }
    } while (skipToken);
  }
  if (unreadable > 0) {
    issue(
      'partial',
      `${unreadable} row(s) of '${query.name}' did not have the expected shape and were left out.`,
      null,
    );
  }
  return { rows, issues, answered };
}
