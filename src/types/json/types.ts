/**
 * The json (OID 114) and jsonb (OID 3802) types.
 *
 * json values are strings holding the input text verbatim (whitespace,
 * key order and duplicate keys preserved), validated on input as json_in
 * does. jsonb values are parsed, normalized trees (see jsonb.ts).
 */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import { decodeUtf8 } from '../builtin/text.js';
import type { PgType } from '../type.js';
import { compareJsonb, JSONB_BINARY_VERSION, jsonbToText, parseJsonb, type JsonbValue } from './jsonb.js';
import { validateJson } from './parser.js';

/** json_in: validated, stored as written. */
export function jsonIn(s: string): string {
  validateJson(s);
  return s;
}

export const jsonType: PgType = {
  oid: Oid.json,
  name: 'json',
  len: -1,
  category: 'U',
  preferred: false,
  arrayOid: Oid._json,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => v as string,
  fromText: (s) => jsonIn(s),
  // json_send is the text itself; json_recv validates it.
  toBinary: (v) => Buffer.from(v as string, 'utf8'),
  fromBinary: (b) => jsonIn(decodeUtf8(b)),
  // No compare: json has no btree operator class (no =, no ORDER BY), as in PostgreSQL.
};

export const jsonbType: PgType = {
  oid: Oid.jsonb,
  name: 'jsonb',
  len: -1,
  category: 'U',
  preferred: false,
  arrayOid: Oid._jsonb,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => jsonbToText(v as JsonbValue),
  fromText: (s) => parseJsonb(s),
  toBinary: (v) => {
    const text = Buffer.from(jsonbToText(v as JsonbValue), 'utf8');
    const out = Buffer.allocUnsafe(text.length + 1);
    out[0] = JSONB_BINARY_VERSION;
    text.copy(out, 1);
    return out;
  },
  fromBinary: (b) => {
    if (b.length === 0 || b[0] !== JSONB_BINARY_VERSION) {
      // jsonb_recv's elog(ERROR): an internal error, not a data exception.
      throw new PgError(SqlState.InternalError, `unsupported jsonb version number ${b.length === 0 ? 0 : b[0]}`);
    }
    return parseJsonb(decodeUtf8(b.subarray(1)));
  },
  compare: (a, b) => compareJsonb(a as JsonbValue, b as JsonbValue),
};
