/**
 * The accumulator interval input adds fields into (pg_itm_in), with
 * PostgreSQL's overflow rules: years, months and days are int32, the time
 * part int64; fractions of a unit cascade down to smaller units in float
 * arithmetic, rounded to the microsecond exactly as PostgreSQL rounds.
 */
import { rint } from './decode-parts.js';

export const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
export const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Accumulated interval fields (pg_itm_in); int32 fields overflow as in PostgreSQL. */
export interface ItmIn {
  usec: bigint;
  mday: number;
  mon: number;
  year: number;
}

const fitsI32 = (v: number): boolean => v >= I32_MIN && v <= I32_MAX;
export const fitsI64 = (v: bigint): boolean => v >= I64_MIN && v <= I64_MAX;

export function addUsec(itm: ItmIn, v: bigint): boolean {
  const r = itm.usec + v;
  if (!fitsI64(r)) return false;
  itm.usec = r;
  return true;
}

export function adjustFractMicroseconds(frac: number, scale: number, itm: ItmIn): boolean {
  if (frac === 0) return true;
  const f = frac * scale;
  const usec = Math.trunc(f);
  return addUsec(itm, BigInt(usec) + BigInt(rint(f - usec)));
}

export function adjustMicroseconds(val: bigint, fval: number, scale: number, itm: ItmIn): boolean {
  const product = val * BigInt(scale);
  if (!fitsI64(product) || !addUsec(itm, product)) return false;
  return adjustFractMicroseconds(fval, scale, itm);
}

export function adjustFractDays(frac: number, scale: number, itm: ItmIn): boolean {
  if (frac === 0) return true;
  const f = frac * scale;
  const extra = Math.trunc(f);
  const d = itm.mday + extra;
  if (!fitsI32(d)) return false;
  itm.mday = d;
  return adjustFractMicroseconds(f - extra, 86_400_000_000, itm);
}

export function adjustFractYears(frac: number, scale: number, itm: ItmIn): boolean {
  const extra = rint(frac * scale * 12);
  const m = itm.mon + extra;
  if (!fitsI32(extra) || !fitsI32(m)) return false;
  itm.mon = m;
  return true;
}

export function adjustDays(val: bigint, multiplier: number, itm: ItmIn): boolean {
  if (val < BigInt(I32_MIN) || val > BigInt(I32_MAX)) return false;
  const days = Number(val) * multiplier;
  const d = itm.mday + days;
  if (!fitsI32(days) || !fitsI32(d)) return false;
  itm.mday = d;
  return true;
}

export function adjustMonths(val: bigint, itm: ItmIn): boolean {
  if (val < BigInt(I32_MIN) || val > BigInt(I32_MAX)) return false;
  const m = itm.mon + Number(val);
  if (!fitsI32(m)) return false;
  itm.mon = m;
  return true;
}

export function adjustYears(val: bigint, multiplier: number, itm: ItmIn): boolean {
  if (val < BigInt(I32_MIN) || val > BigInt(I32_MAX)) return false;
  const years = Number(val) * multiplier;
  const y = itm.year + years;
  if (!fitsI32(years) || !fitsI32(y)) return false;
  itm.year = y;
  return true;
}

