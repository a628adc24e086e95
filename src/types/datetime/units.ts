/**
 * Field names of date_trunc and extract/date_part ('month', 'mon', 'epoch',
 * 'dow' …), resolved as PostgreSQL does: interval unit words first
 * (DecodeUnits), then date/time keywords for extract (DecodeSpecial). The
 * errors name the argument's type as format_type prints it.
 */
import { PgError, SqlState } from '../errors.js';
import { T, type Unit, decodeSpecial, decodeUnits } from './tokens.js';

export type TypeName =
  | 'date'
  | 'time without time zone'
  | 'time with time zone'
  | 'timestamp without time zone'
  | 'timestamp with time zone'
  | 'interval';

export type Field = Unit | 'epoch';

/** Lower-cases as downcase_truncate_identifier does (ASCII letters only). */
function lower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The unit for date_trunc; throws 22023 when not a unit at all. */
export function truncUnit(field: string, type: TypeName): { unit: Unit; low: string } {
  const low = lower(field);
  const tok = decodeUnits(low);
  if (tok.type !== T.UNITS) throw notRecognized(low, type);
  return { unit: tok.value as Unit, low };
}

/**
 * The field for extract/date_part: a unit or 'epoch'; throws 22023 when
 * unknown. Other reserved words ('now') are 0A000 for the date and timestamp
 * types but 22023 for time, timetz and interval, as in PostgreSQL.
 */
export function extractField(field: string, type: TypeName): { field: Field; low: string } {
  const low = lower(field);
  let tok = decodeUnits(low);
  if (tok.type === T.UNKNOWN_FIELD) tok = decodeSpecial(low);
  if (tok.type === T.UNITS) return { field: tok.value as Unit, low };
  if (tok.type === T.RESERV && tok.value === 'epoch') return { field: 'epoch', low };
  if (tok.type === T.RESERV && (type === 'date' || type.startsWith('timestamp'))) throw notSupported(low, type);
  throw notRecognized(low, type);
}

export function notRecognized(low: string, type: TypeName): PgError {
  return new PgError(SqlState.InvalidParameterValue, `unit "${low}" not recognized for type ${type}`);
}

export function notSupported(low: string, type: TypeName, detail?: string): PgError {
  return new PgError(SqlState.FeatureNotSupported, `unit "${low}" not supported for type ${type}`, { detail });
}
