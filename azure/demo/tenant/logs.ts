// POST /v1/workspaces/{id}/query — the Log Analytics query API as
// `@azure/monitor-query-logs` calls it. Answers Vigil's named queries from the
// estate's request-log model; a partial result carries rows plus an `error`,
// which the SDK reports as status PartialFailure.
import { z } from 'zod/v4';
import { queryNameOf, queryParamsOf } from '../../queries.js';
import type { DemoEstateView } from '../types.js';
import { HttpError } from './http.js';

/** The estate counts prompts in 5-minute bins. */
export const LOG_BIN_MS = 5 * 60 * 1000;

const ROUTE = /^\/v1\/workspaces\/([^/]+)\/query\/?$/i;

export function matchLogsRoute(pathname: string): string | null {
  const m = ROUTE.exec(pathname);
  return m?.[1] ? decodeURIComponent(m[1]).toLowerCase() : null;
}

const bodySchema = z.object({
  query: z.string(),
  timespan: z.string().optional(),
  workspaces: z.array(z.string()).optional(),
});

interface Column {
  name: string;
  type: 'string' | 'datetime' | 'long';
}
type Cell = string | number | null;
interface Table {
  columns: Column[];
  rows: Cell[][];
}

/** Log Analytics' error envelope: `{ error: { message, code, correlationId, innererror? } }`. */
export function logsError(
  status: number,
  code: string,
  message: string,
  inner?: { code: string; message: string },
): HttpError {
  return new HttpError(status, {
    error: {
      message,
      code,
      correlationId: '00000000-0000-0000-0000-000000000000',
      ...(inner ? { innererror: inner } : {}),
    },
  });
}

const badArgument = (message: string) =>
  logsError(400, 'BadArgumentError', 'The request had some invalid properties', { code: 'SemanticError', message });

function datetimeParam(params: Record<string, string>, name: string): number {
  const m = /^datetime\((.+)\)$/.exec(params[name] ?? '');
  const ms = m?.[1] ? Date.parse(m[1]) : Number.NaN;
  if (Number.isNaN(ms)) throw badArgument(`'${name}' must be a datetime literal`);
  return ms;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function timespanParam(params: Record<string, string>, name: string, fallbackMs: number): number {
  const raw = params[name];
  if (raw === undefined) return fallbackMs;
  const m = /^(\d+)(m|h|d)$/.exec(raw);
  if (!m?.[1] || !m[2]) throw badArgument(`'${name}' must be a timespan literal such as 5m`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

function stringParam(params: Record<string, string>, name: string): string {
  const m = /^'((?:[^'\\]|\\.)*)'$/.exec(params[name] ?? '');
  if (m?.[1] === undefined) throw badArgument(`'${name}' must be a string literal`);
  return m[1].replace(/\\(.)/g, '$1');
}

function longParam(params: Record<string, string>, name: string): number {
  const n = Number(params[name]);
  if (!Number.isInteger(n)) throw badArgument(`'${name}' must be a long literal`);
  return n;
}

/** The body's `timespan` ("start/end" ISO interval) narrows the query window, as in Log Analytics. */
function narrowToTimespan(start: number, end: number, timespan: string | undefined): [number, number] {
  const [a, b] = (timespan ?? '').split('/');
  const s = a ? Date.parse(a) : Number.NaN;
  const e = b ? Date.parse(b) : Number.NaN;
  return [Number.isNaN(s) ? start : Math.max(start, s), Number.isNaN(e) ? end : Math.min(end, e)];
}

function promptVolume(
  view: DemoEstateView,
  workspace: string,
  params: Record<string, string>,
  timespan?: string,
): Table {
  const [start, end] = narrowToTimespan(datetimeParam(params, 'start'), datetimeParam(params, 'end'), timespan);
  const binMs = timespanParam(params, 'binSize', LOG_BIN_MS);
  if (binMs % LOG_BIN_MS !== 0) throw badArgument('binSize must be a multiple of 5m in the demo tenant');
  const rows: Cell[][] = [];
  const resources = [...(view.workspaceResources.get(workspace) ?? [])].map((r) => r.toLowerCase()).sort();
  // bin() aligns to the epoch; the estate knows whole 5-minute bins, so a bin counts when it starts inside [start, end).
  const first = Math.ceil(start / binMs) * binMs;
  for (const resourceId of resources) {
    for (let bin = first; bin < end; bin += binMs) {
      let count = 0;
      for (let sub = bin; sub < bin + binMs; sub += LOG_BIN_MS) count += view.promptCount(resourceId, sub);
      if (count > 0) rows.push([resourceId, new Date(bin).toISOString(), count]);
    }
  }
  return {
    columns: [
      { name: 'ResourceId', type: 'string' },
      { name: 'Bin', type: 'datetime' },
      { name: 'Requests', type: 'long' },
    ],
    rows,
  };
}

function promptCallers(
  view: DemoEstateView,
  workspace: string,
  params: Record<string, string>,
  timespan?: string,
): Table {
  const [start, end] = narrowToTimespan(datetimeParam(params, 'start'), datetimeParam(params, 'end'), timespan);
  const resource = stringParam(params, 'resource').toLowerCase();
  const top = longParam(params, 'topN');
  const logged = (view.workspaceResources.get(workspace) ?? []).some((r) => r.toLowerCase() === resource);
  const callers = logged ? view.promptCallers(resource, start, end) : [];
  return {
    columns: [
      { name: 'CallerIPAddress', type: 'string' },
      { name: 'ObjectId', type: 'string' },
      { name: 'OperationName', type: 'string' },
      { name: 'Deployment', type: 'string' },
      { name: 'Requests', type: 'long' },
    ],
    rows: [...callers]
      .sort((a, b) => b.requests - a.requests)
      .slice(0, Math.max(0, top))
      // tostring() of a missing object id is "", as in the real query.
      .map((c) => [c.callerIp, c.objectId ?? '', c.operation, c.deployment, c.requests]),
  };
}

/** A partial answer: the first half of the rows and the error Log Analytics attaches to such results. */
function partialAnswer(table: Table) {
  return {
    tables: [
      { name: 'PrimaryResult', columns: table.columns, rows: table.rows.slice(0, Math.ceil(table.rows.length / 2)) },
    ],
    error: {
      code: 'PartialError',
      message: 'There were some errors when processing your query.',
      details: [
        {
          code: 'EngineError',
          message: 'Something went wrong processing your query on the server.',
          innererror: {
            code: '-2133196797',
            message: 'Partial query failure: a storage shard did not answer in time.',
          },
        },
      ],
    },
  };
}

export function answerLogs(view: DemoEstateView, workspace: string, rawBody: unknown, partial: boolean): unknown {
  if (!view.workspaces.some((w) => w.customerId.toLowerCase() === workspace)) {
    throw logsError(404, 'WorkspaceNotFoundError', `The workspace could not be found: ${workspace}`);
  }
  const parsed = bodySchema.safeParse(rawBody);
  if (!parsed.success) throw badArgument(`invalid request body: ${parsed.error.message}`);
  const { query, timespan } = parsed.data;
  const name = queryNameOf(query);
  const params = queryParamsOf(query);
  let table: Table;
  if (name === 'prompt-volume') table = promptVolume(view, workspace, params, timespan);
  else if (name === 'prompt-callers') table = promptCallers(view, workspace, params, timespan);
  else
    throw badArgument(
      `the demo tenant only answers Vigil's named log queries, not '${name ?? query.split('\n', 1)[0]}'`,
    );
  return partial ? partialAnswer(table) : { tables: [{ name: 'PrimaryResult', ...table }] };
}
