import { Numeric, numericTypmod, numericTypmodOut } from './numeric.js';
import { PgError, SqlState } from './errors.js';
import { Oid } from './oids.js';
import type { PgType } from './type.js';

/**
 * numeric (OID 1700): values are Numeric instances. The typmod passed to
 * fromText/fromBinary is that of numeric(p,s) — ((p << 16) | s) + 4, -1 for
 * none — and is applied the way numeric_in and numeric_recv apply it.
 */
export const numericType: PgType = {
  oid: Oid.numeric,
  name: 'numeric',
  len: -1,
  category: 'N',
  preferred: false,
  arrayOid: Oid._numeric,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => (v as Numeric).toString(),
  fromText: (s, typmod) => Numeric.parse(s, typmod),
  toBinary: (v) => (v as Numeric).toBinary(),
  fromBinary: (b, typmod) => Numeric.fromBinary(b, typmod),
  compare: (a, b) => Numeric.compare(a as Numeric, b as Numeric),
  typmodOut: numericTypmodOut,
  typmodIn: (mods) => {
    if (mods.length < 1 || mods.length > 2) throw new PgError(SqlState.InvalidParameterValue, 'invalid NUMERIC type modifier');
    return numericTypmod(mods[0]!, mods[1] ?? 0);
  },
};
