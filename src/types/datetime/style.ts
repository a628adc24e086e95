/**
 * The DateStyle setting, parsed as PostgreSQL's check_datestyle reads it:
 * an output style (ISO, SQL, Postgres, German) and an input field order
 * (MDY, DMY, YMD), in any order and case; German implies DMY unless an order
 * is given. Parsed values are cached per setting string.
 */
import { PgError, SqlState } from '../errors.js';
import type { DateOrder } from './decode-parts.js';

export type OutputStyle = 'ISO' | 'SQL' | 'POSTGRES' | 'GERMAN';

export interface DateStyle {
  readonly style: OutputStyle;
  readonly order: DateOrder;
}

const cache = new Map<string, DateStyle>();

export function parseDateStyle(setting: string): DateStyle {
  let ds = cache.get(setting);
  if (ds !== undefined) return ds;
  let style: OutputStyle = 'ISO';
  let order: DateOrder = 'MDY';
  let haveStyle = false;
  let haveOrder = false;
  for (const raw of setting.split(/[\s,]+/)) {
    const tok = raw.toUpperCase();
    if (tok === '') continue;
    let newStyle: OutputStyle | null = null;
    let newOrder: DateOrder | null = null;
    if (tok === 'ISO' || tok === 'SQL' || tok === 'POSTGRES' || tok === 'GERMAN') newStyle = tok;
    else if (tok === 'YMD' || tok === 'DMY' || tok === 'MDY') newOrder = tok;
    else if (tok === 'EURO' || tok === 'EUROPEAN') newOrder = 'DMY';
    else if (tok === 'US' || tok === 'NONEURO' || tok === 'NONEUROPEAN') newOrder = 'MDY';
    else if (tok === 'DEFAULT') {
      newStyle = 'ISO';
      newOrder = 'MDY';
    } else {
      throw invalid(setting, raw);
    }
    if (newStyle !== null) {
      if (haveStyle && newStyle !== style) throw conflicting(setting);
      style = newStyle;
      haveStyle = true;
      if (newStyle === 'GERMAN' && !haveOrder) order = 'DMY';
    }
    if (newOrder !== null) {
      if (haveOrder && newOrder !== order) throw conflicting(setting);
      order = newOrder;
      haveOrder = true;
    }
  }
  ds = { style, order };
  cache.set(setting, ds);
  return ds;
}

/** The canonical DateStyle text SHOW prints, e.g. 'ISO, MDY'. */
export function formatDateStyle(ds: DateStyle): string {
  const style = ds.style === 'POSTGRES' ? 'Postgres' : ds.style === 'GERMAN' ? 'German' : ds.style;
  return `${style}, ${ds.order}`;
}

function invalid(setting: string, word: string): PgError {
  return new PgError(SqlState.InvalidParameterValue, `invalid value for parameter "DateStyle": "${setting}"`, {
    detail: `Unrecognized key word: "${word}".`,
  });
}

function conflicting(setting: string): PgError {
  return new PgError(SqlState.InvalidParameterValue, `invalid value for parameter "DateStyle": "${setting}"`, {
    detail: 'Conflicting "datestyle" specifications.',
  });
}

export type IntervalStyle = 'postgres' | 'postgres_verbose' | 'sql_standard' | 'iso_8601';

export function parseIntervalStyle(setting: string): IntervalStyle {
  const s = setting.toLowerCase();
  if (s === 'postgres' || s === 'postgres_verbose' || s === 'sql_standard' || s === 'iso_8601') return s;
  return 'postgres';
}
