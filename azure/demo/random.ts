// Deterministic randomness for the demo estate. A seeded generator builds the
// estate; stateless integer hashes give values computed on demand (a log bin, a
// caller split) so nothing time-varying has to be stored.

/** 32-bit hash of a string (cyrb53's mixing, folded to 32 bits). */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** Combine two 32-bit values into a well-mixed 32-bit value (murmur3 finaliser). */
export function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform number in [0, 1) determined by its inputs alone. */
export function unitHash(a: number, b: number, c = 0): number {
  return mix(mix(a, b), c) / 4294967296;
}

/** A Poisson-distributed count from two uniforms: exact inverse CDF for small means, normal approximation above. */
export function poisson(mean: number, u: number, v: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 40) {
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    while (u > cdf && k < 400) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  const z = Math.sqrt(-2 * Math.log(Math.max(u, 1e-12))) * Math.cos(2 * Math.PI * v);
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** A version-4-shaped GUID from four 32-bit words. */
export function guidFromWords(a: number, b: number, c: number, d: number): string {
  const s = hex32(a) + hex32(b) + hex32(c) + hex32(d);
  const variant = ((parseInt(s[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** A GUID that depends only on a label: stable across seeds (used for people and catalogue entries). */
export function stableGuid(label: string): string {
  return guidFromWords(hashString(label, 1), hashString(label, 2), hashString(label, 3), hashString(label, 4));
}

/** mulberry32: small, fast, good enough for synthetic data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent generator for a named part of the estate, so adding a part never shifts another. */
  static for(seed: number, label: string): Rng {
    return new Rng(mix(seed >>> 0, hashString(label)));
  }

  fork(label: string): Rng {
    return new Rng(mix(this.nextUint(), hashString(label)));
  }

  nextUint(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by weight; weights need not sum to one. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('Rng.weighted: empty list');
    return last[0];
  }

  /** A few distinct items, in a stable order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const out: T[] = [];
    while (out.length < count && copy.length > 0) {
      const i = Math.floor(this.next() * copy.length);
      out.push(copy[i] as T);
      copy.splice(i, 1);
    }
    return out;
  }

  guid(): string {
    return guidFromWords(this.nextUint(), this.nextUint(), this.nextUint(), this.nextUint());
  }

  hex(length: number): string {
    let s = '';
    while (s.length < length) s += hex32(this.nextUint());
    return s.slice(0, length);
  }
}
