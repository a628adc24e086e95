import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { IoContext, PgType } from '../type.js';
import { expectLength } from '../binary.js';

const FLOAT_TEXT = /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)\s*$/;
const FLOAT_SPECIAL: Record<string, number> = {
  nan: NaN,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
};

function parseFloatText(input: string, sqlName: string, single: boolean): number {
  const special = FLOAT_SPECIAL[input.trim().toLowerCase()];
  if (special !== undefined) return special;
  if (!FLOAT_TEXT.test(input)) {
    throw new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type ${sqlName}: "${input}"`);
  }
  const v = Number(input.trim());
  const r = single ? Math.fround(v) : v;
  // Overflow to infinity, or underflow of a nonzero literal to zero, is out of range.
  if (!Number.isFinite(r) || (r === 0 && /[1-9]/.test(input.replace(/[eE].*$/, '')))) {
    throw new PgError(SqlState.NumericValueOutOfRange, `"${input.trim()}" is out of range for type ${sqlName}`);
  }
  return r;
}

/**
 * Writes digits in the style of C's %g: exponent form when the decimal
 * exponent is below -4 or at least `maxFixedExponent`, as float8out does.
 */
function formatG(digits: string, exponent: number, negative: boolean, maxFixedExponent: number): string {
  // digits: significant digits without leading/trailing zeros; value = 0.d1d2... * 10^(exponent+1)
  let out: string;
  if (exponent < -4 || exponent >= maxFixedExponent) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent);
    out = `${mantissa}e${exponent < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  } else if (exponent < 0) {
    out = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else if (digits.length <= exponent + 1) {
    out = digits + '0'.repeat(exponent + 1 - digits.length);
  } else {
    out = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  return negative ? `-${out}` : out;
}

/** Splits a JS exponential string ("1.2345e+17") into significant digits and exponent. */
function splitExponential(s: string): { digits: string; exponent: number } {
  const e = s.indexOf('e');
  const mant = s.slice(0, e).replace('.', '').replace(/0+$/, '');
  return { digits: mant === '' ? '0' : mant, exponent: Number(s.slice(e + 1)) };
}

function shortestFloat4Exponential(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toExponential(p - 1);
    if (Math.fround(Number(s)) === v) return s;
  }
  return v.toExponential(8);
}

export function formatFloat(v: number, single: boolean, ctx: IoContext): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const negative = v < 0;
  const abs = Math.abs(v);
  const maxFixed = single ? 6 : 15;
  let exp: string;
  if (ctx.extraFloatDigits > 0) {
    exp = single ? shortestFloat4Exponential(abs) : abs.toExponential();
  } else {
    const precision = Math.max(1, (single ? 6 : 15) + ctx.extraFloatDigits);
    exp = abs.toExponential(precision - 1);
  }
  const { digits, exponent } = splitExponential(exp);
  // %g uses the precision as the exponent threshold when extra_float_digits <= 0.
  const threshold = ctx.extraFloatDigits > 0 ? maxFixed : Math.max(1, maxFixed + ctx.extraFloatDigits);
  return formatG(digits, exponent, negative, threshold);
}

/** Float total order as PostgreSQL sorts it: NaN above everything, -0 equal to 0. */
export function compareFloat(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

export const float4Type: PgType = {
  oid: Oid.float4,
  name: 'float4',
  len: 4,
  category: 'N',
  preferred: false,
  arrayOid: Oid._float4,
  elemOid: 0,
  delimiter: ',',
  toText: (v, ctx) => formatFloat(v as number, true, ctx),
  fromText: (s) => parseFloatText(s, 'real', true),
  toBinary: (v) => {
    const b = Buffer.allocUnsafe(4);
    b.writeFloatBE(v as number);
    return b;
  },
  fromBinary: (b) => expectLength(b, 4, 'real').readFloatBE(0),
  compare: (a, b) => compareFloat(a as number, b as number),
};

export const float8Type: PgType = {
  oid: Oid.float8,
  name: 'float8',
  len: 8,
  category: 'N',
  preferred: true,
  arrayOid: Oid._float8,
  elemOid: 0,
  delimiter: ',',
  toText: (v, ctx) => formatFloat(v as number, false, ctx),
  fromText: (s) => parseFloatText(s, 'double precision', false),
  toBinary: (v) => {
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleBE(v as number);
    return b;
  },
  fromBinary: (b) => expectLength(b, 8, 'double precision').readDoubleBE(0),
  compare: (a, b) => compareFloat(a as number, b as number),
};
