/*
 * The rest of one bin of `run` in anomaly-kernel.c, once it is known whether the bin is full (`run` in
 * posture/anomaly.ts from `const T = structural` on). It is included twice, for full bins and for the others: `full` is then a constant
 * in each copy, so the compiler drops what the other kind needs and the processor does not have to guess
 * `full` at each of the half-dozen places it matters (a third fewer mispredicted branches, cachegrind).
 */
    const int32_t T = structural;
    const int sel3 = selected == 3;

    /* ---- predictions */
    const int seen = ds > 0 && mem[DN0 + slot] > 0;
    const double d = seen ? mem[D0 + slot] : mult ? 1 : 0;
    const double w = wk > 0 && (full || T == 2) ? (1 - wf) * mem[W0 + k0] + wf * mem[W0 + k1] : 0;
    const double base = mult ? levelS * d : levelS + d;
    const double eT = T == 0 ? fT : T == 1 ? (mult ? base * fT : base + fT) : mult ? base * (1 + w) * fT : base + w + fT;
    const double eTc = eT + arPhi * prevT;
    const double e = sel3 ? level3 + arPhi * prev3 : eTc;

    /* ---- noise scale of this bin */
    const double h = mem[B0 + b];
    double floor_ = quantum;
    if (mult) {
      const double mu = e * e - 0.375;
      floor_ = mu >= 4 ? _POISSON_FLOOR : tab[PS0 + (mu > 0 ? js_toint32(mu * 100) : 0)];
    }
    const double tiny = mult ? 0 : 1e-9 * (fabs(e) + 1e-9);
    if (floor_ < tiny) floor_ = tiny;
    const double widen = n < coldBins ? tab[n] : 1;
    const double sigmaT = (scaleT * h > floor_ ? scaleT * h : floor_) * widen;
    const double sigmaTc = (corrT * h > floor_ ? corrT * h : floor_) * widen;
    const double s = sel3 ? corr3 : corrT;
    const double sigma = sel3 ? (corr3 * h > floor_ ? corr3 * h : floor_) * widen : sigmaTc;

    if (wantZ) zOut[i] = 0;
    if (bands) {
      if (n == 0) {
        const double v = missing ? 0 : x;
        if (expectedOut) expectedOut[i] = v;
        if (upperOut) upperOut[i] = v;
        if (lowerOut) lowerOut[i] = v;
      } else {
        const double hi = eT + zBound * sigma;
        const double lw = eT - zBound * sigma;
        if (expectedOut) expectedOut[i] = !mult ? eT : eT <= ZERO_COUNT_Y ? 0 : eT * eT - 0.125;
        if (upperOut) upperOut[i] = !mult ? hi : hi <= ZERO_COUNT_Y ? 0 : hi * hi - 0.125;
        if (lowerOut) lowerOut[i] = !mult ? lw : lw <= ZERO_COUNT_Y ? 0 : lw * lw - 0.125;
      }
    }
    if (missing) {
      prevT = prev3 = 0;
      prevOldK = -1;
      continue;
    }

    const double y = mult ? sqrt(x + 0.375) : x;
    if (n == 0) {
      firstT = t;
      levelS = level3 = y;
      S[F0] = y;
      S[F0 + 1] = S[F0 + 2] = mult ? 1 : 0;
      fT = S[F0 + T];
      lastX = x;
      n = 1;
      continue;
    }

    /* ---- score */
    const double r = y - e;
    const double rT = y - eT;
    double rz = r;
    double rTn = y - eTc;
    const int shifted = shiftDelta != 0 && t < shiftUntil;
    int backT = 0;
    if (shifted) {
      const double undo = mult ? 1 / (1 + shiftDelta) : 0;
      backT = fabs(y - (mult ? eT * undo : eT - shiftDelta)) < 2 * sigmaT;
      const double rc = y - (mult ? eTc * undo : eTc - shiftDelta);
      if (fabs(rc) < fabs(rTn)) rTn = rc;
      const double rb = y - (mult ? e * undo : e - shiftDelta);
      if (fabs(rb) < fabs(rz)) rz = rb;
    }
    const double zTn = rTn / sigmaTc;
    const double zc = zTn > _PERSIST_CLIP ? _PERSIST_CLIP : zTn < _NEG_PERSIST_CLIP ? _NEG_PERSIST_CLIP : zTn;
    zbar += _PERSIST_GAIN * (zc - zbar);
    const double arz = fabs(rz);
    const double abar = n > persistFrom ? fabs(zbar) : 0;
    const double barScale = zbarScale > _PERSIST_SD ? zbarScale : _PERSIST_SD;
    if (wantZ) zOut[i] = rz / sigma;
    if (arz >= zNegligible * sigma || abar >= zNegligible * barScale) {
      const double up = e + sigma;
      const double muHigh = up * up - 0.375;
      const int k = np * PENDING_STRIDE;
      pending[k] = i;
      pending[k + 1] = arz / sigma;
      pending[k + 2] = abar / barScale;
      pending[k + 3] = mult && r > 0 ? (muHigh > LOW_MU ? muHigh : LOW_MU) : -1;
      pending[k + 4] = x;
      np++;
    }

    /* ---- learn */
    const double lo = (mult ? _POISSON_FLOOR : quantum) + tiny;
    const double sh3 = scale3 * h > lo ? scale3 * h : lo;
    const double r3 = y - level3;
    double lim = early ? INFINITY : _HUBER * sh3;
    double nlim = -lim;
    const double c3 = r3 > lim ? lim : r3 < nlim ? nlim : r3;
    level3 += _ALPHA_RECENT * c3;
    const double scale1 = T == 1 ? scaleT : S[SC0 + 1];
    const double scale2 = T == 2 ? scaleT : S[SC0 + 2];
    const double sh1 = scale1 * h > lo ? scale1 * h : lo;
    const double sh2 = scale2 * h > lo ? scale2 * h : lo;
    lim = early ? INFINITY : _HUBER * (sh1 > sh2 ? sh1 : sh2);
    nlim = -lim;
    const double rbRaw = y - base;
    const double rb = rbRaw > lim ? lim : rbRaw < nlim ? nlim : rbRaw;
    const double levelBefore = levelS;
    double fast = 0;
    double fast2 = 0;
    double e1 = 0;
    double e2 = 0;
    if (full) {
      fast = T == 1 ? fT : S[F0 + 1];
      fast2 = T == 2 ? fT : S[F0 + 2];
      e1 = mult ? base * fast : base + fast;
      e2 = mult ? base * (1 + w) * fast2 : base + w + fast2;
    } else if (T == 1) {
      fast = fT;
      e1 = eT;
    } else if (T == 2) {
      fast2 = fT;
      e2 = eT;
    }
    double invBase = 0;
    double invE1 = 0;
    double invE2 = 0;
    double invBaseFast2 = 0;
    if (mult) {
      if (full && base > 1e-3 && e1 > 1e-3 && e2 > 1e-3) {
        const double inv = 1 / (e1 * e2);
        invE1 = e2 * inv;
        invE2 = e1 * inv;
        invBase = fast * invE1;
        invBaseFast2 = (1 + w) * invE2;
      } else if (!full && T == 1 && base > 1e-3 && e1 > 1e-3) {
        invE1 = 1 / e1;
        invBase = fast * invE1;
      } else if (!full && T == 2 && base > 1e-3 && e2 > 1e-3) {
        invE2 = 1 / e2;
        invBaseFast2 = (1 + w) * invE2;
        invBase = fast2 * invBaseFast2;
      } else if (!full && T == 0) {
        invBase = 1 / (base > 1e-3 ? base : 1e-3);
      } else {
        invBase = 1 / (base > 1e-3 ? base : 1e-3);
        invE1 = 1 / (e1 > 1e-3 ? e1 : 1e-3);
        invE2 = 1 / (e2 > 1e-3 ? e2 : 1e-3);
        invBaseFast2 = invBase / fast2;
      }
    }
    double q = 0;
    if (mult) {
      q = rb * invBase;
      q = q > _REL_STEP ? _REL_STEP : q < _NEG_REL_STEP ? _NEG_REL_STEP : q;
      levelS = levelBefore * (1 + aS * q);
      if (levelS < 1e-3) levelS = 1e-3;
    } else levelS = levelBefore + aS * rb;
    if (ds > 0) {
      const double cnt = mem[DN0 + slot] + 1;
      mem[DN0 + slot] = cnt < dailyCap ? cnt : dailyCap;
      if (!seen) mem[D0 + slot] = mult ? y / (levelBefore > 1e-3 ? levelBefore : 1e-3) : y - levelBefore;
      else {
        const double g = cnt * gainDaily > 1 ? gainDailyNet : (1 - aS) / cnt;
        if (mult) {
          const double next = d * (1 + g * q);
          mem[D0 + slot] = next > 1e-3 ? next : 1e-3;
        } else mem[D0 + slot] = d + g * rb;
      }
    }
    /* M0: one level */
    double sh0 = 0;
    double r0 = 0;
    double c0 = 0;
    if (full || T == 0) {
      const double level0 = T == 0 ? fT : S[F0];
      const double scale0 = T == 0 ? scaleT : S[SC0];
      sh0 = scale0 * h > lo ? scale0 * h : lo;
      r0 = y - level0;
      lim = early ? INFINITY : _HUBER * sh0;
      nlim = -lim;
      c0 = r0 > lim ? lim : r0 < nlim ? nlim : r0;
      const double next = level0 + (n < 3 ? 0.5 : early || T == 0 ? alphaFast : alphaFastK) * c0;
      if (T == 0) fT = next;
      else S[F0] = next;
    }
    /* M1: the fast factor on top of level × profile */
    double r1 = 0;
    double c1 = 0;
    if (full || T == 1) {
      const double a1 = early || T == 1 ? alphaFast : alphaFastK;
      r1 = y - e1;
      lim = early ? INFINITY : _HUBER * sh1;
      nlim = -lim;
      c1 = r1 > lim ? lim : r1 < nlim ? nlim : r1;
      if (mult) {
        double q1 = c1 * invE1;
        q1 = q1 > _REL_STEP ? _REL_STEP : q1 < _NEG_REL_STEP ? _NEG_REL_STEP : q1;
        fast *= 1 + a1 * q1;
        fast = fast < 0.01 ? 0.01 : fast > 100 ? 100 : fast;
      } else fast += a1 * c1;
      if (T == 1) fT = fast;
      else S[F0 + 1] = fast;
    }
    /* M2: the weekly correction */
    double r2 = 0;
    double c2 = 0;
    if (full || T == 2) {
      const int every2 = early || T == 2;
      const double a2 = every2 ? alphaFast : alphaFastK;
      r2 = y - e2;
      lim = early ? INFINITY : _HUBER * sh2;
      nlim = -lim;
      c2 = r2 > lim ? lim : r2 < nlim ? nlim : r2;
      if (mult) {
        double q2 = c2 * invE2;
        q2 = q2 > _REL_STEP ? _REL_STEP : q2 < _NEG_REL_STEP ? _NEG_REL_STEP : q2;
        fast2 *= 1 + a2 * q2;
        fast2 = fast2 < 0.01 ? 0.01 : fast2 > 100 ? 100 : fast2;
      } else fast2 += a2 * c2;
      if (T == 2) fT = fast2;
      else S[F0 + 2] = fast2;
      if (wk > 0 && seen) {
        double step2 = c2;
        if (mult) {
          step2 *= invBaseFast2;
          step2 = step2 > _REL_STEP ? _REL_STEP : step2 < _NEG_REL_STEP ? _NEG_REL_STEP : step2;
        }
        const int weight = every2 ? 1 : everyMask + 1;
        const double old0 = mem[WN0 + k0];
        const double old1 = mem[WN0 + k1];
        const double wn0 = old0 + weight * (1 - wf);
        const double wn1 = old1 + weight * wf;
        if (old0 < mature && wn0 >= mature) weeklyReady++;
        if (old1 < mature && wn1 >= mature) weeklyReady++;
        mem[WN0 + k0] = wn0 < weeklyCap ? wn0 : weeklyCap;
        mem[WN0 + k1] = wn1 < weeklyCap ? wn1 : weeklyCap;
        if (wn0 > 0)
          mem[W0 + k0] = mem[W0 + k0] + weight * (1 - wf) * (wn0 * gainWeekly > 1 ? gainWeekly : 1 / wn0) * step2;
        if (wn1 > 0) mem[W0 + k1] = mem[W0 + k1] + weight * wf * (wn1 * gainWeekly > 1 ? gainWeekly : 1 / wn1) * step2;
      }
    }
    const double cT = T == 0 ? c0 : T == 1 ? c1 : c2;

    /* ---- scales */
    const double gs = early ? 1.0 / (n + 1) : gainScale;
    double a = 0;
    double cap = 0;
    double rc = 0;
    if (full) {
      const double gk = early ? gs : gainScaleK;
      const double gc = early ? 1.0 / (n + 1) : gainChoiceK;
      const int first = (T == 0 ? scaleT : S[SC0]) == 0;
      for (int k = 0; k < 3; k++) {
        const int isT = k == T;
        const double rk = k == 0 ? r0 : k == 1 ? r1 : r2;
        const double shk = k == 0 ? sh0 : k == 1 ? sh1 : sh2;
        const double g = isT ? gs : gk;
        a = fabs(rk);
        cap = _SCALE_CLIP * shk;
        a = first || a < cap ? a : cap;
        const double sc = isT ? scaleT : S[SC0 + k];
        const double scNext = sc + g * (_SCALE_FACTOR * a - sc);
        if (isT) scaleT = scNext;
        else S[SC0 + k] = scNext;
        S[CH0 + k] = S[CH0 + k] + gc * (a - S[CH0 + k]);
        const double co = isT ? corrT : S[CO0 + k];
        rc = rk - arPhi * (isT ? prevT : k == prevOldK ? prevOld : 0);
        a = fabs(rc);
        cap = _SCALE_CLIP * (co * h > lo ? co * h : lo);
        const double coNext = co + g * (_SCALE_FACTOR * (first || a < cap ? a : cap) - co);
        if (isT) corrT = coNext;
        else S[CO0 + k] = coNext;
      }
      a = fabs(r3);
      cap = _SCALE_CLIP * sh3;
      scale3 += gk * (_SCALE_FACTOR * (first || a < cap ? a : cap) - scale3);
      rc = r3 - arPhi * prev3;
      a = fabs(rc);
      cap = _SCALE_CLIP * (corr3 * h > lo ? corr3 * h : lo);
      corr3 += (sel3 ? gs : gk) * (_SCALE_FACTOR * (first || a < cap ? a : cap) - corr3);
      if (!early) {
        const double cSel = sel3 ? c3 : cT;
        const double pSel = sel3 ? prev3 : prevT;
        const double arCross = S[L_arCross] + gainScaleK * (cSel * pSel - S[L_arCross]);
        const double arSquare = S[L_arSquare] + gainScaleK * (pSel * pSel - S[L_arSquare]);
        S[L_arCross] = arCross;
        S[L_arSquare] = arSquare;
        if ((n & 7) == 0) {
          const double phi = arSquare > 0 ? arCross / arSquare : 0;
          arPhi = phi < 0 ? 0 : phi > _AR_MAX ? _AR_MAX : phi;
        }
      }
    } else {
      a = fabs(rT);
      cap = _SCALE_CLIP * (scaleT * h > lo ? scaleT * h : lo);
      scaleT += gs * (_SCALE_FACTOR * (a < cap ? a : cap) - scaleT);
      rc = rT - arPhi * prevT;
      a = fabs(rc);
      cap = _SCALE_CLIP * (corrT * h > lo ? corrT * h : lo);
      corrT += gs * (_SCALE_FACTOR * (a < cap ? a : cap) - corrT);
      if (sel3) {
        rc = r3 - arPhi * prev3;
        a = fabs(rc);
        cap = _SCALE_CLIP * (corr3 * h > lo ? corr3 * h : lo);
        corr3 += gs * (_SCALE_FACTOR * (a < cap ? a : cap) - corr3);
      }
    }
    a = fabs(zbar) * _SCALE_FACTOR;
    cap = _SCALE_CLIP * _SCALE_FACTOR * zbarScale;
    zbarScale += gainScale * ((a < cap ? a : cap) - zbarScale);
    if (nb > 1 && s > 0) {
      const double ar = !sel3 && !shifted && s * h >= floor_ ? fabs(zTn) * h * widen : fabs(r) / s;
      const double u = (ar < _SCALE_CLIP * h ? ar : _SCALE_CLIP * h) * _SCALE_FACTOR;
      const double cnt = mem[BN0 + b] + 1;
      mem[BN0 + b] = cnt < bucketCap ? cnt : bucketCap;
      mem[B0 + b] = h + (cnt * gainBucket > 1 ? gainBucket : 1 / cnt) * (u - h);
    }
    prevT = cT;
    prev3 = c3;
    prevOldK = -1;
    if (!mult) {
      const double dx = x > lastX ? x - lastX : lastX - x;
      if (dx > 0 && (quantum == 0 || dx < quantum)) quantum = dx;
      lastX = x;
    }

    /* ---- persistent shifts */
    const int big = fabs(rT) >= _SHIFT_Z * sigmaT;
    if (shifted) {
      if (backT && big) {
        if (++revertRun >= revertBins) {
          const double undo = mult ? 1 / (1 + shiftDelta) : -shiftDelta;
          if (mult) {
            if (T == 0) fT *= undo;
            else S[F0] = S[F0] * undo;
            levelS *= undo;
            level3 *= undo;
          } else {
            if (T == 0) fT += undo;
            else S[F0] = S[F0] + undo;
            levelS += undo;
            level3 += undo;
          }
          shiftDelta = 0;
          revertRun = 0;
          runLength = 0;
        }
      } else revertRun = 0;
    }
    if (big) {
      const int32_t sign = rT > 0 ? 1 : -1;
      if (runLength * sign > 0) {
        runLength += sign;
        if (fabs(rT) < fabs(runLeast)) runLeast = rT;
      } else {
        runLength = sign;
        runLeast = rT;
      }
      const double delta = mult ? js_max(-0.99, runLeast / (eT > 1e-3 ? eT : 1e-3)) : runLeast;
      const double needed = mult && delta < -0.8 ? outageBins : shiftBins;
      if (runLength >= needed || runLength <= -needed) {
        if (mult) {
          if (T == 0) fT *= 1 + delta;
          else S[F0] = S[F0] * (1 + delta);
          levelS *= 1 + delta;
          level3 *= 1 + delta;
        } else {
          if (T == 0) fT += delta;
          else S[F0] = S[F0] + delta;
          levelS += delta;
          level3 += delta;
        }
        shiftDelta = delta;
        shiftUntil = t + SHIFT_MEMORY_MS;
        revertRun = 0;
        runLength = 0;
      }
    } else runLength = 0;

    /* ---- model choice */
    if (!full) {
      n++;
      continue;
    }
    const double age = t - firstT;
    const int canDaily = season != 1 && ds > 0 && age >= _DAY && n >= binsPerDay / 2;
    const int canWeekly = (season == 0 || season == 3) && wk > 0 && weeklyReady >= wk && age >= _WEEK;
    int32_t best = T;
    if (season == 0) {
      const double choice0 = S[CH0];
      const double choice1 = S[CH0 + 1];
      const double choice2 = S[CH0 + 2];
      best = T == 2 && !canWeekly ? (canDaily ? 1 : 0) : T == 1 && !canDaily ? 0 : T;
      double cost = best == 0 ? choice0 : best == 1 ? choice1 : choice2;
      if (best != 0 && choice0 < cost * _SWITCH_MARGIN) {
        best = 0;
        cost = choice0;
      }
      if (canDaily && best != 1 && choice1 < cost * _SWITCH_MARGIN) {
        best = 1;
        cost = choice1;
      }
      if (canWeekly && best != 2 && choice2 < cost * _SWITCH_MARGIN) best = 2;
      const double corrBest = best == T ? corrT : S[CO0 + best];
      selected = corr3 < corrBest * (sel3 ? RECENT_OUT : RECENT_IN) ? 3 : best;
    } else {
      best = season == 3 && canWeekly ? 2 : season >= 2 && canDaily ? 1 : 0;
      selected = best;
    }
    if (best != T) {
      S[F0 + T] = fT;
      S[SC0 + T] = scaleT;
      S[CO0 + T] = corrT;
      prevOldK = T;
      prevOld = prevT;
      structural = best;
      fT = S[F0 + best];
      scaleT = S[SC0 + best];
      corrT = S[CO0 + best];
      prevT = 0;
    }
    n++;
