/*
 * The prompt-volume detector's loop (`run` in posture/anomaly.ts), compiled: the same arithmetic in the same
 * order on doubles, so its scores and learned state are bit-identical to the TypeScript loop's (test/anomaly-
 * kernel.test.ts checks). posture/anomaly.ts uses it for batch scoring when it has been built (`npm ci` builds
 * it with node-gyp, as better-sqlite3 is built); otherwise the TypeScript loop runs.
 *
 * A change to the model is made in both places: this loop is kept statement for statement parallel to `run`
 * (names, order, even the constants copied to locals), so a change there has one obvious place here. The
 * settings arrive as one array of doubles in the order of NATIVE_SETTINGS in anomaly.ts, and the state is the
 * same `mem` array (the LEARNED numbers, then the daily, weekly and time-of-day parts). Pending bins (those
 * whose score is not negligible) are handed back and scored by the TypeScript code, so no transcendental
 * function is computed here and the results do not depend on a math library.
 *
 * Build flags matter: -ffp-contract=off, because a fused multiply-add rounds once where JavaScript rounds
 * twice; no -ffast-math.
 */
#define NAPI_VERSION 8
#include <math.h>
#include <node_api.h>
#include <stdint.h>

#define HOUR 3600000.0
#define DAY (24 * HOUR)
#define WEEK (7 * DAY)

/* The learned numbers, in the order of LEARNED in anomaly.ts. */
enum {
  L_mode, L_n, L_firstT, L_lastX, L_quantum,
  L_level0, L_fast, L_fast2, L_levelS, L_level3,
  L_scale0, L_scale1, L_scale2, L_scale3,
  L_choice0, L_choice1, L_choice2,
  L_corr0, L_corr1, L_corr2, L_corr3,
  L_prev0, L_prev1, L_prev2, L_prev3,
  L_arPhi, L_arCross, L_arSquare,
  L_structural, L_selected, L_weeklyReady,
  L_zbar, L_zbarScale,
  L_run, L_runLeast, L_shiftDelta, L_shiftUntil, L_revertRun,
  LEARNED_LENGTH
};

enum { MODE_AUTO = 0, MODE_COUNTS = 1, MODE_REAL = 2 };

/* The constants of anomaly.ts. */
static const double HUBER = 2;
static const double SCALE_CLIP = 2.5;
#define SCALE_FACTOR (1 / 0.794)
static const double REL_STEP = 0.5;
static const double POISSON_FLOOR = 0.5;
static const double SHIFT_Z = 3.5;
#define SHIFT_MEMORY_MS (3 * DAY)
static const double PERSIST_GAIN = 0.25;
static const double PERSIST_CLIP = 3;
static const double SWITCH_MARGIN = 0.92;
static const double AR_MAX = 0.95;
static const double ALPHA_RECENT = 0.5;
static const double RECENT_IN = 0.75;
static const double RECENT_OUT = 0.85;
static const double LOW_MU = 0.05;
static const double ZERO_COUNT_Y = 0.6123724356957945;
#define PENDING_STRIDE 5

/* JavaScript's semantics where C's differ. */

/* Math.round: the nearest integer, halves towards +infinity. */
static double js_round(double x) {
  if (!isfinite(x)) return x;
  double r = floor(x);
  if (x - r >= 0.5) r += 1;
  return r;
}
/* Math.max of two numbers (NaN if either is; +0 above -0). */
static double js_max(double a, double b) {
  if (a != a || b != b) return NAN;
  if (a == 0 && b == 0) return signbit(a) ? b : a;
  return a > b ? a : b;
}
/* `x | 0` (ToInt32). */
static int32_t js_toint32(double x) {
  if (x > -2147483649.0 && x < 2147483648.0) return (int32_t)x;
  if (!isfinite(x)) return 0;
  double m = fmod(trunc(x), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return (int32_t)(uint32_t)m;
}
static int js_is_integer(double x) { return isfinite(x) && floor(x) == x; }

/* On x86-64 Linux, GCC also compiles the loop for x86-64-v3 (AVX2 and its three-operand instructions: about
   12 % faster) and picks that version at load where the processor has it. Results are the same: no fused
   multiply-add either way. */
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define KERNEL_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define KERNEL_CLONES
#endif

/* The settings, in the order of NATIVE_SETTINGS in anomaly.ts. */
enum {
  S_binMs, S_seasonality, S_values, S_warmupBins, S_binsPerDay, S_dailySlots, S_weeklyKnots, S_buckets,
  S_alphaFast, S_alphaFastK, S_alphaSlow, S_gainDaily, S_gainWeekly, S_gainScale, S_gainScaleK, S_gainChoiceK,
  S_every, S_gainBucket, S_weeklyMature, S_dailyCap, S_weeklyCap, S_bucketCap, S_shiftBins, S_coldBins,
  S_zBound, S_zNegligible, S_regular, S_binsPerKnot, S_poissonLength, S_persistSd,
  SETTINGS_LENGTH
};

/*
 * Runs bins [from, to) with the settings `c` (in S_… order) and the shared table `tab`. Returns `to`, or the
 * index of the bin that showed a series taken for counts is not one (the state is then left as it was; the
 * caller resets it and runs again from there). Bins whose score is not negligible are written to `pending`
 * (PENDING_STRIDE numbers each), their count to `pendingCount`. Output columns other than the score: NULL when
 * not wanted.
 */
KERNEL_CLONES static int run(const double *c, const double *tab, double *mem, double start, const double *values,
                             int from, int to, double *scoreOut, double *expectedOut, double *upperOut,
                             double *lowerOut, double *zOut, double *pending, int *pendingCount) {
  const double _DAY = DAY;
  const double _WEEK = WEEK;
  const double _HUBER = HUBER;
  const double _SCALE_CLIP = SCALE_CLIP;
  const double _SCALE_FACTOR = SCALE_FACTOR;
  const double _REL_STEP = REL_STEP;
  const double _NEG_REL_STEP = -REL_STEP;
  const double _NEG_PERSIST_CLIP = -PERSIST_CLIP;
  const double _POISSON_FLOOR = POISSON_FLOOR;
  const double _SHIFT_Z = SHIFT_Z;
  const double _PERSIST_GAIN = PERSIST_GAIN;
  const double _PERSIST_CLIP = PERSIST_CLIP;
  const double _PERSIST_SD = c[S_persistSd];
  const double _SWITCH_MARGIN = SWITCH_MARGIN;
  const double _AR_MAX = AR_MAX;
  const double _ALPHA_RECENT = ALPHA_RECENT;
  const int _MODE_REAL = MODE_REAL;
  const double binMs = c[S_binMs];
  const int ds = (int)c[S_dailySlots];
  const int wk = (int)c[S_weeklyKnots];
  const int nb = (int)c[S_buckets];
  const int D0 = LEARNED_LENGTH;
  const int DN0 = D0 + ds;
  const int W0 = DN0 + ds;
  const int WN0 = W0 + wk;
  const int B0 = WN0 + wk;
  const int BN0 = B0 + nb;
  const double alphaFast = c[S_alphaFast];
  const double alphaFastK = c[S_alphaFastK];
  const double aS = c[S_alphaSlow];
  const double gainDaily = c[S_gainDaily];
  const double gainDailyNet = gainDaily * (1 - aS);
  const double gainWeekly = c[S_gainWeekly];
  const double gainScale = c[S_gainScale];
  const double gainScaleK = c[S_gainScaleK];
  const double gainChoiceK = c[S_gainChoiceK];
  const int everyMask = (int)c[S_every] - 1;
  const double gainBucket = c[S_gainBucket];
  const double mature = c[S_weeklyMature];
  const double dailyCap = c[S_dailyCap];
  const double weeklyCap = c[S_weeklyCap];
  const double bucketCap = c[S_bucketCap];
  const int coldBins = (int)c[S_coldBins];
  const int PS0 = coldBins;
  const int BO0 = coldBins + (int)c[S_poissonLength];
  const double zBound = c[S_zBound];
  const double zNegligible = c[S_zNegligible];
  const double binsPerDay = c[S_binsPerDay];
  const double persistFrom = js_max(c[S_warmupBins], binsPerDay);
  const int32_t shiftBins = (int32_t)c[S_shiftBins];
  const int32_t revertBins = js_max(2, shiftBins >> 2);
  const double outageBins = js_max(shiftBins, js_round(binsPerDay));
  const int season = (int)c[S_seasonality];
  const int forcedCounts = (int)c[S_values] == 1;

  const int wantZ = zOut != NULL;
  for (int i = from; i < to; i++) scoreOut[i] = 0;
  const int bands = expectedOut != NULL || upperOut != NULL || lowerOut != NULL;
  int np = 0;
  int restart = -1;

  double *const S = mem;
  const int F0 = L_level0;
  const int SC0 = L_scale0;
  const int CH0 = L_choice0;
  const int CO0 = L_corr0;
  const int PV0 = L_prev0;
  int32_t mode = js_toint32(S[L_mode]);
  int32_t n = js_toint32(S[L_n]);
  const int mult = mode != MODE_REAL;
  double firstT = S[L_firstT];
  double lastX = S[L_lastX];
  double quantum = S[L_quantum];
  double levelS = S[L_levelS];
  double level3 = S[L_level3];
  double scale3 = S[L_scale3];
  double corr3 = S[L_corr3];
  double prev3 = S[L_prev3];
  double arPhi = S[L_arPhi];
  int32_t structural = js_toint32(S[L_structural]);
  int32_t selected = js_toint32(S[L_selected]);
  int32_t weeklyReady = js_toint32(S[L_weeklyReady]);
  double zbar = S[L_zbar];
  double zbarScale = S[L_zbarScale];
  int32_t runLength = js_toint32(S[L_run]);
  double runLeast = S[L_runLeast];
  double shiftDelta = S[L_shiftDelta];
  double shiftUntil = S[L_shiftUntil];
  int32_t revertRun = js_toint32(S[L_revertRun]);
  double fT = S[F0 + structural];
  double scaleT = S[SC0 + structural];
  double corrT = S[CO0 + structural];
  double prevT = S[PV0 + structural];
  int prevOldK = -1;
  double prevOld = 0;
  for (int k = 0; k < 3; k++) {
    const double pv = S[PV0 + k];
    if (k != structural && pv != 0) {
      prevOldK = k;
      prevOld = pv;
    }
  }

  const int regular = c[S_regular] != 0;
  const double bpk = c[S_binsPerKnot];
  const double invBpk = 1 / bpk;
  const int stepping = regular && js_is_integer(binMs) && js_is_integer(start);
  const int i0 = from;
  const int end = to;
  double t = start + i0 * binMs;
  int32_t slot = 0;
  int32_t k0 = 0;
  int32_t sub = 0;
  double wf = 0;

  for (int i = i0; i < end; i++, t += binMs) {
    if (i != i0 && stepping) {
      if (++slot == ds) slot = 0;
      if (++sub == bpk) {
        sub = 0;
        if (++k0 == wk) k0 = 0;
      }
      wf = sub * invBpk;
    } else {
      if (i != i0) t = start + i * binMs;
      const double dayMs = t - floor(t / _DAY) * _DAY;
      const double weekMs = t - floor(t / _WEEK) * _WEEK;
      if (regular) {
        slot = js_toint32(dayMs / binMs);
        const int32_t weekBin = js_toint32(weekMs / binMs);
        k0 = js_toint32(weekBin / bpk);
        sub = (int32_t)(weekBin - k0 * bpk); /* a whole number in JS too (bpk whole when regular) */
        wf = sub * invBpk;
      } else {
        if (ds > 0) {
          slot = js_toint32((dayMs * ds) / _DAY);
          if (slot >= ds) slot = ds - 1;
        }
        if (wk > 0) {
          const double u = (weekMs * wk) / _WEEK;
          k0 = js_toint32(u);
          wf = u - k0;
          if (k0 >= wk) k0 = wk - 1;
        }
      }
    }
    const int32_t k1 = k0 + 1 == wk ? 0 : k0 + 1;
    const int32_t b = nb == 1 ? 0 : js_toint32(tab[BO0 + slot]);

    double x = values[i];
    const int missing = !(x - x == 0);
    if (!missing && mode != _MODE_REAL && !(x >= 0 && floor(x) == x)) {
      if (forcedCounts) x = x > 0 ? js_round(x) : 0;
      else {
        restart = i;
        break;
      }
    }
    if (!missing && mode == MODE_AUTO) mode = MODE_COUNTS;

    const int early = n < 8;
    const int full = early || (n & everyMask) == 0;
    if (full) {
#include "anomaly-kernel-bin.h"
    } else {
#include "anomaly-kernel-bin.h"
    }
  }

  *pendingCount = np;
  /* A series taken for counts is not one: the caller resets the state and runs again from `restart`. */
  if (restart >= 0) return restart;

  S[L_mode] = mode;
  S[L_n] = n;
  S[L_firstT] = firstT;
  S[L_lastX] = lastX;
  S[L_quantum] = quantum;
  S[L_levelS] = levelS;
  S[L_level3] = level3;
  S[L_scale3] = scale3;
  S[L_corr3] = corr3;
  S[L_prev3] = prev3;
  S[F0 + structural] = fT;
  S[SC0 + structural] = scaleT;
  S[CO0 + structural] = corrT;
  for (int k = 0; k < 3; k++) S[PV0 + k] = k == structural ? prevT : k == prevOldK ? prevOld : 0;
  S[L_arPhi] = arPhi;
  S[L_structural] = structural;
  S[L_selected] = selected;
  S[L_weeklyReady] = weeklyReady;
  S[L_zbar] = zbar;
  S[L_zbarScale] = zbarScale;
  S[L_run] = runLength;
  S[L_runLeast] = runLeast;
  S[L_shiftDelta] = shiftDelta;
  S[L_shiftUntil] = shiftUntil;
  S[L_revertRun] = revertRun;
  return to;
}

/* ---- Node-API: run(settings, table, mem, start, values, from, to, score, expected, upper, lower, z, pending,
   out). All arrays are Float64Arrays (the optional columns may be null); out[0] = the index reached, out[1] = the
   number of pending bins. */

static int float64s(napi_env env, napi_value value, int optional, double **data, size_t *length) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) return 0;
  if (optional && (type == napi_null || type == napi_undefined)) {
    *data = NULL;
    *length = 0;
    return 1;
  }
  bool typed = false;
  if (napi_is_typedarray(env, value, &typed) != napi_ok || !typed) return 0;
  napi_typedarray_type kind;
  void *bytes;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &kind, length, &bytes, &buffer, &offset) != napi_ok) return 0;
  if (kind != napi_float64_array) return 0;
  *data = (double *)bytes;
  return 1;
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

static napi_value Run(napi_env env, napi_callback_info info) {
  size_t argc = 14;
  napi_value argv[14];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 14)
    return fail(env, "run: expected 14 arguments");
  double *settings, *table, *mem, *values, *score, *expected, *upper, *lower, *z, *pending, *out;
  size_t nSettings, nTable, nMem, nValues, nScore, nExpected, nUpper, nLower, nZ, nPending, nOut;
  double start;
  int32_t from, to;
  if (!float64s(env, argv[0], 0, &settings, &nSettings) || !float64s(env, argv[1], 0, &table, &nTable) ||
      !float64s(env, argv[2], 0, &mem, &nMem) || !float64s(env, argv[4], 0, &values, &nValues) ||
      !float64s(env, argv[7], 0, &score, &nScore) || !float64s(env, argv[8], 1, &expected, &nExpected) ||
      !float64s(env, argv[9], 1, &upper, &nUpper) || !float64s(env, argv[10], 1, &lower, &nLower) ||
      !float64s(env, argv[11], 1, &z, &nZ) || !float64s(env, argv[12], 0, &pending, &nPending) ||
      !float64s(env, argv[13], 0, &out, &nOut))
    return fail(env, "run: the arrays must be Float64Arrays");
  if (napi_get_value_double(env, argv[3], &start) != napi_ok || napi_get_value_int32(env, argv[5], &from) != napi_ok ||
      napi_get_value_int32(env, argv[6], &to) != napi_ok)
    return fail(env, "run: start, from and to must be numbers");
  if (nSettings != SETTINGS_LENGTH) return fail(env, "run: settings of another layout");
  const double ds = settings[S_dailySlots], wk = settings[S_weeklyKnots], nb = settings[S_buckets];
  const double coldBins = settings[S_coldBins], poissonLength = settings[S_poissonLength];
  const double every = settings[S_every], binsPerKnot = settings[S_binsPerKnot];
  /* Every index the loop computes stays inside these arrays when their lengths are the ones checked here. */
  if (!(ds >= 0 && wk >= 0 && nb >= 1 && coldBins >= 0 && poissonLength >= 400 && binsPerKnot >= 1) ||
      !(every == 1 || every == 2 || every == 4 || every == 8))
    return fail(env, "run: settings out of range");
  if (nTable != (size_t)coldBins + (size_t)poissonLength + (size_t)ds)
    return fail(env, "run: table of another length");
  if (nMem != (size_t)LEARNED_LENGTH + 2 * ((size_t)ds + (size_t)wk + (size_t)nb))
    return fail(env, "run: state of another layout");
  if (from < 0 || to < from || (size_t)to > nValues || (size_t)to > nScore || (expected && (size_t)to > nExpected) ||
      (upper && (size_t)to > nUpper) || (lower && (size_t)to > nLower) || (z && (size_t)to > nZ))
    return fail(env, "run: bins out of range");
  if (nPending < (size_t)PENDING_STRIDE * (size_t)(to - from) || nOut < 2) return fail(env, "run: buffers too short");
  /* The learned numbers the loop indexes with. */
  const double mode = mem[L_mode], n = mem[L_n], structural = mem[L_structural], selected = mem[L_selected];
  if (!(mode == MODE_AUTO || mode == MODE_COUNTS || mode == MODE_REAL) || !(n >= 0 && n < 2147483647.0) ||
      !(structural == 0 || structural == 1 || structural == 2) || !(selected >= 0 && selected <= 3))
    return fail(env, "run: not a detector state");
  int pendingCount = 0;
  const int reached =
      run(settings, table, mem, start, values, from, to, score, expected, upper, lower, z, pending, &pendingCount);
  out[0] = reached;
  out[1] = pendingCount;
  return NULL;
}

/* The layout this build was made for: the caller uses it only if it is its own. */
static napi_value Layout(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, learned, settings;
  napi_create_object(env, &result);
  napi_create_int32(env, LEARNED_LENGTH, &learned);
  napi_create_int32(env, SETTINGS_LENGTH, &settings);
  napi_set_named_property(env, result, "learned", learned);
  napi_set_named_property(env, result, "settings", settings);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "run", NAPI_AUTO_LENGTH, Run, NULL, &fn);
  napi_set_named_property(env, exports, "run", fn);
  napi_create_function(env, "layout", NAPI_AUTO_LENGTH, Layout, NULL, &fn);
  napi_set_named_property(env, exports, "layout", fn);
  return exports;
}
