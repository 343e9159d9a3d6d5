// Prompt volume and callers from a Log Analytics workspace. A failed query or
// a partial result (status PartialFailure) becomes a SourceIssue scoped to the
// workspace; whatever rows arrived are still returned.
import { type LogsQueryClient, LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs';
import type { z } from 'zod/v4';
import type { PromptVolumeSeries, SourceIssue } from '../posture/model.js';
import { describeError } from './errors.js';
import { mapPromptCallers, mapPromptVolume, type PromptCaller } from './map-logs.js';
import { type LogsQueryName, logsQueries, type NamedQuery } from './queries.js';
import { promptCallerRow, promptVolumeRow } from './wire.js';

export const PROMPT_BIN_MINUTES = 5;

interface TableResult<T> {
  rows: T[];
  issues: SourceIssue[];
}

/** Table rows as objects keyed by column name, validated; rows that do not fit are counted in an issue. */
function readTable<T>(table: LogsTable | undefined, schema: z.ZodType<T>, operation: LogsQueryName, workspace: string) {
  const rows: T[] = [];
  let unreadable = 0;
  const names = (table?.columnDescriptors ?? []).map((c) => c.name ?? '');
  for (const cells of table?.rows ?? []) {
    const parsed = schema.safeParse(Object.fromEntries(names.map((n, i) => [n, cells[i]])));
    if (parsed.success) rows.push(parsed.data);
    else unreadable += 1;
  }
  const issues: SourceIssue[] =
    unreadable > 0
      ? [
          {
            source: 'log-analytics',
            operation,
            kind: 'partial',
            message: `${unreadable} row(s) of '${operation}' had an unexpected shape and were left out.`,
            scope: workspace,
          },
        ]
      : [];
  return { rows, issues };
}

async function runLogsQuery<T>(
  client: LogsQueryClient,
  workspace: string,
  query: NamedQuery<LogsQueryName>,
  start: Date,
  end: Date,
  schema: z.ZodType<T>,
): Promise<TableResult<T>> {
  try {
    const result = await client.queryWorkspace(workspace, query.text, { startTime: start, endTime: end });
    if (result.status === LogsQueryResultStatus.Success)
      return readTable(result.tables[0], schema, query.name, workspace);
    const read = readTable(result.partialTables[0], schema, query.name, workspace);
    const details = (result.partialError.details ?? []).map((d) => d.message).filter(Boolean);
    read.issues.unshift({
      source: 'log-analytics',
      operation: query.name,
      kind: 'partial',
      message: `Log Analytics returned a partial result for '${query.name}' (${read.rows.length} rows): ${result.partialError.message}${details.length ? ` — ${details.join('; ')}` : ''}`,
      scope: workspace,
    });
    return read;
  } catch (err) {
    const { message, status } = describeError(err);
    return {
      rows: [],
      issues: [
        {
          source: 'log-analytics',
          operation: query.name,
          kind: status === 429 ? 'throttled' : 'failed',
          message: `Log Analytics query '${query.name}' failed on workspace ${workspace}: ${message}`,
          scope: workspace,
        },
      ],
    };
  }
}

export async function queryPromptVolume(
  client: LogsQueryClient,
  workspace: string,
  start: Date,
  end: Date,
): Promise<{ series: PromptVolumeSeries[]; issues: SourceIssue[] }> {
  const query = logsQueries.promptVolume(start, end, PROMPT_BIN_MINUTES);
  const { rows, issues } = await runLogsQuery(client, workspace, query, start, end, promptVolumeRow);
  return { series: mapPromptVolume(workspace, start, end, PROMPT_BIN_MINUTES * 60_000, rows), issues };
}

export async function queryPromptCallers(
  client: LogsQueryClient,
  workspace: string,
  resource: string,
  start: Date,
  end: Date,
): Promise<{ callers: PromptCaller[]; issues: SourceIssue[] }> {
  const query = logsQueries.promptCallers(resource, start, end);
  const { rows, issues } = await runLogsQuery(client, workspace, query, start, end, promptCallerRow);
  return { callers: mapPromptCallers(rows), issues };
}
