// POST /providers/Microsoft.ResourceGraph/resources — Resource Graph's query API
// as `@azure/arm-resourcegraph` calls it: scoped to subscriptions or management
// groups, at most 1,000 rows a page, `$skipToken` paging, quota headers.
import { createHash } from 'node:crypto';
import { z } from 'zod/v4';
import { queryNameOf, queryParamsOf } from '../../queries.js';
import type { DemoFaults } from '../faults.js';
import type { DemoEstateView } from '../types.js';
import {
  GRAPH_QUERY_RESULTS,
  type GraphRow,
  isGraphQueryName,
  QueryParamError,
  subscriptionsUnderManagementGroup,
} from './graph-queries.js';
import { armError, type HttpError } from './http.js';

export const GRAPH_API_VERSIONS = ['2021-03-01', '2021-06-01-preview', '2022-10-01', '2024-04-01'];
export const MAX_PAGE_ROWS = 1000;

const requestSchema = z.object({
  subscriptions: z.array(z.string()).optional(),
  managementGroups: z.array(z.string()).optional(),
  query: z.string(),
  options: z
    .object({
      $top: z.number().int().min(1).max(MAX_PAGE_ROWS).optional(),
      $skip: z.number().int().min(0).optional(),
      $skipToken: z.string().optional(),
      resultFormat: z.enum(['table', 'objectArray']).optional(),
    })
    .loose()
    .optional(),
});

const tokenSchema = z.object({ v: z.literal(1), o: z.number().int().min(0), h: z.string(), t: z.number() });

export interface GraphAnswer {
  queryName: string;
  body: unknown;
}

function badRequest(message: string, detailCode: string): HttpError {
  return armError(400, 'BadRequest', message, [{ code: detailCode, message }]);
}

function encodeToken(offset: number, hash: string, viewMs: number): string {
  return Buffer.from(JSON.stringify({ v: 1, o: offset, h: hash, t: viewMs })).toString('base64url');
}

function decodeToken(token: string): z.infer<typeof tokenSchema> | null {
  try {
    return tokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
}

/** Resource Graph's "table" result format: columns with a type guessed from the first row. */
function asTable(rows: GraphRow[], columns: string[]) {
  const typeOf = (v: unknown) =>
    typeof v === 'number'
      ? Number.isInteger(v)
        ? 'integer'
        : 'number'
      : typeof v === 'boolean'
        ? 'boolean'
        : typeof v === 'string'
          ? 'string'
          : 'object';
  return {
    columns: columns.map((name) => ({ name, type: typeOf(rows[0]?.[name]) })),
    rows: rows.map((r) => columns.map((c) => r[c] ?? null)),
  };
}

export class GraphService {
  /** Full results of recent queries, so paging does not recompute them for every page. */
  private readonly cache = new Map<string, GraphRow[]>();

  constructor(
    private readonly viewAt: (ms: number) => DemoEstateView,
    private readonly clockMs: () => number,
    private readonly faults: DemoFaults,
  ) {}

  answer(rawBody: unknown): GraphAnswer {
    const parsed = requestSchema.safeParse(rawBody);
    if (!parsed.success) throw badRequest(`The request body is invalid: ${parsed.error.message}`, 'InvalidRequestBody');
    const req = parsed.data;
    const name = queryNameOf(req.query);
    if (!isGraphQueryName(name)) {
      throw badRequest(
        `Query is invalid: the demo tenant only answers Vigil's named Resource Graph queries, not '${name ?? req.query.split('\n', 1)[0]}'.`,
        'InvalidQuery',
      );
    }

    const scopeKey = JSON.stringify([
      [...(req.subscriptions ?? [])].map((s) => s.toLowerCase()).sort(),
      [...(req.managementGroups ?? [])].map((s) => s.toLowerCase()).sort(),
    ]);
    const hash = createHash('sha256').update(req.query).update('\n').update(scopeKey).digest('base64url').slice(0, 16);

    const opts = req.options ?? {};
    let offset = opts.$skip ?? 0;
    let viewMs = this.clockMs();
    if (opts.$skipToken !== undefined) {
      const token = decodeToken(opts.$skipToken);
      if (!token || token.h !== hash) {
        throw badRequest('The $skipToken is invalid or does not belong to this query and scope.', 'InvalidSkipToken');
      }
      // Later pages read the estate as it was for the first page, so rows neither repeat nor go missing.
      offset = token.o;
      viewMs = token.t;
    }

    const cacheKey = `${hash}@${viewMs}`;
    let rows = this.cache.get(cacheKey);
    if (!rows) {
      const view = this.viewAt(viewMs);
      const subscriptions = this.resolveScope(view, req.subscriptions, req.managementGroups);
      try {
        rows = GRAPH_QUERY_RESULTS[name]({ view, subscriptions, params: queryParamsOf(req.query) });
      } catch (err) {
        if (err instanceof QueryParamError) throw badRequest(`Query is invalid: ${err.message}`, 'InvalidQuery');
        throw err;
      }
      this.cache.set(cacheKey, rows);
      if (this.cache.size > 16) this.cache.delete(this.cache.keys().next().value as string);
    }

    const pageSize = Math.min(opts.$top ?? MAX_PAGE_ROWS, MAX_PAGE_ROWS);
    const page = rows.slice(offset, offset + pageSize);
    const truncated = this.faults.truncatedQueries.has(name);
    const more = !truncated && offset + page.length < rows.length;
    const columns = page[0] ? Object.keys(page[0]) : [];
    return {
      queryName: name,
      body: {
        totalRecords: rows.length,
        count: page.length,
        resultTruncated: truncated ? 'true' : 'false',
        ...(more ? { $skipToken: encodeToken(offset + page.length, hash, viewMs) } : {}),
        data: opts.resultFormat === 'table' ? asTable(page, columns) : page,
        facets: [],
      },
    };
  }

  private resolveScope(view: DemoEstateView, subs: string[] | undefined, groups: string[] | undefined): Set<string> {
    const known = new Set(
      view.resourceContainers
        .filter((r) => r.type.toLowerCase() === 'microsoft.resources/subscriptions')
        .map((r) => r.subscriptionId.toLowerCase()),
    );
    if (subs && subs.length > 0) return new Set(subs.map((s) => s.toLowerCase()).filter((s) => known.has(s)));
    if (groups && groups.length > 0) {
      const out = new Set<string>();
      for (const g of groups) {
        const members = subscriptionsUnderManagementGroup(view, g);
        if (members === null) {
          throw armError(
            403,
            'AuthorizationFailed',
            `The client does not have authorization over management group '${g}', or it does not exist.`,
          );
        }
        for (const m of members) out.add(m);
      }
      return out;
    }
    return known;
  }
}
