// Request-log volume of the demo's Azure OpenAI / AI Services accounts. Every
// count is a pure function of (resource, 5-minute bin): a daily and weekly
// rhythm in the resource's time zone, hourly drift, Poisson noise drawn from a
// hash of the bin, rare ingestion gaps, and planted anomalies. Nothing is stored
// per bin, so a 100× estate costs no more memory than a small one.

import { model, type PromptOperation } from './catalog.js';
import type { AiNode } from './inventory.js';
import { DEMO_PEOPLE } from './people.js';
import { hashString, poisson, Rng, unitHash } from './random.js';
import type { PlantedAnomaly, PromptCallerRow } from './types.js';

export const BIN_MS = 5 * 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Days of request logs before the epoch. */
export const HISTORY_DAYS = 8;
/** Post-epoch bursts are listed in `anomalies` for this long (they keep recurring after it). */
export const LISTED_BURST_DAYS = 7;

interface Caller {
  callerIp: string;
  objectId: string | null;
  operation: PromptOperation;
  deployment: string;
}

interface WeightedCaller extends Caller {
  weight: number;
}

interface Window {
  startMs: number;
  endMs: number;
  kind: PlantedAnomaly['kind'];
  /** Extra requests per bin at full strength (spike, ramp), or the level factor (level-shift). */
  amount: number;
  caller: Caller;
}

interface Burst {
  periodMs: number;
  /** Extra requests per bin during a burst. */
  extra: number;
  caller: Caller;
  salt: number;
}

interface Profile {
  node: AiNode;
  key: number;
  peak: number;
  offsetMs: number;
  night: number;
  weekend: number;
  callers: WeightedCaller[];
  windows: Window[];
  burst: Burst | null;
}

interface BinSample {
  count: number;
  /** Requests beyond the normal traffic, and who made them. */
  extra: number;
  extraCaller: Caller | null;
}

export interface PromptModel {
  anomalies: PlantedAnomaly[];
  historyStartMs: number;
  count(resourceId: string, binStartMs: number, nowMs: number): number;
  callers(resourceId: string, startMs: number, endMs: number, nowMs: number): PromptCallerRow[];
}

const smoothstep = (a: number, b: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

function privateIp(r: Rng): string {
  return `10.${r.int(20, 60)}.${r.int(0, 15)}.${r.int(4, 250)}`;
}
function azureIp(r: Rng): string {
  return `${r.pick([20, 40, 52, 4])}.${r.int(40, 250)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}
const CORPORATE_EGRESS = ['198.51.100.23', '198.51.100.24', '203.0.113.77'];
const UNUSUAL_IPS = ['185.220.101.47', '45.133.1.92', '91.219.236.18', '193.32.162.71', '104.244.76.13'];

function deploymentsOf(node: AiNode): { name: string; operation: PromptOperation }[] {
  if (node.deployments.length > 0) return node.deployments.map((d) => ({ name: d.name, operation: d.model.operation }));
  return [{ name: 'default', operation: model('gpt-4o-mini').operation }];
}

function buildCallers(node: AiNode, r: Rng): { callers: WeightedCaller[]; unusual: () => Caller } {
  const deps = deploymentsOf(node);
  const chat = deps.filter((d) => d.operation !== 'Embeddings_Create');
  const embeddings = deps.filter((d) => d.operation === 'Embeddings_Create');
  const main = chat[0] ?? (deps[0] as { name: string; operation: PromptOperation });
  const callers: WeightedCaller[] = [];
  const appIp = node.privateEndpoint ? privateIp(r) : azureIp(r);
  const appId = node.localAuth && r.chance(0.4) ? null : node.app.callerPrincipalId;
  // The app's own identity does most of the work, spread over the chat deployments.
  for (const d of chat.length > 0 ? chat : [main]) {
    callers.push({
      callerIp: appIp,
      objectId: appId,
      operation: d.operation,
      deployment: d.name,
      weight: d === main ? 0.5 : 0.15,
    });
  }
  // An indexer or batch job embeds documents.
  const batchId = r.guid();
  for (const d of embeddings) {
    callers.push({
      callerIp: node.privateEndpoint ? privateIp(r) : azureIp(r),
      objectId: batchId,
      operation: d.operation,
      deployment: d.name,
      weight: 0.2,
    });
  }
  // Developers testing from the office, via Entra ID.
  const devs = r.sample(
    DEMO_PEOPLE.filter((p) => p.persona === 'owner'),
    r.int(1, 2),
  );
  if (node.app.owner && !devs.includes(node.app.owner)) devs[0] = node.app.owner;
  for (const p of devs) {
    callers.push({
      callerIp: r.pick(CORPORATE_EGRESS),
      objectId: p.objectId,
      operation: main.operation,
      deployment: main.name,
      weight: 0.03,
    });
  }
  // With keys enabled, something always uses them.
  if (node.localAuth) {
    callers.push({
      callerIp: azureIp(r),
      objectId: null,
      operation: main.operation,
      deployment: main.name,
      weight: 0.12,
    });
  }
  const unusual = (): Caller => ({
    callerIp: r.pick(UNUSUAL_IPS),
    objectId: node.localAuth ? null : r.guid(),
    operation: main.operation,
    deployment: main.name,
  });
  return { callers, unusual };
}

/** Start of a local hour `daysBefore` days before the epoch's local day. */
function localTime(epochMs: number, offsetMs: number, daysBefore: number, hour: number, minute = 0): number {
  const localDayStart = Math.floor((epochMs + offsetMs) / DAY) * DAY;
  return localDayStart - daysBefore * DAY + hour * HOUR + minute * 60_000 - offsetMs;
}

export function buildPromptModel(nodes: readonly AiNode[], seed: number, epochMs: number): PromptModel {
  const historyStartMs = epochMs - HISTORY_DAYS * DAY;
  const profiles = new Map<string, Profile>();
  const logged = nodes.filter((n) => n.workspace !== null && n.peak > 0);
  const root = Rng.for(seed, 'prompt-volume');
  for (const node of logged) {
    const r = root.fork(node.lid);
    const customerFacing = node.app.spec.customerFacing === true;
    const { callers } = buildCallers(node, r);
    profiles.set(node.lid, {
      node,
      key: hashString(node.lid, seed),
      peak: node.peak,
      offsetMs: node.utcOffsetHours * HOUR,
      night: customerFacing ? r.range(0.2, 0.32) : r.range(0.04, 0.14),
      weekend: customerFacing ? r.range(0.55, 0.75) : r.range(0.12, 0.3),
      callers,
      windows: [],
      burst: null,
    });
  }

  // ---- planted anomalies, per copy of the base layout so a larger estate has proportionally more
  const anomalies: PlantedAnomaly[] = [];
  const byCopy = new Map<number, Profile[]>();
  for (const p of profiles.values()) {
    const list = byCopy.get(p.node.app.copy) ?? [];
    list.push(p);
    byCopy.set(p.node.app.copy, list);
  }
  const plantRng = root.fork('anomalies');
  for (const copy of [...byCopy.keys()].sort((a, b) => a - b)) {
    const list = (byCopy.get(copy) ?? []).slice().sort((a, b) => b.peak - a.peak || (a.node.lid < b.node.lid ? -1 : 1));
    const r = plantRng.fork(`copy:${copy}`);
    const used = new Set<Profile>();
    const choose = (min: number, max: number): Profile | null => {
      const fits = list.filter((p) => !used.has(p) && p.peak >= min && p.peak < max);
      const pool = fits.length > 0 ? fits : list.filter((p) => !used.has(p));
      if (pool.length === 0) return null;
      const p = r.pick(pool);
      used.add(p);
      return p;
    };
    /** `amount`: extra requests per bin (spike, ramp) or the level factor (level-shift); ignored for an outage. */
    const plant = (
      p: Profile | null,
      kind: PlantedAnomaly['kind'],
      daysBefore: number,
      hour: number,
      minutes: number,
      amount: (p: Profile) => number,
    ) => {
      if (!p) return;
      const startMs = localTime(epochMs, p.offsetMs, daysBefore, hour, r.pick([0, 5, 10, 15, 20, 25, 30]));
      const endMs = startMs + minutes * 60_000;
      const { unusual } = buildCallers(p.node, r.fork(p.node.lid));
      const caller: Caller =
        kind === 'level-shift' ? { ...unusual(), callerIp: privateIp(r), objectId: r.guid() } : unusual();
      p.windows.push({ startMs, endMs, kind, amount: amount(p), caller });
      // A level shift persists; its label covers the hours in which it is a surprise.
      anomalies.push({
        resourceId: p.node.lid,
        start: new Date(startMs).toISOString(),
        end: new Date(kind === 'level-shift' ? startMs + 6 * HOUR : endMs).toISOString(),
        kind,
      });
    };
    const level = r.range(2.2, 2.8);
    // A night-time spike on a mid-volume account, a daytime spike and a ramp, a new
    // steady caller (level shift), an outage on a busy account, and a burst on a quiet one.
    plant(choose(5, 200), 'spike', 5, r.int(1, 3), r.int(35, 50), (p) => p.peak * 2.5);
    plant(choose(50, Number.POSITIVE_INFINITY), 'spike', 3, 14, 30, (p) => p.peak * 3);
    plant(choose(10, 200), 'ramp', 2, 9, r.int(240, 300), (p) => p.peak * 4);
    plant(choose(5, 200), 'level-shift', 4, 10, 0, () => level);
    plant(choose(50, Number.POSITIVE_INFINITY), 'outage', 1, 11, r.int(60, 90), () => 0);
    plant(choose(0, 3), 'spike', 6, 3, r.int(40, 55), () => 40);

    // After the epoch: a burst every few hours, so a running demo keeps seeing fresh anomalies.
    const burstTargets = [choose(5, 100), copy === 1 ? choose(0.5, 20) : null];
    burstTargets.forEach((p, i) => {
      if (!p) return;
      const { unusual } = buildCallers(p.node, r.fork(`burst:${p.node.lid}`));
      p.burst = {
        periodMs: (i === 0 ? 3 : 5) * HOUR,
        extra: Math.max(40, p.peak * 5),
        caller: { ...unusual(), callerIp: privateIp(r), objectId: r.guid() },
        salt: r.nextUint(),
      };
      for (let k = 0; ; k++) {
        const w = burstWindow(p.burst, epochMs, k);
        if (w.startMs >= epochMs + LISTED_BURST_DAYS * DAY) break;
        anomalies.push({
          resourceId: p.node.lid,
          start: new Date(w.startMs).toISOString(),
          end: new Date(w.endMs).toISOString(),
          kind: 'spike',
        });
      }
    });
  }
  anomalies.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.resourceId < b.resourceId ? -1 : 1));

  const sample = (p: Profile, bin: number, nowMs: number): BinSample => {
    const t = bin * BIN_MS;
    const local = t + p.offsetMs;
    const hour = (local % DAY) / HOUR;
    const dow = (Math.floor(local / DAY) + 4) % 7; // 1970-01-01 was a Thursday
    let shape = smoothstep(6.5, 9.5, hour) * (1 - smoothstep(17, 20.5, hour));
    if (hour >= 12 && hour < 13.5) shape *= 0.85;
    let lambda = p.peak * (p.night + (1 - p.night) * shape);
    if (dow === 0 || dow === 6) lambda *= p.weekend;
    else if (dow === 5 && hour >= 14) lambda *= 0.85;
    lambda *= 0.88 + 0.24 * unitHash(p.key, Math.floor(t / HOUR), 11);
    let extra = 0;
    let extraCaller: Caller | null = null;
    for (const w of p.windows) {
      if (t < w.startMs) continue;
      if (w.kind === 'level-shift') {
        extra += lambda * (w.amount - 1);
        extraCaller = w.caller;
        continue;
      }
      if (t >= w.endMs) continue;
      if (w.kind === 'outage') return { count: 0, extra: 0, extraCaller: null };
      extra += w.kind === 'ramp' ? w.amount * ((t - w.startMs) / (w.endMs - w.startMs)) : w.amount;
      extraCaller = w.caller;
    }
    if (p.burst && t >= epochMs) {
      const k = Math.floor((t - epochMs) / p.burst.periodMs);
      const w = burstWindow(p.burst, epochMs, k);
      if (t >= w.startMs && t < w.endMs) {
        extra += p.burst.extra;
        extraCaller = p.burst.caller;
      }
    }
    // Rare ingestion gaps of a quarter hour (not labelled: real logs have them too).
    if (!extraCaller && unitHash(p.key, Math.floor(bin / 3), 7) < 0.0015)
      return { count: 0, extra: 0, extraCaller: null };
    const fraction = Math.min(1, (nowMs - t) / BIN_MS);
    const mean = (lambda + extra) * fraction;
    const count = poisson(mean, unitHash(p.key, bin, 1), unitHash(p.key, bin, 2));
    const extraCount = extra > 0 ? Math.round((count * extra) / (lambda + extra)) : 0;
    return { count, extra: extraCount, extraCaller };
  };

  const inHistory = (bin: number, nowMs: number) => {
    const t = bin * BIN_MS;
    return t >= historyStartMs && t < nowMs;
  };

  return {
    anomalies,
    historyStartMs,
    count(resourceId, binStartMs, nowMs) {
      const p = profiles.get(resourceId.toLowerCase());
      if (!p) return 0;
      const bin = Math.floor(binStartMs / BIN_MS);
      if (!inHistory(bin, nowMs)) return 0;
      return sample(p, bin, nowMs).count;
    },
    callers(resourceId, startMs, endMs, nowMs) {
      const p = profiles.get(resourceId.toLowerCase());
      if (!p) return [];
      let normal = 0;
      const extras = new Map<Caller, number>();
      const first = Math.ceil(Math.max(startMs, historyStartMs) / BIN_MS);
      const last = Math.ceil(Math.min(endMs, nowMs) / BIN_MS);
      for (let bin = first; bin < last; bin++) {
        const s = sample(p, bin, nowMs);
        normal += s.count - s.extra;
        if (s.extraCaller && s.extra > 0) extras.set(s.extraCaller, (extras.get(s.extraCaller) ?? 0) + s.extra);
      }
      const rows = new Map<string, PromptCallerRow>();
      const add = (c: Caller, n: number) => {
        if (n <= 0) return;
        const k = `${c.callerIp}|${c.objectId ?? ''}|${c.operation}|${c.deployment}`;
        const row = rows.get(k);
        if (row) row.requests += n;
        else
          rows.set(k, {
            callerIp: c.callerIp,
            objectId: c.objectId,
            operation: c.operation,
            deployment: c.deployment,
            requests: n,
          });
      };
      const shares = split(normal, p.callers);
      p.callers.forEach((c, i) => {
        add(c, shares[i] ?? 0);
      });
      for (const [c, n] of extras) add(c, n);
      return [...rows.values()].sort(
        (a, b) =>
          b.requests - a.requests ||
          (a.callerIp < b.callerIp ? -1 : a.callerIp > b.callerIp ? 1 : a.deployment < b.deployment ? -1 : 1),
      );
    },
  };
}

function burstWindow(b: Burst, epochMs: number, k: number): { startMs: number; endMs: number } {
  const periodStart = epochMs + k * b.periodMs;
  const jitter = unitHash(b.salt, k, 3);
  const durationMs = (15 + Math.floor(unitHash(b.salt, k, 4) * 4) * 5) * 60_000;
  const latest = b.periodMs - durationMs - 20 * 60_000;
  const offset = 20 * 60_000 + Math.floor((jitter * latest) / BIN_MS) * BIN_MS;
  return { startMs: periodStart + offset, endMs: periodStart + offset + durationMs };
}

/** Split a total over weights with the largest-remainder method, so the parts add up exactly. */
function split(total: number, weighted: readonly { weight: number }[]): number[] {
  const sum = weighted.reduce((s, w) => s + w.weight, 0);
  if (total <= 0 || sum <= 0) return weighted.map(() => 0);
  const exact = weighted.map((w) => (total * w.weight) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, n) => s + n, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}
