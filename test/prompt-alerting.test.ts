// The prompt-volume alerting policy on top of the detector's scores: which bins are unusual (score, absolute
// volume, ratio to normal, per zone), persistence (k of the last m), one alert per episode with a cooldown
// that re-alerts only when the burst grows, drops to zero on busy resources, and the `prompt-volume` routes.
// Scores are written out by hand so each rule is seen on its own; the detector is DETECTOR's to test.

import { describe, expect, it } from 'vitest';
import type { ScoredBin } from '../posture/anomaly.js';
import type { Zone } from '../posture/model.js';
import {
  aboveNormalText,
  DEFAULT_PROMPT_POLICY,
  describePromptRouteFilter,
  type EpisodeUpdate,
  isUnusualBin,
  newWatch,
  parsePromptRouteFilter,
  parsePromptSubscribeArgs,
  promptRouteFilterJson,
  promptRouteMatches,
  readWatch,
  type WatchState,
  watchBins,
} from '../posture/prompt-alerting.js';

const BIN = 5 * 60_000;
const T0 = Date.parse('2026-11-23T00:00:00Z');
/** The default policy without the learning day, so each rule can be seen on a few bins. */
const policy = { ...DEFAULT_PROMPT_POLICY, learningMs: 0 };

/** A quiet bin: 10 prompts where 10 are expected. */
const quiet = (i: number, expected = 10): ScoredBin => bin(i, expected, expected, 0.05);
function bin(i: number, observed: number | null, expected: number, score: number): ScoredBin {
  const z = observed === null ? 0 : (observed - expected) / Math.sqrt(expected + 1);
  return {
    t: T0 + i * BIN,
    observed,
    expected,
    upper: expected * 1.5 + 5,
    lower: Math.max(0, expected / 2 - 3),
    score,
    z,
  };
}

/** Feed bins through a fresh (or given) watch state, as the job does cycle by cycle. */
function watch(bins: ScoredBin[], zone: Zone = 2, state: WatchState = newWatch()) {
  return watchBins(state, bins, { binMs: BIN, zone, policy });
}

const series = (n: number, at: (i: number) => ScoredBin) => Array.from({ length: n }, (_, i) => at(i));
const alerts = (episodes: EpisodeUpdate[]) => episodes.filter((e) => e.alert !== null);

describe('an unusual bin', () => {
  it('needs a high score, a minimum volume and a ratio to normal, and zone 3 asks for less', () => {
    const z1 = policy.zones[1];
    const z3 = policy.zones[3];
    // 12 prompts where 2 are expected, score 0.95: unusual in zone 3, too few prompts for zone 1.
    expect(isUnusualBin(bin(0, 12, 2, 0.95), z3)).toBe(true);
    expect(isUnusualBin(bin(0, 12, 2, 0.95), z1)).toBe(false);
    // A busy resource 20 % up with a confident score is not "unusual prompt volume" anywhere.
    expect(isUnusualBin(bin(0, 480, 400, 0.99), z3)).toBe(false);
    // A drop never counts as a burst, and missing data counts as nothing.
    expect(isUnusualBin(bin(0, 0, 400, 1), z3)).toBe(false);
    expect(isUnusualBin(bin(0, null, 10, 1), z3)).toBe(false);
    // A low score is not enough, whatever the volume.
    expect(isUnusualBin(bin(0, 300, 10, 0.5), z3)).toBe(false);
  });
});

describe('persistence', () => {
  it('one unusual bin alone does not alert; k of the last m does, from the first unusual bin', () => {
    const single = watch(series(12, (i) => (i === 5 ? bin(i, 200, 10, 1) : quiet(i))));
    expect(single.episodes).toEqual([]);

    // Zone 2: 2 of the last 3. Bins 5 and 7 are unusual (6 is not): an alert at bin 7, starting at bin 5.
    const burst = watch(series(12, (i) => (i === 5 || i === 7 ? bin(i, 200, 10, 1) : quiet(i))));
    expect(alerts(burst.episodes)).toHaveLength(1);
    const [ep] = burst.episodes;
    expect(ep?.kind).toBe('spike');
    expect(ep?.alert).toBe('new');
    expect(ep?.start.toISOString()).toBe(new Date(T0 + 5 * BIN).toISOString());
    expect(ep?.end.toISOString()).toBe(new Date(T0 + 8 * BIN).toISOString());
    // Bins 5–7: 200 + 10 + 200 observed against 30 expected; peak 200.
    expect(ep?.observed).toBe(410);
    expect(ep?.expected).toBe(30);
    expect(ep?.peak).toBe(200);
    // Three quiet bins later it is over.
    expect(ep?.active).toBe(false);
  });

  it('zone 1 waits for 3 of 4 bins where zone 3 alerts on 2 of 3', () => {
    const twoBins = series(10, (i) => (i === 4 || i === 5 ? bin(i, 200, 10, 1) : quiet(i)));
    expect(alerts(watch(twoBins, 3).episodes)).toHaveLength(1);
    expect(alerts(watch(twoBins, 1).episodes)).toHaveLength(0);
    const threeBins = series(10, (i) => (i >= 4 && i <= 6 ? bin(i, 200, 10, 1) : quiet(i)));
    expect(alerts(watch(threeBins, 1).episodes)).toHaveLength(1);
  });

  it('missing bins neither count nor break a run', () => {
    const bins = series(10, (i) =>
      i === 3 || i === 5 ? bin(i, 200, 10, 1) : i === 4 ? bin(i, null, 10, 0) : quiet(i),
    );
    expect(alerts(watch(bins, 2).episodes)).toHaveLength(1);
  });
});

describe('one alert per episode', () => {
  it('a burst spread over several cycles alerts once; cycles after that only update it', () => {
    const burst = (i: number) => (i >= 10 && i < 20 ? bin(i, 200, 10, 1) : quiet(i));
    const first = watch(series(12, burst));
    expect(alerts(first.episodes).map((e) => e.alert)).toEqual(['new']);
    // The next cycle feeds bins 12–23 to the state the first one left.
    const next = watchBins(
      first.state,
      series(12, (i) => burst(i + 12)),
      { binMs: BIN, zone: 2, policy },
    );
    expect(next.episodes).toHaveLength(1);
    expect(next.episodes[0]?.key).toBe(first.episodes[0]?.key);
    expect(next.episodes[0]?.alert).toBeNull();
    expect(next.episodes[0]?.active).toBe(false);
    expect(next.episodes[0]?.observed).toBe(2000);
  });

  it('re-alerts when the burst grows past the growth factor, not when it merely goes on', () => {
    const steady = watch(series(20, (i) => (i >= 5 && i < 15 ? bin(i, 200, 10, 1) : quiet(i))));
    expect(alerts(steady.episodes).map((e) => e.alert)).toEqual(['new']);
    // 200 a bin, then 320 (1.6×) from bin 10 on: a second card, once.
    const split = watchBins(
      newWatch(),
      series(10, (i) => (i >= 5 ? bin(i, 200, 10, 1) : quiet(i))),
      { binMs: BIN, zone: 2, policy },
    );
    const grown = watchBins(
      split.state,
      series(10, (i) => bin(i + 10, i < 5 ? 320 : 330, 10, 1)),
      {
        binMs: BIN,
        zone: 2,
        policy,
      },
    );
    expect(grown.episodes.map((e) => e.alert)).toEqual(['grew']);
    expect(grown.episodes[0]?.key).toBe(split.episodes[0]?.key);
    expect(grown.episodes[0]?.peak).toBe(330);
  });

  it('a new burst within the cooldown continues the episode; after it, it is a new one', () => {
    const at = (gapBins: number) => (i: number) =>
      (i >= 2 && i < 5) || (i >= 5 + gapBins && i < 8 + gapBins) ? bin(i, 200, 10, 1) : quiet(i);
    const soon = watch(series(30, at(6))); // 30 minutes between the bursts
    expect(new Set(soon.episodes.map((e) => e.key)).size).toBe(1);
    expect(alerts(soon.episodes)).toHaveLength(1);

    const late = watch(series(40, at(20))); // 100 minutes between them: past the hour's cooldown
    expect(late.episodes.map((e) => e.alert)).toEqual(['new', 'new']);
  });
});

describe('drops to zero', () => {
  it('a busy resource at zero for half an hour is a drop, alerted once', () => {
    const bins = series(30, (i) => (i >= 10 && i < 22 ? bin(i, 0, 120, 1) : quiet(i, 120)));
    const out = watch(bins, 2);
    expect(out.episodes).toHaveLength(1);
    const [drop] = out.episodes;
    expect(drop?.kind).toBe('drop');
    expect(drop?.alert).toBe('new');
    expect(drop?.start.toISOString()).toBe(new Date(T0 + 10 * BIN).toISOString());
    expect(drop?.end.toISOString()).toBe(new Date(T0 + 22 * BIN).toISOString());
    expect(drop?.expected).toBe(12 * 120);
    expect(drop?.active).toBe(false);
  });

  it('a quarter-hour ingestion gap is not a drop, nor is a quiet resource at zero', () => {
    const gap = series(30, (i) => (i >= 10 && i < 13 ? bin(i, 0, 120, 1) : quiet(i, 120)));
    expect(watch(gap).episodes).toEqual([]);
    const night = series(60, (i) => bin(i, 0, 3, 0.3));
    expect(watch(night).episodes).toEqual([]);
  });
});

describe('learning', () => {
  it('a resource’s first day teaches the detector its rhythm: nothing is alerted in it', () => {
    const learning = { binMs: BIN, zone: 3 as Zone, policy: DEFAULT_PROMPT_POLICY };
    const firstDay = series(288, (i) =>
      i >= 100 && i < 110 ? bin(i, 200, 10, 1) : i >= 200 ? bin(i, 0, 120, 1) : quiet(i),
    );
    const day1 = watchBins(newWatch(), firstDay, learning);
    expect(day1.episodes).toEqual([]);
    // From the second day on, the same burst alerts.
    const day2 = watchBins(
      day1.state,
      series(20, (i) => (i >= 5 && i < 10 ? bin(288 + i, 200, 10, 1) : quiet(288 + i))),
      learning,
    );
    expect(alerts(day2.episodes).map((e) => e.alert)).toEqual(['new']);
  });
});

describe('the watch state', () => {
  it('survives JSON (the job stores it) and refuses shapes it does not know', () => {
    const { state } = watch(series(12, (i) => (i >= 5 ? bin(i, 200, 10, 1) : quiet(i))));
    const back = readWatch(JSON.parse(JSON.stringify(state)));
    expect(back).toEqual(state);
    expect(readWatch({ v: 2 })).toBeNull();
    expect(readWatch('nonsense')).toBeNull();
  });
});

describe('what a card says', () => {
  it('reads "× above normal" without dividing by a silent resource’s zero', () => {
    expect(aboveNormalText('spike', 1200, 100, 6)).toBe('×12 above normal');
    expect(aboveNormalText('spike', 240, 100, 6)).toBe('×2.4 above normal');
    // Normally silent: the expectation is floored at one prompt a bin.
    expect(aboveNormalText('spike', 300, 0.2, 6)).toBe('×50 above normal');
    expect(aboveNormalText('drop', 0, 1234, 6)).toBe('stopped (normally ~1,234)');
  });
});

describe('prompt-volume routes', () => {
  it('parses `subscribe prompt-volume` arguments, and names what it did not understand', () => {
    expect(parsePromptSubscribeArgs('')).toEqual({ kind: 'route', filter: { zones: [], drops: true } });
    expect(parsePromptSubscribeArgs('zone 3 2 no drops')).toEqual({
      kind: 'route',
      filter: { zones: [2, 3], drops: false },
    });
    expect(parsePromptSubscribeArgs('z3 bursts')).toEqual({ kind: 'route', filter: { zones: [3], drops: false } });
    const bad = parsePromptSubscribeArgs('zone 3 loudly');
    expect(bad.kind).toBe('error');
    expect(bad.kind === 'error' && bad.message).toContain('loudly');
  });

  it('stores filters canonically and reads back only what it wrote', () => {
    expect(promptRouteFilterJson({ zones: [3, 1, 3], drops: true })).toEqual({ zone: [1, 3] });
    expect(promptRouteFilterJson({ zones: [], drops: false })).toEqual({ drops: false });
    expect(parsePromptRouteFilter({ zone: [3] })).toEqual({ ok: true, filter: { zones: [3], drops: true } });
    expect(parsePromptRouteFilter({ zone: [4] }).ok).toBe(false);
    expect(parsePromptRouteFilter({ severity: ['High'] }).ok).toBe(false);
  });

  it('matches by zone, and keeps drops out of routes that said no drops', () => {
    const zone3 = { zones: [3 as Zone], drops: true };
    expect(promptRouteMatches(zone3, { zone: 3, kind: 'spike' })).toBe(true);
    expect(promptRouteMatches(zone3, { zone: 2, kind: 'spike' })).toBe(false);
    expect(promptRouteMatches({ zones: [], drops: false }, { zone: 1, kind: 'drop' })).toBe(false);
    expect(describePromptRouteFilter(zone3)).toBe('prompt-volume bursts and drops · zone 3');
  });
});
