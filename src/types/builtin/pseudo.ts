import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { PgType } from '../type.js';

function pseudo(oid: number, name: string): PgType {
  return {
    oid,
    name,
    len: 4,
    category: 'P',
    preferred: false,
    arrayOid: 0,
    elemOid: 0,
    delimiter: ',',
    toText: () => '',
    fromText: () => {
      throw new PgError(SqlState.FeatureNotSupported, `cannot accept a value of type ${name}`);
    },
  };
}

export const voidType: PgType = { ...pseudo(Oid.void, 'void'), toText: () => '', fromText: () => null, toBinary: () => new Uint8Array(0) };

export const pseudoTypes: PgType[] = [
  voidType,
  pseudo(Oid.any, 'any'),
  pseudo(Oid.anyelement, 'anyelement'),
  pseudo(Oid.anyarray, 'anyarray'),
  pseudo(Oid.anynonarray, 'anynonarray'),
  pseudo(Oid.anycompatible, 'anycompatible'),
  pseudo(Oid.anycompatiblearray, 'anycompatiblearray'),
  pseudo(Oid.record, 'record'),
  pseudo(Oid.cstring, 'cstring'),
  pseudo(Oid.internal, 'internal'),
  pseudo(Oid.trigger, 'trigger'),
];
