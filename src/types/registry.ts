import { arrayTypeOf } from './array.js';
import { boolType } from './builtin/bool.js';
import { byteaType } from './builtin/bytea.js';
import { float4Type, float8Type } from './builtin/float.js';
import { int2Type, int4Type, int8Type, oidType } from './builtin/int.js';
import { bpcharType, charType, nameType, textType, unknownType, varcharType } from './builtin/text.js';
import { pseudoTypes } from './builtin/pseudo.js';
import { makeRegtype } from './builtin/regtype.js';
import { numericType } from './numeric-type.js';
import { regclassType, regnamespaceType } from './builtin/regclass.js';
import { aclitemType, pgNodeTreeType, regprocType } from './builtin/catalog-types.js';
import { uuidType } from './builtin/uuid.js';
import { vectorTypes } from './vector/index.js';
import { jsonType, jsonbType } from './json/types.js';
import {
  INTERVAL_FULL_PRECISION,
  INTERVAL_FULL_RANGE,
  INTERVAL_MASK,
  dateType,
  intervalType,
  intervalTypmod,
  timeType,
  timestampType,
  timestamptzType,
  timetzType,
} from './datetime/index.js';
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
registerBaseType(regnamespaceType);
for (const t of [regprocType, pgNodeTreeType, aclitemType]) registerBaseType(t);
for (const t of [uuidType, jsonType, jsonbType]) registerBaseType(t);
for (const t of vectorTypes) if (!findTypeByOid(t.oid)) registerBaseType(t);
for (const t of dateTimeTypesWithTypmods()) registerBaseType(t);
registerBaseType(makeRegtype(findTypeByName, findTypeByOid, (oid) => formatTypeLazy(oid)));

/**
 * The date/time types with their typmodin functions (timestamp(3), time(0),
 * interval day to second(2)), as anytimestamp_typmodin, anytime_typmodin and
 * intervaltypmodin check them. PostgreSQL warns and clamps a precision above 6;
 * typmodIn has no way to warn, so it only clamps.
 */
function dateTimeTypesWithTypmods(): PgType[] {
  const precision = (label: string) => (mods: number[]): number => {
    if (mods.length !== 1) throw new PgError(SqlState.InvalidParameterValue, 'invalid type modifier');
    const p = mods[0]!;
    if (p < 0) throw new PgError(SqlState.InvalidParameterValue, `${label.replace('%d', String(p))} precision must not be negative`);
    return Math.min(p, 6);
  };
  const M = INTERVAL_MASK;
  const ranges = new Set<number>([
    M.YEAR,
    M.MONTH,
    M.DAY,
    M.HOUR,
    M.MINUTE,
    M.SECOND,
    M.YEAR | M.MONTH,
    M.DAY | M.HOUR,
    M.DAY | M.HOUR | M.MINUTE,
    M.DAY | M.HOUR | M.MINUTE | M.SECOND,
    M.HOUR | M.MINUTE,
    M.HOUR | M.MINUTE | M.SECOND,
    M.MINUTE | M.SECOND,
    INTERVAL_FULL_RANGE,
  ]);
  const intervalTypmodIn = (mods: number[]): number => {
    const invalid = () => new PgError(SqlState.InvalidParameterValue, 'invalid INTERVAL type modifier');
    if (mods.length === 0 || mods.length > 2 || !ranges.has(mods[0]!)) throw invalid();
    if (mods.length === 1) return mods[0] === INTERVAL_FULL_RANGE ? -1 : intervalTypmod(mods[0], INTERVAL_FULL_PRECISION);
    const p = mods[1]!;
    if (p < 0) throw new PgError(SqlState.InvalidParameterValue, `INTERVAL(${p}) precision must not be negative`);
    return intervalTypmod(mods[0], Math.min(p, 6));
  };
  return [
    dateType,
    { ...timeType, typmodIn: precision('TIME(%d)') },
    { ...timetzType, typmodIn: precision('TIME(%d) WITH TIME ZONE') },
    { ...timestampType, typmodIn: precision('TIMESTAMP(%d)') },
    { ...timestamptzType, typmodIn: precision('TIMESTAMP(%d) WITH TIME ZONE') },
    { ...intervalType, typmodIn: intervalTypmodIn },
  ];
}

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
