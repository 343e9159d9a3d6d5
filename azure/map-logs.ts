// Log Analytics rows → prompt-volume series and callers. Pure.

import type { z } from 'zod/v4';
import { type PromptVolumeSeries, resourceId, workspaceId } from '../posture/model.js';
import type { promptCallerRow, promptVolumeRow } from './wire.js';

export type PromptVolumeRow = z.infer<typeof promptVolumeRow>;
export type PromptCallerRowWire = z.infer<typeof promptCallerRow>;

export interface PromptCaller {
  callerIp: string;
  objectId: string | null;
  operation: string;
  deployment: string;
  requests: number;
}

/**
 * One dense series per resource over [start, end): a bin with no row is zero
 * traffic (the query only returns non-empty bins). Rows outside the window or
 * off the bin grid are ignored.
 */
export function mapPromptVolume(
  workspace: string,
  start: Date,
  end: Date,
  binMs: number,
  rows: readonly PromptVolumeRow[],
): PromptVolumeSeries[] {
  const startMs = start.getTime();
  const length = Math.max(0, Math.ceil((end.getTime() - startMs) / binMs));
  const byResource = new Map<string, number[]>();
  for (const row of rows) {
    const binStart = (row.Bin instanceof Date ? row.Bin : new Date(row.Bin)).getTime();
    const offset = binStart - startMs;
    if (offset < 0 || offset % binMs !== 0) continue;
    const index = offset / binMs;
    if (index >= length) continue;
    const id = row.ResourceId.toLowerCase();
    let counts = byResource.get(id);
    if (!counts) {
      counts = new Array<number>(length).fill(0);
      byResource.set(id, counts);
    }
    counts[index] = (counts[index] ?? 0) + row.Requests;
  }
  return [...byResource.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, counts]) => ({
      resourceId: resourceId(id),
      workspaceId: workspaceId(workspace),
      start: start.toISOString(),
      binMs,
      counts,
    }));
}

export function mapPromptCallers(rows: readonly PromptCallerRowWire[]): PromptCaller[] {
  return rows.map((r) => ({
    callerIp: r.CallerIPAddress ?? '',
    objectId: r.ObjectId?.trim() ? r.ObjectId : null,
    operation: r.OperationName ?? '',
    deployment: r.Deployment ?? '',
    requests: r.Requests,
  }));
}
