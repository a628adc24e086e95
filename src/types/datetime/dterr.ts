/**
 * The error codes PostgreSQL's date/time decoders return instead of throwing,
 * and the one place that turns them into the messages PostgreSQL prints
 * (datetime.c: DateTimeParseError). Decoders return codes because the caller
 * may try another syntax (interval input falls back to ISO 8601) before
 * reporting.
 */
import { PgError, SqlState } from '../errors.js';

export const DTERR_BAD_FORMAT = -1;
export const DTERR_FIELD_OVERFLOW = -2;
export const DTERR_MD_FIELD_OVERFLOW = -3;
export const DTERR_INTERVAL_OVERFLOW = -4;
export const DTERR_TZDISP_OVERFLOW = -5;

export function dateTimeParseError(dterr: number, str: string, typeName: string): PgError {
  switch (dterr) {
    case DTERR_FIELD_OVERFLOW:
      return new PgError(SqlState.DatetimeFieldOverflow, `date/time field value out of range: "${str}"`);
    case DTERR_MD_FIELD_OVERFLOW:
      return new PgError(SqlState.DatetimeFieldOverflow, `date/time field value out of range: "${str}"`, {
        hint: 'Perhaps you need a different "datestyle" setting.',
      });
    case DTERR_INTERVAL_OVERFLOW:
      return new PgError(SqlState.IntervalFieldOverflow, `interval field value out of range: "${str}"`);
    case DTERR_TZDISP_OVERFLOW:
      return new PgError(SqlState.InvalidTimeZoneDisplacementValue, `time zone displacement out of range: "${str}"`);
    default:
      return new PgError(SqlState.InvalidDatetimeFormat, `invalid input syntax for type ${typeName}: "${str}"`);
  }
}

/** SQLSTATE 22008 (datetime_field_overflow, which PostgreSQL names DATETIME_VALUE_OUT_OF_RANGE). */
export function outOfRange(message: string): PgError {
  return new PgError(SqlState.DatetimeFieldOverflow, message);
}

export function zoneNotRecognized(name: string): PgError {
  return new PgError(SqlState.InvalidParameterValue, `time zone "${name}" not recognized`);
}
