/**
 * Single- and half-precision number handling for the pgvector types:
 * C strtof() as pgvector's input functions call it, the shortest float4
 * text that PostgreSQL's float_to_shortest_decimal_bufn writes, and IEEE
 * binary16 conversion as pgvector's halfutils.h does it (round to nearest,
 * ties to even).
 */

/** What strtof() consumed, as pgvector's callers look at it. */
export interface StrtofResult {
  /** The float4 value (±Infinity, NaN, or a finite float). */
  value: number;
  /** Index just past the number; equal to the start when nothing was parsed. */
  end: number;
  /** errno == ERANGE: a nonzero literal overflowed to ±Infinity or underflowed to 0. */
  erange: boolean;
}

const isCSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const hexVal = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

function matchWord(s: string, i: number, word: string): boolean {
  return s.slice(i, i + word.length).toLowerCase() === word;
}

/**
 * strtof(s + start): optional leading whitespace and sign, then a decimal
 * number with optional exponent, a hexadecimal float (0x1.8p3), INF,
 * INFINITY or NAN[(chars)], case-insensitive; the longest such prefix.
 *
 * Returns one shared result object (parsing a 1,536-dimension literal
 * would otherwise allocate 1,536 of them): read its fields before the
 * next call.
 */
export function strtof(s: string, start: number): StrtofResult {
  const r = result;
  let i = start;
  const n = s.length;
  while (i < n && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const sc = s.charCodeAt(i);
  if (sc === 43 || sc === 45) {
    neg = sc === 45;
    i++;
  }
  r.erange = false;
  const c0 = s.charCodeAt(i) | 32;
  if (c0 === 105 && matchWord(s, i, 'inf')) {
    r.value = neg ? -Infinity : Infinity;
    r.end = matchWord(s, i, 'infinity') ? i + 8 : i + 3;
    return r;
  }
  if (c0 === 110 && matchWord(s, i, 'nan')) {
    let end = i + 3;
    if (s.charCodeAt(end) === 40) {
      let j = end + 1;
      while (j < n && /[0-9A-Za-z_]/.test(s[j]!)) j++;
      if (s.charCodeAt(j) === 41) end = j + 1;
    }
    r.value = NaN;
    r.end = end;
    return r;
  }
  if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120 && parseHexFloat(s, i + 2, neg, r)) return r;
  // (A "0x" with no hex digits after it is read as just the "0".)
  const digitsStart = i;
  let mantDigits = 0;
  let nonzero = false;
  let c = s.charCodeAt(i);
  while (c >= 48 && c <= 57) {
    if (c !== 48) nonzero = true;
    mantDigits++;
    c = s.charCodeAt(++i);
  }
  if (c === 46) {
    c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      if (c !== 48) nonzero = true;
      mantDigits++;
      c = s.charCodeAt(++i);
    }
  }
  if (mantDigits === 0) {
    r.value = 0;
    r.end = start;
    return r;
  }
  const mantEnd = i;
  if ((c | 32) === 101) {
    let j = i + 1;
    const ec = s.charCodeAt(j);
    if (ec === 43 || ec === 45) j++;
    if (isDigit(s.charCodeAt(j))) {
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      i = j;
    }
  }
  const v = decimalToFloat32(s.slice(digitsStart, i), mantEnd - digitsStart);
  r.value = neg ? -v : v;
  r.end = i;
  r.erange = nonzero && (v === 0 || v === Infinity);
  return r;
}

const result: StrtofResult = { value: 0, end: 0, erange: false };

/** Reads the digits of a hexadecimal float after "0x" into r; false if there are none. */
function parseHexFloat(s: string, i: number, neg: boolean, r: StrtofResult): boolean {
  const n = s.length;
  let mant = 0n;
  let digits = 0;
  let fracDigits = 0;
  while (i < n && hexVal(s.charCodeAt(i)) >= 0) {
    mant = mant * 16n + BigInt(hexVal(s.charCodeAt(i)));
    i++;
    digits++;
  }
  if (s.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < n && hexVal(s.charCodeAt(j)) >= 0) {
      mant = mant * 16n + BigInt(hexVal(s.charCodeAt(j)));
      j++;
      digits++;
      fracDigits++;
    }
    if (digits > 0) i = j;
  }
  if (digits === 0) return false;
  let exp = 0;
  if ((s.charCodeAt(i) | 32) === 112) {
    let j = i + 1;
    let eneg = false;
    const ec = s.charCodeAt(j);
    if (ec === 43 || ec === 45) {
      eneg = ec === 45;
      j++;
    }
    if (isDigit(s.charCodeAt(j))) {
      let e = 0;
      while (j < n && isDigit(s.charCodeAt(j))) {
        e = Math.min(e * 10 + (s.charCodeAt(j) - 48), 1e6);
        j++;
      }
      exp = eneg ? -e : e;
      i = j;
    }
  }
  // Exact for mantissas of up to 53 bits, which covers every float4 literal in practice.
  const v = Math.fround(Number(mant) * 2 ** (exp - 4 * fracDigits));
  r.value = neg ? -v : v;
  r.end = i;
  r.erange = mant !== 0n && (v === 0 || v === Infinity);
  return true;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The positive float4 next to the positive float4 a, up (+1) or down (−1); 2^128 above FLT_MAX. */
function stepFloat(a: number, dir: 1 | -1): number {
  if (a === Infinity) return dir > 0 ? Infinity : FLT_MAX;
  if (a === FLT_MAX && dir > 0) return 2 ** 128;
  f32[0] = a;
  u32[0] = u32[0]! + dir;
  return f32[0]!;
}

const FLT_MAX = 3.4028234663852886e38;

/**
 * A decimal literal correctly rounded to float4 in one step, as strtof
 * does. Number() then Math.fround() rounds twice; that differs only when
 * the double lands exactly on the midpoint between two floats, which is
 * settled here by comparing the literal with the midpoint exactly.
 */
export function decimalToFloat32(text: string, mantLen: number): number {
  const d = Number(text);
  const f = Math.fround(d);
  if (Number.isNaN(d)) return f;
  const ad = Math.abs(d);
  const af = Math.abs(f);
  if (af === ad || !Number.isFinite(ad)) return f;
  let small: number;
  let big: number;
  if (af > ad) {
    big = af === Infinity ? 2 ** 128 : af;
    small = stepFloat(af, -1);
  } else {
    small = af;
    big = stepFloat(af, 1);
  }
  if ((small + big) / 2 !== ad) return f;
  // d is exactly a midpoint: decide by the literal's exact value.
  const c = compareDecimalWithDouble(text, mantLen, ad);
  if (c === 0) return f; // a true tie: Math.fround already rounded it to even
  const r = c > 0 ? big : small;
  const m = r >= 2 ** 128 ? Infinity : r;
  return d < 0 ? -m : m;
}

/** Sign of (|decimal text| − x), exactly, for a positive finite double x. */
function compareDecimalWithDouble(text: string, mantLen: number, x: number): number {
  const mant = text.slice(0, mantLen);
  const dot = mant.indexOf('.');
  const digits = (dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1)).replace(/^[+-]/, '');
  let exp10 = dot < 0 ? 0 : -(mant.length - dot - 1);
  const e = text.slice(mantLen);
  if (e.length > 1) exp10 += Number(e.slice(1));
  let D = BigInt(digits || '0');
  // x = M · 2^K exactly.
  const { m, k } = decomposeDouble(x);
  let M = m;
  // Compare D·10^exp10 with M·2^k using integers only.
  if (exp10 >= 0) D *= 10n ** BigInt(exp10);
  else M *= 10n ** BigInt(-exp10);
  if (k >= 0) M <<= BigInt(k);
  else D <<= BigInt(-k);
  return D === M ? 0 : D > M ? 1 : -1;
}

function decomposeDouble(x: number): { m: bigint; k: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return { m, k: -1074 };
  m |= 1n << 52n;
  return { m, k: exp - 1075 };
}

// ------------------------------------------------------------------ output

/**
 * Significant digits and decimal exponent of the shortest decimal that
 * PostgreSQL's Ryū (float_to_shortest_decimal_bufn) prints for the
 * positive float4 v:
 * - the decimal must lie strictly inside v's rounding interval (PostgreSQL
 *   does not accept the interval's bounds, even for an even mantissa:
 *   38425152 prints as 3.8425152e+07, not 3.842515e+07);
 * - among the shortest, the one nearest v, ties to an even last digit
 *   (2355321.25 prints as 2.3553212e+06).
 */
function shortestDigits(v: number): { digits: string; exponent: number } {
  return fastShortestDigits(v) ?? exactShortestDigits(v);
}

/** Exact powers of ten representable in a double. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** x·10^s in double arithmetic (a few roundings: relative error below 1e-15). */
function scale10(x: number, s: number): number {
  while (s > 22) {
    x *= 1e22;
    s -= 22;
  }
  while (s < -22) {
    x /= 1e22;
    s += 22;
  }
  return s >= 0 ? x * POW10[s]! : x / POW10[-s]!;
}

/** How close (in units of the last digit) a scaled bound may come to an integer before the fast path gives up. */
const AMBIGUOUS = 1e-5;

function nearInteger(x: number): boolean {
  return Math.abs(x - Math.round(x)) < AMBIGUOUS;
}

const fastResult = { digits: '', exponent: 0 };

/**
 * The same digits as exactShortestDigits, from double arithmetic alone: for
 * p = 1, 2, … the p-digit decimals are the integers k·10^(e−p+1), so the
 * first p whose scaled interval (lo, hi) contains an integer gives the
 * shortest length, and the integer nearest the scaled v the digits. The
 * scaling is accurate to ~1e-6 of a unit, so whenever a bound or the
 * rounding of v comes closer than that to an integer (or to a tie) the
 * answer is left to the exact path: about 1 value in 10^4. (~10× faster.)
 */
export function fastShortestDigits(v: number): { digits: string; exponent: number } | null {
  f32[0] = v;
  const bits = u32[0]!;
  u32[0] = bits + 1;
  const next = Number.isFinite(f32[0]!) ? f32[0]! : 2 ** 128;
  u32[0] = bits - 1;
  const prev = f32[0]!;
  const lo = (prev + v) / 2;
  const hi = (v + next) / 2;
  let e10 = Math.floor(Math.log10(v));
  const m = scale10(v, -e10);
  if (m < 1) e10--;
  else if (m >= 10) e10++;
  for (let p = 1; p <= 9; p++) {
    const sc = p - 1 - e10;
    const L = scale10(lo, sc);
    const H = scale10(hi, sc);
    if (nearInteger(L) || nearInteger(H)) return null;
    const kmin = Math.floor(L) + 1;
    const kmax = Math.ceil(H) - 1;
    if (kmin > kmax) continue;
    const M = scale10(v, sc);
    const frac = M - Math.floor(M);
    if (Math.abs(frac - 0.5) < AMBIGUOUS) return null;
    let k = Math.round(M);
    if (k < kmin) k = kmin;
    else if (k > kmax) k = kmax;
    let digits = String(k);
    // k can carry into one more digit (9.99… → 10): the exponent grows with it.
    const exponent = e10 + digits.length - p;
    let end = digits.length;
    while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
    digits = digits.slice(0, end);
    fastResult.digits = digits;
    fastResult.exponent = exponent;
    return fastResult;
  }
  return null;
}

/** The reference algorithm, from correctly rounded toExponential() candidates. */
export function exactShortestDigits(v: number): { digits: string; exponent: number } {
  f32[0] = v;
  const bits = u32[0]!;
  u32[0] = bits + 1;
  const next = Number.isFinite(f32[0]!) ? f32[0]! : 2 ** 128;
  u32[0] = bits - 1;
  const prev = bits === 0 ? 0 : f32[0]!;
  const hiBound = (v + next) / 2;
  const loBound = (prev + v) / 2;
  const inside = (s: string): boolean => {
    const d = Number(s);
    return d > loBound && d < hiBound;
  };
  // The p-digit candidates: the nearest p-digit decimal, or — when that is
  // below v and outside the interval — the one just above it, which can
  // still fit when v is a power of two (its interval is wider above).
  const candidate = (p: number): { mant: string; exponent: number } | null => {
    const s = v.toExponential(p - 1);
    const e = s.indexOf('e');
    const mant = s.slice(0, e).replace('.', '');
    const exponent = Number(s.slice(e + 1));
    if (inside(s)) return { mant, exponent };
    if (Number(s) < v) {
      const up = incrementDigits(mant, exponent);
      if (inside(toSci(up.mant, up.exponent))) return up;
    }
    return null;
  };
  // Whether p significant digits suffice is monotonic in p, and 9 always
  // do: binary search for the smallest p (~3 tries instead of up to 9).
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (candidate(mid)) hi = mid;
    else lo = mid + 1;
  }
  const found = candidate(lo) ?? candidate(9)!;
  let mant = found.mant;
  const exponent = found.exponent;
  // toExponential rounds a tie up; Ryū rounds it to even.
  const lastDigit = mant.charCodeAt(mant.length - 1) - 48;
  if ((lastDigit & 1) === 1 && isDecimalTie(v, lo)) {
    const down = decrementDigits(mant);
    if (down.length === mant.length && down[0] !== '0' && inside(toSci(down, exponent))) mant = down;
  }
  mant = mant.replace(/0+$/, '');
  return { digits: mant === '' ? '0' : mant, exponent };
}

function toSci(mant: string, exponent: number): string {
  return `${mant[0]}${mant.length > 1 ? '.' + mant.slice(1) : ''}e${exponent}`;
}

/** The digit string one unit larger in its last place, carrying into the exponent (9.99 → 1.00e+1). */
function incrementDigits(mant: string, exponent: number): { mant: string; exponent: number } {
  const a = mant.split('').map(Number);
  let i = a.length - 1;
  while (i >= 0 && a[i] === 9) a[i--] = 0;
  if (i >= 0) {
    a[i]!++;
    return { mant: a.join(''), exponent };
  }
  return { mant: '1' + '0'.repeat(a.length - 1), exponent: exponent + 1 };
}

/** Whether v lies exactly halfway between two p-significant-digit decimals. */
function isDecimalTie(v: number, p: number): boolean {
  const t = v.toExponential(p);
  const e = t.indexOf('e');
  if (t.charCodeAt(e - 1) !== 53) return false; // the (p+1)-th digit must be a 5
  if (Number(t) !== v) return false;
  // Confirm exactly: t = D·10^E against v = M·2^K.
  const D = BigInt(t.slice(0, e).replace('.', ''));
  const E = Number(t.slice(e + 1)) - p;
  const { m, k } = decomposeDouble(v);
  let lhs = D;
  let rhs = m;
  if (E >= 0) lhs *= 10n ** BigInt(E);
  else rhs *= 10n ** BigInt(-E);
  if (k >= 0) rhs <<= BigInt(k);
  else lhs <<= BigInt(-k);
  return lhs === rhs;
}

/** The digit string one unit smaller in its last place ("3.8425153" → "3.8425152" without the dot). */
function decrementDigits(d: string): string {
  const a = d.split('').map(Number);
  let i = a.length - 1;
  while (i >= 0 && a[i] === 0) a[i--] = 9;
  if (i >= 0) a[i]!--;
  return a.join('');
}

/**
 * float_to_shortest_decimal_bufn: the shortest text that reads back as the
 * same float4, in fixed notation when the decimal exponent is in [-4, 6)
 * and as d.ddde±XX otherwise — what vector_out, halfvec_out and
 * sparsevec_out print for every element, whatever extra_float_digits is.
 */
export function formatFloat4(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  const neg = v < 0;
  const a = neg ? -v : v;
  // Integers below 10^6 print as themselves (every float4 integer < 2^24 is exact).
  if (a < 1e6 && Number.isInteger(a)) return neg ? '-' + String(a) : String(a);
  const { digits, exponent } = shortestDigits(a);
  let out: string;
  if (exponent < -4 || exponent >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = exponent < 0 ? -exponent : exponent;
    out = `${m}e${exponent < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  } else if (exponent < 0) {
    out = '0.' + '0'.repeat(-exponent - 1) + digits;
  } else if (digits.length <= exponent + 1) {
    out = digits + '0'.repeat(exponent + 1 - digits.length);
  } else {
    out = digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
  }
  return neg ? '-' + out : out;
}

// ------------------------------------------------------------------- half

/**
 * float4 → binary16 bits, rounding to nearest with ties to even (F16C's
 * _cvtss_sh, and pgvector's portable Float4ToHalfUnchecked). Overflow gives
 * ±Infinity; callers decide whether that is an error.
 */
export function float4ToHalfBits(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | (mant !== 0 ? 0x7e00 | (mant >>> 13) : 0x7c00);
  const e = exp - 112; // rebias 127 → 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Below the smallest normal half: a subnormal half, or zero.
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let h = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (h & 1) !== 0)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa bumps the exponent, up to Infinity: still correct.
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) !== 0)) h++;
  return sign | h;
}

let halfTable: Float32Array | null = null;

/** binary16 bits → float4 value, through a 65,536-entry table built on first use. */
export function halfBitsToFloat(h: number): number {
  return (halfTable ??= buildHalfTable())[h & 0xffff]!;
}

export function halfToFloatTable(): Float32Array {
  return (halfTable ??= buildHalfTable());
}

function buildHalfTable(): Float32Array {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    let v: number;
    if (exp === 0) v = mant * 2 ** -24;
    else if (exp === 31) v = mant === 0 ? Infinity : NaN;
    else v = (1024 + mant) * 2 ** (exp - 25);
    t[h] = sign * v;
  }
  return t;
}

/** The float4 x rounded to the nearest binary16 value (±Infinity on overflow). */
export function roundToHalf(x: number): number {
  return halfBitsToFloat(float4ToHalfBits(x));
}
