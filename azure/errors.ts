// Coded errors of the data sources. Partial failures are not errors (they are
// SourceIssues in the result); these are for when there is nothing to return.
import type { SourceIssue } from '../posture/model.js';

export type AzureErrorCode = 'SOURCES_UNAVAILABLE';

export class AzureSourcesError extends Error {
  constructor(
    readonly code: AzureErrorCode,
    message: string,
    readonly issues: SourceIssue[] = [],
  ) {
    super(message);
    this.name = 'AzureSourcesError';
  }
}

/** Not a single query or call of a snapshot succeeded. */
export class SourcesUnavailableError extends AzureSourcesError {
  constructor(issues: SourceIssue[]) {
    const first = issues[0];
    super('SOURCES_UNAVAILABLE', `Nothing could be loaded from Azure${first ? `: ${first.message}` : ''}`, issues);
    this.name = 'SourcesUnavailableError';
  }
}

/** A readable one-liner for an SDK error: status, service error code and message. */
export function describeError(err: unknown): { message: string; status: number | null; code: string | null } {
  if (err instanceof Error) {
    const e = err as Error & { statusCode?: unknown; code?: unknown };
    const status = typeof e.statusCode === 'number' ? e.statusCode : null;
    const code = typeof e.code === 'string' ? e.code : null;
    const prefix = [status !== null ? `HTTP ${status}` : null, code].filter(Boolean).join(' ');
    return { message: prefix ? `${prefix}: ${err.message}` : err.message, status, code };
  }
  return { message: String(err), status: null, code: null };
}
