// How the demo's findings change after the epoch. A seeded schedule, generated
// lazily and in order, so the state at any instant is a pure function of
// (estate, instant): every 10–30 minutes something changes — a new finding
// (some High severity), one resolved, and now and then a resolved one comes back.

import { type RiskLevel, riskFactorsOf, riskLevelOf, type Slot } from './findings.js';
import { Rng } from './random.js';

export type ChangeKind = 'new' | 'new-high' | 'resolve' | 'recur';

export interface ChangeEvent {
  atMs: number;
  slot: number;
  kind: ChangeKind;
  code: 'Healthy' | 'Unhealthy';
  riskLevel: RiskLevel | null;
  riskFactors: string[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** As many findings open as close over a cycle, so a demo left running for days neither drowns nor runs dry. */
const PATTERN: readonly ChangeKind[] = ['new-high', 'resolve', 'new', 'new', 'resolve', 'recur', 'resolve', 'resolve'];
/** A resolved finding may come back once it has stayed resolved this long. */
const RECUR_AFTER_MS = 2 * HOUR;
/** The clock resolves findings it opened only after this long. */
const MIN_OPEN_MS = HOUR;

/** A set of slot indices with O(1) add, delete and random pick. */
class IndexSet {
  private readonly items: number[] = [];
  private readonly pos = new Map<number, number>();
  get size(): number {
    return this.items.length;
  }
  has(i: number): boolean {
    return this.pos.has(i);
  }
  add(i: number): void {
    if (this.pos.has(i)) return;
    this.pos.set(i, this.items.length);
    this.items.push(i);
  }
  delete(i: number): void {
    const p = this.pos.get(i);
    if (p === undefined) return;
    const last = this.items.pop() as number;
    if (last !== i) {
      this.items[p] = last;
      this.pos.set(last, p);
    }
    this.pos.delete(i);
  }
  pick(r: Rng): number | undefined {
    if (this.items.length === 0) return undefined;
    return this.items[Math.floor(r.next() * this.items.length)];
  }
}

export class Timeline {
  readonly events: ChangeEvent[] = [];
  private readonly r: Rng;
  private readonly healthyHigh = new IndexSet();
  private readonly healthyOther = new IndexSet();
  private readonly unhealthy = new IndexSet();
  /** Slots resolved by the clock, oldest first, with when. */
  private readonly resolved: { slot: number; atMs: number }[] = [];
  /** Slots that were already fixed before the epoch: candidates to regress. */
  private readonly baseResolved: number[];
  /** When the clock opened a finding. */
  private readonly openedAt = new Map<number, number>();
  private cursorMs: number;
  private step = 0;

  constructor(
    private readonly slots: readonly Slot[],
    seed: number,
    epochMs: number,
    private readonly changesPerTick: number,
  ) {
    this.r = Rng.for(seed, 'timeline');
    this.cursorMs = epochMs;
    const base: number[] = [];
    for (const s of slots) {
      if (!s.eventable) continue;
      if (s.code === 'Unhealthy') this.unhealthy.add(s.index);
      else if (s.code === 'Healthy') {
        (s.rec.severity === 'High' ? this.healthyHigh : this.healthyOther).add(s.index);
        if (s.statusChangeMs > s.firstEvaluationMs) base.push(s.index);
      }
    }
    this.baseResolved = base;
  }

  /** Number of events at or before `ms` (generating the schedule that far if needed). */
  countUntil(ms: number): number {
    while (this.cursorMs <= ms) this.tick();
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.events[mid] as ChangeEvent).atMs <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private tick(): void {
    this.cursorMs += this.r.int(10, 30) * MINUTE + this.r.int(0, 59) * 1000;
    const at = this.cursorMs;
    const n = 1 + Math.floor(this.r.next() * this.changesPerTick);
    for (let i = 0; i < n; i++) {
      const kind = PATTERN[this.step++ % PATTERN.length] as ChangeKind;
      this.apply(kind, at);
    }
  }

  private apply(kind: ChangeKind, at: number): void {
    if (kind === 'resolve') {
      const i = this.pickResolvable(at);
      if (i === undefined) {
        this.apply('new', at);
        return;
      }
      this.markHealthy(i);
      this.resolved.push({ slot: i, atMs: at });
      this.events.push({ atMs: at, slot: i, kind, code: 'Healthy', riskLevel: null, riskFactors: [] });
      return;
    }
    if (kind === 'recur') {
      const i = this.takeRecurCandidate(at);
      if (i === undefined) this.apply('new', at);
      else this.open(i, at, 'recur');
      return;
    }
    const first = kind === 'new-high' ? this.healthyHigh : this.r.chance(0.8) ? this.healthyOther : this.healthyHigh;
    const second = first === this.healthyHigh ? this.healthyOther : this.healthyHigh;
    const i = first.pick(this.r) ?? second.pick(this.r);
    if (i === undefined) return;
    this.open(i, at, kind);
  }

  /** An open finding to fix, preferring one that has been open a while (fixes take time). */
  private pickResolvable(at: number): number | undefined {
    let fallback: number | undefined;
    for (let tries = 0; tries < 8; tries++) {
      const i = this.unhealthy.pick(this.r);
      if (i === undefined) return undefined;
      fallback ??= i;
      if ((this.openedAt.get(i) ?? Number.NEGATIVE_INFINITY) <= at - MIN_OPEN_MS) return i;
    }
    return fallback;
  }

  private takeRecurCandidate(at: number): number | undefined {
    const k = this.resolved.findIndex((e) => e.atMs <= at - RECUR_AFTER_MS && !this.unhealthy.has(e.slot));
    if (k >= 0) {
      const [e] = this.resolved.splice(k, 1);
      return e?.slot;
    }
    while (this.baseResolved.length > 0) {
      const i = this.baseResolved.splice(Math.floor(this.r.next() * this.baseResolved.length), 1)[0];
      if (i !== undefined && !this.unhealthy.has(i)) return i;
    }
    return undefined;
  }

  private open(i: number, at: number, kind: ChangeKind): void {
    const slot = this.slots[i] as Slot;
    this.healthyHigh.delete(i);
    this.healthyOther.delete(i);
    this.unhealthy.add(i);
    this.openedAt.set(i, at);
    let riskLevel: RiskLevel | null = null;
    let riskFactors: string[] = [];
    if (slot.node.app.sub.cspm) {
      riskFactors = riskFactorsOf(slot.node, slot.rec);
      riskLevel = riskLevelOf(slot.rec, riskFactors, slot.attackPathIds.length > 0);
      if (kind === 'new-high' && riskLevel !== 'Critical') riskLevel = 'High';
    }
    this.events.push({ atMs: at, slot: i, kind, code: 'Unhealthy', riskLevel, riskFactors });
  }

  private markHealthy(i: number): void {
    const slot = this.slots[i] as Slot;
    this.unhealthy.delete(i);
    (slot.rec.severity === 'High' ? this.healthyHigh : this.healthyOther).add(i);
  }
}
