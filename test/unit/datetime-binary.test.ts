/**
 * The PgType objects of the date/time types: catalog facts and the binary
 * send/recv formats, byte for byte as PostgreSQL 15's *_send functions
 * produce them.
 */
import { describe, expect, it } from 'vitest';
import type { PgType } from '../../src/types/type.js';
import * as D from '../../src/types/datetime/index.js';

const ctx = { extraFloatDigits: 1, dateStyle: 'ISO, MDY', intervalStyle: 'postgres', timeZone: 'UTC', byteaOutput: 'hex' };
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

// [type, text, hex of PostgreSQL's send output]
const SENDS: [PgType, string, string][] = [
  [D.dateType, '2024-01-05', '00002242'],
  [D.dateType, 'infinity', '7fffffff'],
  [D.dateType, '-infinity', '80000000'],
  [D.timeType, '12:34:56.789', '0000000a8be62608'],
  [D.timetzType, '12:34:56.789+05:30', '0000000a8be62608ffffb2a8'],
  [D.timestampType, '2024-01-05 12:34:56.789', '0002b130d82ce608'],
  [D.timestamptzType, '2024-01-05 12:34:56.789+00', '0002b130d82ce608'],
  [D.timestampType, 'infinity', '7fffffffffffffff'],
  [D.timestampType, '-infinity', '8000000000000000'],
  [D.intervalType, '1 year 2 mons 3 days 04:05:06.789', '000000036c97ca88000000030000000e'],
  [D.intervalType, '-1 days -00:00:01', 'fffffffffff0bdc0ffffffff00000000'],
];

describe('binary I/O', () => {
  for (const [type, text, expected] of SENDS) {
    it(`${type.name} '${text}' sends and receives like PostgreSQL`, () => {
      const v = type.fromText(text, -1, ctx);
      const b = type.toBinary!(v, ctx);
      expect(hex(b)).toBe(expected);
      const back = type.fromBinary!(bytes(expected), -1, ctx);
      expect(type.compare!(back, v)).toBe(0);
      expect(type.toText(back, ctx)).toBe(type.toText(v, ctx));
    });
  }

  it('uses the JS representations documented in index.ts', () => {
    expect(D.dateType.fromBinary!(bytes('00002242'), -1, ctx)).toBe(8770);
    expect(D.dateType.fromBinary!(bytes('7fffffff'), -1, ctx)).toBe(Infinity);
    expect(D.timestampType.fromBinary!(bytes('7fffffffffffffff'), -1, ctx)).toBe(D.TIMESTAMP_NOEND);
    expect(D.timetzType.fromBinary!(bytes('0000000a8be62608ffffb2a8'), -1, ctx)).toEqual({ micros: 45_296_789_000n, offsetSec: -19800 });
    expect(D.intervalType.fromBinary!(bytes('000000036c97ca88000000030000000e'), -1, ctx)).toEqual({
      months: 14,
      days: 3,
      micros: 14_706_789_000n,
    });
  });

  it('applies the typmod on receive', () => {
    expect(D.timestampType.toText(D.timestampType.fromBinary!(bytes('0002b130d82ce608'), 1, ctx), ctx)).toBe('2024-01-05 12:34:56.8');
    expect(D.timeType.toText(D.timeType.fromBinary!(bytes('0000000a8be62608'), 0, ctx), ctx)).toBe('12:34:57');
  });

  it('rejects out-of-range and malformed values', () => {
    expect(() => D.dateType.fromBinary!(bytes('7ffffffe'), -1, ctx)).toThrow(expect.objectContaining({ code: '22008', message: 'date out of range' }));
    expect(() => D.timestampType.fromBinary!(bytes('7ffffffffffffffe'), -1, ctx)).toThrow(expect.objectContaining({ code: '22008' }));
    expect(() => D.timeType.fromBinary!(bytes('ffffffffffffffff'), -1, ctx)).toThrow(expect.objectContaining({ code: '22P03', message: 'time out of range' }));
    expect(() => D.timetzType.fromBinary!(bytes('0000000000000000ffff1f00'), -1, ctx)).toThrow(expect.objectContaining({ code: '22009' }));
    expect(() => D.intervalType.fromBinary!(bytes('00'), -1, ctx)).toThrow(expect.objectContaining({ code: '22P03' }));
  });
});

describe('catalog facts', () => {
  it('match pg_type', () => {
    const facts = D.dateTimeTypes.map((t) => [t.oid, t.name, t.len, t.category, t.preferred, t.arrayOid]);
    expect(facts).toEqual([
      [1082, 'date', 4, 'D', false, 1182],
      [1083, 'time', 8, 'D', false, 1183],
      [1266, 'timetz', 12, 'D', false, 1270],
      [1114, 'timestamp', 8, 'D', false, 1115],
      [1184, 'timestamptz', 8, 'D', true, 1185],
      [1186, 'interval', 16, 'T', true, 1187],
    ]);
  });
});
