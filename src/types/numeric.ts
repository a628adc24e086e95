/**
 * PostgreSQL's arbitrary-precision `numeric`, with the exact semantics of
 * PostgreSQL 15's src/backend/utils/adt/numeric.c: input syntax, display
 * scale, typmod rounding and overflow, result scales of every operator,
 * NaN and ±Infinity, casts to and from integers and floats, and the binary
 * wire format byte for byte.
 *
 * A finite value is `coef × 10^-dscale` with `coef` a BigInt (its sign is the
 * value's sign) and `dscale` PostgreSQL's display scale. The invariant is
 * that no digit exists below the display scale, which PostgreSQL also keeps
 * (every operation rounds to its result scale), so the text form is just the
 * digits of `coef` with a decimal point inserted.
 */
import { PgError, SqlState } from './errors.js';

/** What a Numeric is: a finite number or one of the three special values. */
type Kind = 0 | 1 | 2 | 3;
const Kind = { Finite: 0, NaN: 1, PosInf: 2, NegInf: 3 } as const;

/** Largest precision of numeric(p,s) and the range of its scale. */
export const NUMERIC_MAX_PRECISION = 1000;
export const NUMERIC_MIN_SCALE = -1000;
export const NUMERIC_MAX_SCALE = 1000;
/** Bounds of a result scale chosen by division (select_div_scale). */
const NUMERIC_MAX_DISPLAY_SCALE = 1000;
/** The largest display scale the storage format can hold (14 bits). */
export const NUMERIC_DSCALE_MAX = 0x3fff;
/** Division aims for at least this many significant digits, like float8. */
const NUMERIC_MIN_SIG_DIGITS = 16;
/**
 * The base-10000 weight is stored as an int16, so a value must be below
 * 10000^32768 = 10^131072.
 */
const MAX_INTEGER_DIGITS = 131072;
const VARHDRSZ = 4;

// Sign words of the binary format.
const NUMERIC_POS = 0x0000;
const NUMERIC_NEG = 0x4000;
const NUMERIC_NAN = 0xc000;
const NUMERIC_PINF = 0xd000;
const NUMERIC_NINF = 0xf000;

const POW10_CACHE: bigint[] = [1n];
/** 10^n as a BigInt; small powers are cached because every rescale needs one. */
function pow10(n: number): bigint {
  if (n < 512) {
    let p = POW10_CACHE[n];
    if (p === undefined) {
      for (let i = POW10_CACHE.length; i <= n; i++) POW10_CACHE.push(POW10_CACHE[i - 1] * 10n);
      p = POW10_CACHE[n];
    }
    return p;
  }
  return 10n ** BigInt(n);
}

/**
 * 2^435411 < 10^131072: a coefficient inside ±this fits at every scale, so
 * the overflow check is two comparisons (both bounds precomputed: negating
 * a 435k-bit BigInt per call would cost microseconds).
 */
const OVERFLOW_HI = 1n << 435411n;
const OVERFLOW_LO = -OVERFLOW_HI;

function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Number of decimal digits of |x| (1 for zero). */
function digitCount(x: bigint): number {
  const s = x.toString();
  return x < 0n ? s.length - 1 : s.length;
}

/** n / d rounded half away from zero (PostgreSQL's round_var). */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const r2 = absBig(r) * 2n;
  if (r2 >= absBig(d)) return (n < 0n) !== (d < 0n) ? q - 1n : q + 1n;
  return q;
}

function overflow(): PgError {
  return new PgError(SqlState.NumericValueOutOfRange, 'value overflows numeric format');
}

function invalidSyntax(str: string): PgError {
  return new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type numeric: "${str}"`);
}

function fieldOverflow(precision: number, scale: number): PgError {
  const maxDigits = precision - scale;
  return new PgError(SqlState.NumericValueOutOfRange, 'numeric field overflow', {
    detail:
      `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ` +
      `${maxDigits !== 0 ? `10^${maxDigits}` : '1'}.`,
  });
}

function divisionByZero(): PgError {
  return new PgError(SqlState.DivisionByZero, 'division by zero');
}

/** C isspace() in the C locale, which is what numeric_in skips. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export type IntTarget = 'int2' | 'int4' | 'int8';

const INT_RANGE: Record<IntTarget, { min: bigint; max: bigint; name: string }> = {
  int2: { min: -32768n, max: 32767n, name: 'smallint' },
  int4: { min: -2147483648n, max: 2147483647n, name: 'integer' },
  int8: { min: -9223372036854775808n, max: 9223372036854775807n, name: 'bigint' },
};

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Powers of ten that are exact doubles, for the fast float conversion. */
const EXACT_POW10_DOUBLE = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

export class Numeric {
  /** Signed coefficient; the value is coef × 10^-dscale. 0n for NaN/±Infinity. */
  readonly coef: bigint;
  /** Display scale: digits shown after the decimal point (0 for NaN/±Infinity). */
  readonly dscale: number;
  private readonly kind: Kind;

  private constructor(coef: bigint, dscale: number, kind: Kind) {
    this.coef = coef;
    this.dscale = dscale;
    this.kind = kind;
  }

  static readonly NaN = new Numeric(0n, 0, Kind.NaN);
  static readonly POSITIVE_INFINITY = new Numeric(0n, 0, Kind.PosInf);
  static readonly NEGATIVE_INFINITY = new Numeric(0n, 0, Kind.NegInf);
  static readonly ZERO = new Numeric(0n, 0, Kind.Finite);
  static readonly ONE = new Numeric(1n, 0, Kind.Finite);

  // ---------------------------------------------------------------- creation

  /**
   * coef × 10^-dscale. Throws 'value overflows numeric format' when the value
   * could not be stored by PostgreSQL (dscale above 16383 or 131072 or more
   * integer digits).
   */
  static of(coef: bigint, dscale = 0): Numeric {
    if (!Number.isInteger(dscale) || dscale < 0) throw new RangeError(`invalid numeric scale ${dscale}`);
    return finite(coef, dscale);
  }

  static fromInt(v: number | bigint): Numeric {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new RangeError(`not an integer: ${v}`);
      return new Numeric(BigInt(v), 0, Kind.Finite);
    }
    return finite(v, 0);
  }

  /**
   * float8 → numeric as PostgreSQL casts it: the double printed with 15
   * significant digits (printf "%.15g", ties to even on the exact binary
   * value) and read back, so 0.1 gives 0.1 and 1e300 gives all 301 digits.
   */
  static fromFloat(v: number): Numeric {
    return fromDouble(v, 15);
  }

  /** float4 → numeric: like fromFloat but with FLT_DIG = 6 significant digits. */
  static fromFloat4(v: number): Numeric {
    return fromDouble(v, 6);
  }

  /**
   * numeric_in: parses PostgreSQL's numeric text syntax and applies the
   * typmod (-1 for none).
   */
  static parse(str: string, typmod = -1): Numeric {
    const len = str.length;
    let i = 0;
    while (i < len && isSpace(str.charCodeAt(i))) i++;

    let special: Numeric | undefined;
    const c0 = str.charCodeAt(i);
    // Only letters, '+' and '-' can start NaN/Infinity; skip the slicing for digits.
    if (!(isDigit(c0) || c0 === 46)) {
      const head = str.slice(i, i + 9).toLowerCase();
      if (head.startsWith('nan')) {
        special = Numeric.NaN;
        i += 3;
      } else if (head.startsWith('infinity')) {
        special = Numeric.POSITIVE_INFINITY;
        i += 8;
      } else if (head.startsWith('+infinity')) {
        special = Numeric.POSITIVE_INFINITY;
        i += 9;
      } else if (head.startsWith('-infinity')) {
        special = Numeric.NEGATIVE_INFINITY;
        i += 9;
      } else if (head.startsWith('inf')) {
        special = Numeric.POSITIVE_INFINITY;
        i += 3;
      } else if (head.startsWith('+inf')) {
        special = Numeric.POSITIVE_INFINITY;
        i += 4;
      } else if (head.startsWith('-inf')) {
        special = Numeric.NEGATIVE_INFINITY;
        i += 4;
      }
    }
    if (special !== undefined) {
      while (i < len) {
        if (!isSpace(str.charCodeAt(i))) throw invalidSyntax(str);
        i++;
      }
      return typmod >= VARHDRSZ ? special.applyTypmod(typmod) : special;
    }

    // set_var_from_str
    let negative = false;
    let c = str.charCodeAt(i);
    if (c === 43 /* + */) i++;
    else if (c === 45 /* - */) {
      negative = true;
      i++;
    }
    let haveDp = false;
    if (str.charCodeAt(i) === 46 /* . */) {
      haveDp = true;
      i++;
    }
    if (!isDigit(str.charCodeAt(i))) throw invalidSyntax(str);

    let digits = '';
    let fracDigits = 0;
    let runStart = i;
    for (; i < len; i++) {
      c = str.charCodeAt(i);
      if (isDigit(c)) {
        if (haveDp) fracDigits++;
      } else if (c === 46) {
        if (haveDp) throw invalidSyntax(str);
        digits += str.slice(runStart, i);
        runStart = i + 1;
        haveDp = true;
      } else break;
    }
    digits += str.slice(runStart, i);

    let exponent = 0;
    c = str.charCodeAt(i);
    if (c === 101 /* e */ || c === 69 /* E */) {
      i++;
      // strtol: optional whitespace, optional sign, at least one digit.
      let j = i;
      while (j < len && isSpace(str.charCodeAt(j))) j++;
      let expNegative = false;
      c = str.charCodeAt(j);
      if (c === 43) j++;
      else if (c === 45) {
        expNegative = true;
        j++;
      }
      const expStart = j;
      while (j < len && isDigit(str.charCodeAt(j))) j++;
      if (j === expStart) throw invalidSyntax(str);
      const expText = str.slice(expStart, j).replace(/^0+/, '');
      // numeric_in rejects |exponent| >= INT_MAX/2 before doing any arithmetic.
      if (expText.length > 10 || Number(expText) >= 1073741823) throw overflow();
      exponent = expNegative ? -Number(expText) : Number(expText);
      i = j;
    }
    while (i < len) {
      if (!isSpace(str.charCodeAt(i))) throw invalidSyntax(str);
      i++;
    }

    // numeric_in applies the typmod before make_result checks the storage
    // limits, so '1e-20000' fits numeric(5,2) as 0.00.
    const constrained = typmod >= VARHDRSZ;
    let dscale = fracDigits - exponent;
    const significant = digits.length - (digits.match(/^0*/) as RegExpMatchArray)[0].length;
    let coef: bigint;
    if (significant === 0) {
      coef = 0n;
    } else if (dscale < 0) {
      // Bound the integer digits before materialising a huge power of ten.
      if (significant - dscale > MAX_INTEGER_DIGITS) {
        throw constrained ? fieldOverflow(typmodPrecision(typmod), typmodScale(typmod)) : overflow();
      }
      coef = BigInt(digits) * pow10(-dscale);
    } else if (dscale > NUMERIC_DSCALE_MAX && constrained && significant - dscale <= -typmodScale(typmod) - 1) {
      // Below half a unit of the typmod's scale: rounds to zero, and the
      // exact coefficient could need a power of ten up to 10^(INT_MAX/2).
      coef = 0n;
    } else {
      coef = BigInt(digits);
    }
    if (dscale < 0) dscale = 0;
    let n = make(negative ? -coef : coef, dscale, Kind.Finite);
    if (constrained) n = n.applyTypmod(typmod);
    return n.dscale > NUMERIC_DSCALE_MAX || n.coef >= OVERFLOW_HI || n.coef <= OVERFLOW_LO
      ? finite(n.coef, n.dscale)
      : n;
  }

  // ------------------------------------------------------------- predicates

  isNaN(): boolean {
    return this.kind === Kind.NaN;
  }

  /** True for ordinary numbers, false for NaN and ±Infinity. */
  isFinite(): boolean {
    return this.kind === Kind.Finite;
  }

  isInfinite(): boolean {
    return this.kind === Kind.PosInf || this.kind === Kind.NegInf;
  }

  isZero(): boolean {
    return this.kind === Kind.Finite && this.coef === 0n;
  }

  isNegative(): boolean {
    return this.kind === Kind.NegInf || (this.kind === Kind.Finite && this.coef < 0n);
  }

  /** A finite value with no fractional part (1.000 counts, as in PostgreSQL). */
  isInteger(): boolean {
    if (this.kind !== Kind.Finite) return false;
    return this.dscale === 0 || this.coef % pow10(this.dscale) === 0n;
  }

  /** -1, 0 or 1; NaN for NaN. */
  signum(): number {
    switch (this.kind) {
      case Kind.Finite:
        return this.coef > 0n ? 1 : this.coef < 0n ? -1 : 0;
      case Kind.PosInf:
        return 1;
      case Kind.NegInf:
        return -1;
      default:
        return NaN;
    }
  }

  // ------------------------------------------------------------- comparison

  /**
   * The B-tree order of numeric: -Infinity < finite values < Infinity < NaN,
   * NaN equal to NaN, and values equal regardless of display scale.
   */
  static compare(a: Numeric, b: Numeric): number {
    if (a.kind === Kind.Finite && b.kind === Kind.Finite) {
      if (a.dscale === b.dscale) return a.coef < b.coef ? -1 : a.coef > b.coef ? 1 : 0;
      return compareFinite(a, b);
    }
    const ra = rank(a.kind);
    const rb = rank(b.kind);
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  }

  compareTo(other: Numeric): number {
    return Numeric.compare(this, other);
  }

  equals(other: Numeric): boolean {
    return Numeric.compare(this, other) === 0;
  }

  /**
   * A string equal for exactly the values that compare equal (trailing zeros
   * removed), for hash joins, hash aggregation and DISTINCT.
   */
  hashKey(): string {
    if (this.kind !== Kind.Finite) return this.toString();
    let c = this.coef;
    let s = this.dscale;
    if (c === 0n) return '0';
    while (s > 0 && c % 10n === 0n) {
      c /= 10n;
      s--;
    }
    return s === 0 ? c.toString() : `${c}e-${s}`;
  }

  // ------------------------------------------------------------- arithmetic

  /** numeric_add: result scale is the larger input scale. */
  add(b: Numeric): Numeric {
    const a = this;
    if (a.kind === Kind.Finite && b.kind === Kind.Finite) {
      if (a.dscale === b.dscale) return finiteChecked(a.coef + b.coef, a.dscale);
      if (a.dscale > b.dscale) return finiteChecked(a.coef + b.coef * pow10(a.dscale - b.dscale), a.dscale);
      return finiteChecked(a.coef * pow10(b.dscale - a.dscale) + b.coef, b.dscale);
    }
    return addSpecial(a.kind, b.kind);
  }

  /** numeric_sub: result scale is the larger input scale. */
  sub(b: Numeric): Numeric {
    const a = this;
    if (a.kind === Kind.Finite && b.kind === Kind.Finite) {
      if (a.dscale === b.dscale) return finiteChecked(a.coef - b.coef, a.dscale);
      if (a.dscale > b.dscale) return finiteChecked(a.coef - b.coef * pow10(a.dscale - b.dscale), a.dscale);
      return finiteChecked(a.coef * pow10(b.dscale - a.dscale) - b.coef, b.dscale);
    }
    return addSpecial(a.kind, negKind(b.kind));
  }

  /**
   * numeric_mul: exact product (scale = sum of the scales), rounded only
   * if that scale exceeds what storage can hold.
   */
  mul(b: Numeric): Numeric {
    const a = this;
    if (a.kind === Kind.Finite && b.kind === Kind.Finite) {
      const scale = a.dscale + b.dscale;
      const p = a.coef * b.coef;
      if (scale > NUMERIC_DSCALE_MAX) {
        return finiteChecked(divRound(p, pow10(scale - NUMERIC_DSCALE_MAX)), NUMERIC_DSCALE_MAX);
      }
      return finiteChecked(p, scale);
    }
    if (a.kind === Kind.NaN || b.kind === Kind.NaN) return Numeric.NaN;
    const sa = a.signum();
    const sb = b.signum();
    // Infinity × 0 is undefined.
    if (sa === 0 || sb === 0) return Numeric.NaN;
    return sa * sb > 0 ? Numeric.POSITIVE_INFINITY : Numeric.NEGATIVE_INFINITY;
  }

  /**
   * numeric_div: the quotient rounded (half away from zero) to the scale
   * PostgreSQL's select_div_scale picks: enough for 16 significant digits,
   * at least either input's scale, at most 1000.
   */
  div(b: Numeric): Numeric {
    const a = this;
    if (a.kind === Kind.Finite && b.kind === Kind.Finite) {
      if (b.coef === 0n) throw divisionByZero();
      return divFinite(a, b, selectDivScale(a, b));
    }
    return divSpecial(a, b);
  }

  /** Division to an explicit result scale, rounded half away from zero. */
  divScale(b: Numeric, rscale: number): Numeric {
    const a = this;
    if (a.kind === Kind.Finite && b.kind === Kind.Finite) {
      if (b.coef === 0n) throw divisionByZero();
      return divFinite(a, b, rscale);
    }
    return divSpecial(a, b);
  }

  /** div(numeric, numeric): the quotient truncated toward zero, scale 0. */
  intDiv(b: Numeric): Numeric {
    const a = this;
    if (a.kind === Kind.Finite && b.kind === Kind.Finite) {
      if (b.coef === 0n) throw divisionByZero();
      const [n, d] = aligned(a, b);
      return finiteChecked(n / d, 0);
    }
    if (a.kind === Kind.NaN || b.kind === Kind.NaN) return Numeric.NaN;
    if (a.kind !== Kind.Finite) {
      if (b.kind !== Kind.Finite) return Numeric.NaN;
      const sb = b.signum();
      if (sb === 0) throw divisionByZero();
      return a.signum() * sb > 0 ? Numeric.POSITIVE_INFINITY : Numeric.NEGATIVE_INFINITY;
    }
    return Numeric.ZERO;
  }

  /**
   * numeric_mod: a - b × trunc(a / b), so the sign follows the dividend;
   * result scale is the larger input scale.
   */
  mod(b: Numeric): Numeric {
    const a = this;
    if (a.kind === Kind.Finite && b.kind === Kind.Finite) {
      if (b.coef === 0n) throw divisionByZero();
      if (a.dscale === b.dscale) return new Numeric(a.coef % b.coef, a.dscale, Kind.Finite);
      const [n, d] = aligned(a, b);
      return new Numeric(n % d, Math.max(a.dscale, b.dscale), Kind.Finite);
    }
    if (a.kind === Kind.NaN || b.kind === Kind.NaN) return Numeric.NaN;
    if (a.kind !== Kind.Finite) {
      if (b.kind === Kind.Finite && b.coef === 0n) throw divisionByZero();
      return Numeric.NaN;
    }
    // finite % ±Infinity is the dividend itself.
    return a;
  }

  neg(): Numeric {
    switch (this.kind) {
      case Kind.Finite:
        return this.coef === 0n ? this : new Numeric(-this.coef, this.dscale, Kind.Finite);
      case Kind.PosInf:
        return Numeric.NEGATIVE_INFINITY;
      case Kind.NegInf:
        return Numeric.POSITIVE_INFINITY;
      default:
        return this;
    }
  }

  abs(): Numeric {
    if (this.kind === Kind.NegInf) return Numeric.POSITIVE_INFINITY;
    if (this.kind === Kind.Finite && this.coef < 0n) return new Numeric(-this.coef, this.dscale, Kind.Finite);
    return this;
  }

  /** sign(numeric): -1, 0 or 1 with scale 0; NaN for NaN. */
  sign(): Numeric {
    if (this.kind === Kind.NaN) return Numeric.NaN;
    const s = this.signum();
    return s === 0 ? Numeric.ZERO : s > 0 ? Numeric.ONE : MINUS_ONE;
  }

  /**
   * round(numeric, int): half away from zero at `scale` decimal places (a
   * negative scale rounds left of the point); the result's display scale is
   * max(scale, 0), so round(1.5, 3) is 1.500.
   */
  round(scale = 0): Numeric {
    return this.rescale(scale, true);
  }

  /** trunc(numeric, int): like round but toward zero. */
  trunc(scale = 0): Numeric {
    return this.rescale(scale, false);
  }

  ceil(): Numeric {
    if (this.kind !== Kind.Finite || this.dscale === 0) return this;
    const d = pow10(this.dscale);
    const q = this.coef / d;
    return finiteChecked(this.coef > 0n && this.coef % d !== 0n ? q + 1n : q, 0);
  }

  floor(): Numeric {
    if (this.kind !== Kind.Finite || this.dscale === 0) return this;
    const d = pow10(this.dscale);
    const q = this.coef / d;
    return finiteChecked(this.coef < 0n && this.coef % d !== 0n ? q - 1n : q, 0);
  }

  /**
   * sqrt(numeric), correctly rounded (half up) to the scale numeric_sqrt
   * picks: at least 16 significant digits and the input's scale.
   */
  sqrt(): Numeric {
    if (this.kind !== Kind.Finite) {
      if (this.kind === Kind.NegInf) throw negativeSqrt();
      return this;
    }
    if (this.coef < 0n) throw negativeSqrt();
    const [weight] = nbaseLead(this);
    // numeric_sqrt's estimate of the result's decimal weight.
    const sweight = 2 * (weight + 1) - 1;
    const rscale = Math.min(Math.max(NUMERIC_MIN_SIG_DIGITS - sweight, this.dscale, 0), NUMERIC_MAX_DISPLAY_SCALE);
    // sqrt(c × 10^-s) × 10^rscale = sqrt(c × 10^(2·rscale - s)); one more
    // digit decides the rounding exactly.
    // (floor(sqrt(floor(x))) = floor(sqrt(x)), so truncating first is exact.)
    const e = 2 * rscale - this.dscale + 2;
    const r = isqrt(e >= 0 ? this.coef * pow10(e) : this.coef / pow10(-e));
    return finiteChecked(r % 10n >= 5n ? r / 10n + 1n : r / 10n, rscale);
  }

  /** gcd(numeric, numeric): non-negative, display scale the larger input scale. */
  gcd(b: Numeric): Numeric {
    if (this.kind !== Kind.Finite || b.kind !== Kind.Finite) return Numeric.NaN;
    const [x, y] = aligned(this, b);
    return new Numeric(gcdBig(absBig(x), absBig(y)), Math.max(this.dscale, b.dscale), Kind.Finite);
  }

  /** lcm(numeric, numeric): non-negative, 0 if either is 0, display scale the larger input scale. */
  lcm(b: Numeric): Numeric {
    if (this.kind !== Kind.Finite || b.kind !== Kind.Finite) return Numeric.NaN;
    const scale = Math.max(this.dscale, b.dscale);
    if (this.coef === 0n || b.coef === 0n) return new Numeric(0n, scale, Kind.Finite);
    const [x, y] = aligned(this, b);
    const ax = absBig(x);
    const ay = absBig(y);
    return finiteChecked((ax / gcdBig(ax, ay)) * ay, scale);
  }

  /** factorial(bigint) → numeric. */
  static factorial(n: number | bigint): Numeric {
    const v = BigInt(n);
    if (v < 0n) throw new PgError(SqlState.NumericValueOutOfRange, 'factorial of a negative number is undefined');
    // 32177! is the largest factorial below 10^131072.
    if (v > 32177n) throw overflow();
    let r = 1n;
    for (let i = 2n; i <= v; i++) r *= i;
    return new Numeric(r, 0, Kind.Finite);
  }

  /** scale(numeric): the display scale; null for NaN and ±Infinity. */
  scale(): number | null {
    return this.kind === Kind.Finite ? this.dscale : null;
  }

  /** min_scale(numeric): fewest fractional digits that represent the value exactly. */
  minScale(): number | null {
    if (this.kind !== Kind.Finite) return null;
    if (this.coef === 0n) return 0;
    let c = this.coef;
    let s = this.dscale;
    while (s > 0 && c % 10n === 0n) {
      c /= 10n;
      s--;
    }
    return s;
  }

  /** trim_scale(numeric): the same value with trailing fractional zeros removed. */
  trimScale(): Numeric {
    if (this.kind !== Kind.Finite) return this;
    const s = this.minScale()!;
    return s === this.dscale ? this : new Numeric(this.coef / pow10(this.dscale - s), s, Kind.Finite);
  }

  /**
   * Coerces to numeric(p,s) (apply_typmod): rounds to scale s and raises
   * 22003 'numeric field overflow' when the integer part does not fit.
   * NaN fits any typmod; ±Infinity fits none. typmod < 4 means unconstrained.
   */
  applyTypmod(typmod: number): Numeric {
    if (typmod < VARHDRSZ) return this;
    const precision = typmodPrecision(typmod);
    const scale = typmodScale(typmod);
    if (this.kind !== Kind.Finite) {
      if (this.kind === Kind.NaN) return this;
      throw new PgError(SqlState.NumericValueOutOfRange, 'numeric field overflow', {
        detail: `A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`,
      });
    }
    const r = this.dscale === scale ? this : this.rescale(scale, true);
    const maxDigits = precision - scale;
    // r.coef has r.dscale fractional digits, so it fits iff below 10^(maxDigits + dscale).
    if (absBig(r.coef) >= pow10(maxDigits + r.dscale)) {
      throw fieldOverflow(precision, scale);
    }
    return r;
  }

  // ------------------------------------------------------------ conversions

  /** numeric_out: plain digits, never an exponent; 'NaN', 'Infinity', '-Infinity'. */
  toString(): string {
    switch (this.kind) {
      case Kind.Finite:
        break;
      case Kind.NaN:
        return 'NaN';
      case Kind.PosInf:
        return 'Infinity';
      default:
        return '-Infinity';
    }
    const c = this.coef;
    const scale = this.dscale;
    if (scale === 0) return c.toString();
    const neg = c < 0n;
    let digits = (neg ? -c : c).toString();
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    const cut = digits.length - scale;
    return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }

  /**
   * numeric → float8: the nearest double. Like PostgreSQL (which reparses the
   * text form with strtod) a nonzero value that underflows to 0 or a value
   * beyond the double range raises 22003.
   */
  toNumber(): number {
    switch (this.kind) {
      case Kind.Finite:
        break;
      case Kind.NaN:
        return NaN;
      case Kind.PosInf:
        return Infinity;
      default:
        return -Infinity;
    }
    const c = this.coef;
    // Both operands exact doubles, so the one IEEE division rounds correctly.
    if (this.dscale <= 22 && c <= MAX_SAFE && c >= -MAX_SAFE) return Number(c) / EXACT_POW10_DOUBLE[this.dscale];
    const text = this.toString();
    const d = Number(text);
    if (!Number.isFinite(d) || (d === 0 && c !== 0n)) {
      throw new PgError(SqlState.NumericValueOutOfRange, `"${text}" is out of range for type double precision`);
    }
    return d;
  }

  /**
   * numeric → float4: the nearest single-precision value (returned as a JS
   * number), with float4in's range errors.
   */
  toFloat4(): number {
    switch (this.kind) {
      case Kind.Finite:
        break;
      case Kind.NaN:
        return NaN;
      case Kind.PosInf:
        return Infinity;
      default:
        return -Infinity;
    }
    const text = this.toString();
    const d = Number(text);
    let f = Math.fround(d);
    if (f !== d && Number.isFinite(d)) f = settleFloat32Tie(this, d, f);
    if (!Number.isFinite(f) || (f === 0 && this.coef !== 0n)) {
      throw new PgError(SqlState.NumericValueOutOfRange, `"${text}" is out of range for type real`);
    }
    return f;
  }

  /**
   * numeric → int2/int4/int8: rounded half away from zero, then range
   * checked ('smallint out of range' …); NaN and ±Infinity raise 0A000.
   */
  toBigInt(target: IntTarget = 'int8'): bigint {
    const range = INT_RANGE[target];
    if (this.kind !== Kind.Finite) {
      throw new PgError(
        SqlState.FeatureNotSupported,
        `cannot convert ${this.kind === Kind.NaN ? 'NaN' : 'infinity'} to ${range.name}`,
      );
    }
    const v = this.dscale === 0 ? this.coef : divRound(this.coef, pow10(this.dscale));
    if (v < range.min || v > range.max) throw new PgError(SqlState.NumericValueOutOfRange, `${range.name} out of range`);
    return v;
  }

  /** numeric → int2/int4 as a JS number (see toBigInt). */
  toInt(target: 'int2' | 'int4' = 'int4'): number {
    return Number(this.toBigInt(target));
  }

  /**
   * numeric_send: int16 ndigits, int16 weight, uint16 sign, uint16 dscale,
   * then the base-10000 digits, with leading and trailing zero digits
   * stripped as in PostgreSQL's stored form.
   */
  toBinary(): Uint8Array {
    if (this.kind !== Kind.Finite) {
      // The stored special values' header bits decode to dscale 32 for
      // ±Infinity (NUMERIC_DSCALE reads them as a short header), and PG sends that.
      const sign = this.kind === Kind.NaN ? NUMERIC_NAN : this.kind === Kind.PosInf ? NUMERIC_PINF : NUMERIC_NINF;
      return header(0, 0, sign, this.kind === Kind.NaN ? 0 : 32, 0);
    }
    const c = this.coef;
    const dscale = this.dscale;
    if (c === 0n) return header(0, 0, NUMERIC_POS, dscale, 0);
    const fracGroups = (dscale + 3) >> 2;
    const mag = c < 0n ? -c : c;
    let s = (fracGroups * 4 === dscale ? mag : mag * pow10(fracGroups * 4 - dscale)).toString();
    const pad = (4 - (s.length & 3)) & 3;
    if (pad) s = '0'.repeat(pad) + s;
    let groups = s.length >> 2;
    const weight = groups - 1 - fracGroups;
    while (groups > 0 && s.endsWith('0000', groups * 4)) groups--;
    const out = header(groups, weight, c < 0n ? NUMERIC_NEG : NUMERIC_POS, dscale, groups);
    const view = new DataView(out.buffer);
    for (let g = 0; g < groups; g++) view.setUint16(8 + g * 2, Number(s.slice(g * 4, g * 4 + 4)));
    return out;
  }

  /** numeric_recv: validates like PostgreSQL, truncates digits hidden by dscale, applies the typmod. */
  static fromBinary(b: Uint8Array, typmod = -1): Numeric {
    if (b.length < 8) throw insufficientData();
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const ndigits = view.getUint16(0);
    const weight = view.getInt16(2);
    const sign = view.getUint16(4);
    const dscale = view.getUint16(6);
    if (sign !== NUMERIC_POS && sign !== NUMERIC_NEG && sign !== NUMERIC_NAN && sign !== NUMERIC_PINF && sign !== NUMERIC_NINF) {
      throw new PgError(SqlState.InvalidBinaryRepresentation, 'invalid sign in external "numeric" value');
    }
    if ((dscale & NUMERIC_DSCALE_MAX) !== dscale) {
      throw new PgError(SqlState.InvalidBinaryRepresentation, 'invalid scale in external "numeric" value');
    }
    // Same order of checks as numeric_recv and the bind message that feeds it.
    let text = '';
    for (let g = 0; g < ndigits; g++) {
      if (b.length < 10 + g * 2) throw insufficientData();
      const d = view.getInt16(8 + g * 2);
      if (d < 0 || d >= 10000) {
        throw new PgError(SqlState.InvalidBinaryRepresentation, 'invalid digit in external "numeric" value');
      }
      text += g === 0 ? String(d) : String(d).padStart(4, '0');
    }
    if (b.length > 8 + ndigits * 2) {
      throw new PgError(SqlState.InvalidBinaryRepresentation, 'incorrect binary data format in bind parameter');
    }
    let n: Numeric;
    if (sign === NUMERIC_NAN) n = Numeric.NaN;
    else if (sign === NUMERIC_PINF) n = Numeric.POSITIVE_INFINITY;
    else if (sign === NUMERIC_NINF) n = Numeric.NEGATIVE_INFINITY;
    else if (ndigits === 0) n = new Numeric(0n, dscale, Kind.Finite);
    else {
      // value = digits × 10^exp10; express it at dscale, truncating hidden digits.
      const shift = 4 * (weight - ndigits + 1) + dscale;
      let coef = BigInt(text);
      coef = shift >= 0 ? coef * pow10(shift) : coef / pow10(-shift);
      n = finiteChecked(sign === NUMERIC_NEG ? -coef : coef, dscale);
    }
    return typmod >= VARHDRSZ ? n.applyTypmod(typmod) : n;
  }

  // --------------------------------------------------------------- internal

  private rescale(scale: number, round: boolean): Numeric {
    if (this.kind !== Kind.Finite) return this;
    // numeric_round's clamp: the most digits a value can have after the
    // point, and one more than it can have before it (rounding may carry).
    scale = Math.max(-MAX_INTEGER_DIGITS - 1, Math.min(NUMERIC_DSCALE_MAX, Math.trunc(scale)));
    const cur = this.dscale;
    if (this.coef === 0n) return scale === cur ? this : new Numeric(0n, Math.max(scale, 0), Kind.Finite);
    // Far left of the leading digit everything rounds to 0; spare the huge power of ten.
    if (scale < -1000 && digitCount(this.coef) - cur + 1 < -scale) return Numeric.ZERO;
    if (scale >= cur) return scale === cur ? this : new Numeric(this.coef * pow10(scale - cur), scale, Kind.Finite);
    const d = pow10(cur - scale);
    const q = round ? divRound(this.coef, d) : this.coef / d;
    if (scale >= 0) return new Numeric(q, scale, Kind.Finite);
    return finiteChecked(q * pow10(-scale), 0);
  }
}

// Reaches the private constructor; module-internal helpers only.
const make = (coef: bigint, dscale: number, kind: Kind): Numeric =>
  new (Numeric as unknown as new (c: bigint, s: number, k: Kind) => Numeric)(coef, dscale, kind);

const MINUS_ONE = make(-1n, 0, Kind.Finite);

/** Builds a finite value, enforcing PostgreSQL's storage limits (make_result). */
function finite(coef: bigint, dscale: number): Numeric {
  if (dscale > NUMERIC_DSCALE_MAX) throw overflow();
  return finiteChecked(coef, dscale);
}

/** Builds a finite value whose scale is known valid; checks only the integer-digit limit. */
function finiteChecked(coef: bigint, dscale: number): Numeric {
  if ((coef >= OVERFLOW_HI || coef <= OVERFLOW_LO) && digitCount(coef) - dscale > MAX_INTEGER_DIGITS) {
    throw overflow();
  }
  return make(coef, dscale, Kind.Finite);
}

function rank(k: Kind): number {
  // -Infinity < finite < Infinity < NaN
  return k === Kind.NegInf ? 0 : k === Kind.Finite ? 1 : k === Kind.PosInf ? 2 : 3;
}

function compareFinite(a: Numeric, b: Numeric): number {
  const ca = a.coef;
  const cb = b.coef;
  // Differing signs decide without rescaling.
  const sa = ca > 0n ? 1 : ca < 0n ? -1 : 0;
  const sb = cb > 0n ? 1 : cb < 0n ? -1 : 0;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let x = ca;
  let y = cb;
  if (a.dscale < b.dscale) x = ca * pow10(b.dscale - a.dscale);
  else y = cb * pow10(a.dscale - b.dscale);
  return x < y ? -1 : x > y ? 1 : 0;
}

function negKind(k: Kind): Kind {
  return k === Kind.PosInf ? Kind.NegInf : k === Kind.NegInf ? Kind.PosInf : k;
}

/** Addition with at least one special operand (a + b, b already negated for subtraction). */
function addSpecial(a: Kind, b: Kind): Numeric {
  if (a === Kind.NaN || b === Kind.NaN) return Numeric.NaN;
  if (a === Kind.PosInf) return b === Kind.NegInf ? Numeric.NaN : Numeric.POSITIVE_INFINITY;
  if (a === Kind.NegInf) return b === Kind.PosInf ? Numeric.NaN : Numeric.NEGATIVE_INFINITY;
  return b === Kind.PosInf ? Numeric.POSITIVE_INFINITY : Numeric.NEGATIVE_INFINITY;
}

function divSpecial(a: Numeric, b: Numeric): Numeric {
  if (a.isNaN() || b.isNaN()) return Numeric.NaN;
  if (a.isInfinite()) {
    if (!b.isFinite()) return Numeric.NaN;
    const sb = b.signum();
    if (sb === 0) throw divisionByZero();
    return a.signum() * sb > 0 ? Numeric.POSITIVE_INFINITY : Numeric.NEGATIVE_INFINITY;
  }
  // finite / ±Infinity
  return Numeric.ZERO;
}

/** Both coefficients brought to the larger scale. */
function aligned(a: Numeric, b: Numeric): [bigint, bigint] {
  if (a.dscale === b.dscale) return [a.coef, b.coef];
  if (a.dscale > b.dscale) return [a.coef, b.coef * pow10(a.dscale - b.dscale)];
  return [a.coef * pow10(b.dscale - a.dscale), b.coef];
}

function divFinite(a: Numeric, b: Numeric, rscale: number): Numeric {
  // a/b × 10^rscale = ca × 10^(rscale + sb - sa) / cb
  const k = rscale + b.dscale - a.dscale;
  const q = k >= 0 ? divRound(a.coef * pow10(k), b.coef) : divRound(a.coef, b.coef * pow10(-k));
  return finiteChecked(q, rscale);
}

/**
 * Base-10000 weight and leading base-10000 digit of a finite value, as
 * PostgreSQL's normalized storage has them (0 and 0 for zero).
 */
function nbaseLead(n: Numeric): [number, number] {
  if (n.coef === 0n) return [0, 0];
  const s = absBig(n.coef).toString();
  const e = s.length - 1 - n.dscale; // decimal exponent of the leading digit
  const weight = Math.floor(e / 4);
  const lead = e - weight * 4 + 1; // decimal digits in the leading group
  let first = Number(s.slice(0, lead));
  for (let i = s.length; i < lead; i++) first *= 10;
  return [weight, first];
}

/** select_div_scale from numeric.c. */
function selectDivScale(a: Numeric, b: Numeric): number {
  const [w1, f1] = nbaseLead(a);
  const [w2, f2] = nbaseLead(b);
  // If the leading digits are equal we can't be sure; assume a < b.
  let qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  let rscale = NUMERIC_MIN_SIG_DIGITS - qweight * 4;
  rscale = Math.max(rscale, a.dscale, b.dscale, 0);
  return Math.min(rscale, NUMERIC_MAX_DISPLAY_SCALE);
}

function negativeSqrt(): PgError {
  // 2201F invalid_argument_for_power_function
  return new PgError('2201F', 'cannot take square root of a negative number');
}

/** floor(sqrt(n)) for n >= 0: Newton's iteration from a double-precision estimate. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  const bits = n.toString(16).length * 4;
  // Shift by an even amount so the top bits fit a double, then scale the root back.
  const shift = bits > 1000 ? (bits - 1000) & ~1 : 0;
  let x = BigInt(Math.floor(Math.sqrt(Number(n >> BigInt(shift))))) << BigInt(shift >> 1);
  if (x === 0n) x = 1n;
  // One step from any positive start lands at or above the root; from there
  // the iteration decreases until it reaches it.
  x = (x + n / x) >> 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  return x;
}

function gcdBig(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function header(ndigits: number, weight: number, sign: number, dscale: number, digits: number): Uint8Array {
  const out = new Uint8Array(8 + digits * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, ndigits);
  view.setInt16(2, weight);
  view.setUint16(4, sign);
  view.setUint16(6, dscale);
  return out;
}

function insufficientData(): PgError {
  return new PgError(SqlState.ProtocolViolation, 'insufficient data left in message');
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Float64Array/Uint32Array share host byte order; find which word holds the exponent.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The exact value of a finite nonzero double as coef × 10^-scale (scale may be negative). */
function exactDouble(v: number): [bigint, number] {
  f64[0] = v;
  const hi = u32[HI];
  const lo = u32[1 - HI];
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  if (v < 0) m = -m;
  // m × 2^e = m × 5^-e / 10^-e
  return e >= 0 ? [m << BigInt(e), 0] : [m * 5n ** BigInt(-e), -e];
}

/** printf("%.*g", sigDigits, v) read back by numeric_in. */
function fromDouble(v: number, sigDigits: number): Numeric {
  if (Number.isNaN(v)) return Numeric.NaN;
  if (v === Infinity) return Numeric.POSITIVE_INFINITY;
  if (v === -Infinity) return Numeric.NEGATIVE_INFINITY;
  if (v === 0) return Numeric.ZERO;
  if (Number.isInteger(v) && Math.abs(v) < EXACT_POW10_DOUBLE[sigDigits]) return make(BigInt(v), 0, Kind.Finite);
  let [coef, scale] = exactDouble(v);
  const extra = digitCount(coef) - sigDigits;
  if (extra > 0) {
    // Round to sigDigits significant digits, ties to even like glibc's printf.
    const d = pow10(extra);
    let q = coef / d;
    const r2 = absBig(coef % d) * 2n;
    if (r2 > d || (r2 === d && (q & 1n) !== 0n)) q += coef < 0n ? -1n : 1n;
    coef = q;
    scale -= extra;
  }
  // %g drops trailing zeros, so the display scale is that of the shortest form.
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale--;
  }
  if (scale < 0) {
    coef *= pow10(-scale);
    scale = 0;
  }
  return make(coef, scale, Kind.Finite);
}

/**
 * Math.fround(Number(text)) rounds twice; when the double landed exactly
 * halfway between two floats the first rounding may have decided the tie
 * wrongly, so settle it against the exact decimal value (strtof rounds once).
 */
function settleFloat32Tie(n: Numeric, d: number, f: number): number {
  // The float on d's other side; fround sends the midpoint between FLT_MAX
  // and 2^128 to Infinity, so that pair is spelled out.
  const other = Number.isFinite(f) ? nextFloat32Toward(f, d) : Math.sign(f) * FLT_MAX;
  const mid = Number.isFinite(f) ? (f + other) / 2 : Math.sign(f) * FLT_OVERFLOW_MIDPOINT;
  if (mid !== d) return f;
  const [dc, ds] = exactDouble(d);
  const side = Numeric.compare(n, Numeric.of(dc, ds));
  if (side === 0) return f; // a true tie: fround already chose the even one
  return side > 0 ? Math.max(f, other) : Math.min(f, other);
}

const FLT_MAX = 3.4028234663852886e38;
/** (FLT_MAX + 2^128) / 2 = 2^128 - 2^103, exactly representable as a double. */
const FLT_OVERFLOW_MIDPOINT = 3.4028235677973366e38;
const f32 = new Float32Array(1);
const u32f = new Uint32Array(f32.buffer);
function nextFloat32Toward(f: number, target: number): number {
  f32[0] = f;
  if (f === 0) {
    u32f[0] = 1;
    return target > 0 ? f32[0] : -f32[0];
  }
  // Moving away from zero increments the magnitude bits, toward zero decrements.
  if ((target > f) === (f > 0)) u32f[0] += 1;
  else u32f[0] -= 1;
  return f32[0];
}

// ---------------------------------------------------------------- typmods

/** The typmod of numeric(precision, scale), validated like numerictypmodin. */
export function numericTypmod(precision: number, scale = 0): number {
  if (precision < 1 || precision > NUMERIC_MAX_PRECISION) {
    throw new PgError(
      SqlState.InvalidParameterValue,
      `NUMERIC precision ${precision} must be between 1 and ${NUMERIC_MAX_PRECISION}`,
    );
  }
  if (scale < NUMERIC_MIN_SCALE || scale > NUMERIC_MAX_SCALE) {
    throw new PgError(
      SqlState.InvalidParameterValue,
      `NUMERIC scale ${scale} must be between ${NUMERIC_MIN_SCALE} and ${NUMERIC_MAX_SCALE}`,
    );
  }
  return ((precision << 16) | (scale & 0x7ff)) + VARHDRSZ;
}

export function typmodPrecision(typmod: number): number {
  return ((typmod - VARHDRSZ) >> 16) & 0xffff;
}

/** The scale field is 11 bits, sign-extended, since PostgreSQL 15 allows negative scales. */
export function typmodScale(typmod: number): number {
  return (((typmod - VARHDRSZ) & 0x7ff) ^ 1024) - 1024;
}

/** numerictypmodout: '(5,2)', or '' for an unconstrained typmod. */
export function numericTypmodOut(typmod: number): string {
  return typmod >= VARHDRSZ ? `(${typmodPrecision(typmod)},${typmodScale(typmod)})` : '';
}
