/**
 * The current-time functions convert a caller-supplied instant (the
 * transaction start) into each type, in the session zone; expected values
 * are PostgreSQL 15's for the same instant and TimeZone.
 */
import { describe, expect, it } from 'vitest';
import * as D from '../../src/types/datetime/index.js';

const ctx = { extraFloatDigits: 1, dateStyle: 'ISO, MDY', intervalStyle: 'postgres', timeZone: 'America/New_York', byteaOutput: 'hex' };
const zone = D.sessionZone(ctx.timeZone);
const NOW = D.parseTimestamptz('2026-11-25 09:17:07.123456+00', -1, ctx);

describe('now() helpers', () => {
  it('current_date, current_time, localtime, localtimestamp', () => {
    expect(D.formatDate(D.currentDate(NOW, zone), ctx)).toBe('2026-11-25');
    expect(D.formatTimestamptz(D.currentTimestamp(NOW), ctx)).toBe('2026-11-25 04:17:07.123456-05');
    expect(D.formatTimestamptz(D.currentTimestamp(NOW, 0), ctx)).toBe('2026-11-25 04:17:07-05');
    expect(D.formatTimetz(D.currentTime(NOW, zone, 2))).toBe('04:17:07.12-05');
    expect(D.formatTime(D.localTime(NOW, zone))).toBe('04:17:07.123456');
    expect(D.formatTimestamp(D.localTimestamp(NOW, zone, 3), ctx)).toBe('2026-11-25 04:17:07.123');
  });

  it('timeofday() prints like PostgreSQL', () => {
    expect(D.timeofday(NOW, zone)).toBe('Wed Nov 25 04:17:07.123456 2026 EST');
  });

  it('the wall clock is close to Date.now()', () => {
    const unixMicros = D.clockNow() + D.UNIX_EPOCH_OFFSET_USECS;
    expect(Math.abs(Number(unixMicros / 1000n) - Date.now())).toBeLessThan(1000);
  });
});

describe('date_bin', () => {
  const ts = (s: string) => D.parseTimestamp(s, -1, ctx);
  const iv = (s: string) => D.parseInterval(s, -1, ctx);
  const bin = (stride: string, source: string, origin: string) => D.formatTimestamp(D.dateBin(iv(stride), ts(source), ts(origin)), ctx);
  it('bins like PostgreSQL 15', () => {
    expect(bin('15 minutes', '2024-01-05 10:11:12', '2001-01-01')).toBe('2024-01-05 10:00:00');
    expect(bin('15 minutes', '2024-01-05 10:11:12', '2030-01-01 00:07')).toBe('2024-01-05 10:07:00');
    expect(bin('1 day 1 hour', '1999-01-05 10:11:12', '2001-01-01')).toBe('1999-01-04 22:00:00');
    expect(bin('1 sec', 'infinity', '2001-01-01')).toBe('infinity');
  });
  it('rejects months, empty strides and infinite origins', () => {
    expect(() => bin('1 month', '2024-01-05', '2001-01-01')).toThrow(expect.objectContaining({ code: '0A000' }));
    expect(() => bin('0', '2024-01-05', '2001-01-01')).toThrow('stride must be greater than zero');
    expect(() => bin('1 sec', '2020-01-01', 'infinity')).toThrow('origin out of range');
  });
});
