import { arrayTypeOf } from './array.js';
import { boolType } from './builtin/bool.js';
import { byteaType } from './builtin/bytea.js';
import { float4Type, float8Type } from './builtin/float.js';
import { int2Type, int4Type, int8Type, oidType } from './builtin/int.js';
import { bpcharType, charType, nameType, textType, unknownType, varcharType } from './builtin/text.js';
import { pseudoTypes } from './builtin/pseudo.js';
import { makeRegtype } from './builtin/regtype.js';
import { numericType } from './numeric-type.js';
import { regclassType } from './builtin/regclass.js';
import { uuidType } from './builtin/uuid.js';
import { jsonType, jsonbType } from './json/types.js';
import { PgError, SqlState } from './errors.js';
import type { PgType } from './type.js';

const byOid = new Map<number, PgType>();
const byName = new Map<string, PgType>();

export function registerType(t: PgType): void {
  byOid.set(t.oid, t);
  byName.set(t.name, t);
}

/** Registers a base type and, when it has one, the array type over it. */
export function registerBaseType(t: PgType): void {
  registerType(t);
  if (t.arrayOid) registerType(arrayTypeOf(t));
}

for (const t of [boolType, byteaType, charType, nameType, int8Type, int2Type, int4Type, textType, oidType, float4Type, float8Type, bpcharType, varcharType, numericType]) {
  registerBaseType(t);
}
registerType(unknownType);
for (const t of pseudoTypes) registerType(t);
registerBaseType(regclassType);
for (const t of [uuidType, jsonType, jsonbType]) registerBaseType(t);
registerBaseType(makeRegtype(findTypeByName, findTypeByOid, (oid) => formatTypeLazy(oid)));

// format-type.ts imports this module; reach it lazily to keep the import graph acyclic at load time.
let formatTypeLazy: (oid: number) => string = (oid) => String(oid);
export function setTypeFormatter(f: (oid: number) => string): void {
  formatTypeLazy = f;
}

export function typeByOid(oid: number): PgType {
  const t = byOid.get(oid);
  if (!t) throw new PgError(SqlState.UndefinedObject, `type with OID ${oid} does not exist`);
  return t;
}

export function findTypeByOid(oid: number): PgType | undefined {
  return byOid.get(oid);
}

export function findTypeByName(name: string): PgType | undefined {
  return byName.get(name);
}

export function allTypes(): IterableIterator<PgType> {
  return byOid.values();
}

export function isArrayType(t: PgType): boolean {
  return t.elemOid !== 0 && t.category === 'A';
}
