// Readers for Azure's loosely shaped property bags (`properties`, `identity`,
// attack path graphs): they answer a typed value or null, never throw.

export function at(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The first of several spellings that is present (Azure's casing varies: `Id`/`id`). */
export function atAny(obj: unknown, ...keys: string[]): unknown {
  for (const k of keys) {
    const v = at(obj, k);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A non-empty string, else null. */
export function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

export function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return null;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
}

/** The last segment of an ARM id or ARN-like path. */
export function lastSegment(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}

/** True for strings that look like ARM resource ids. */
export function isArmId(s: string): boolean {
  return /^\/subscriptions\/[^/]+\/(resourcegroups\/[^/]+\/)?providers\//i.test(s);
}
