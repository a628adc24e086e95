/**
 * Type OID → PostgreSQL type name, for the `colnames` line of a query record
 * (`name:typename`). Kept here rather than imported from src/ so the harness
 * judges the server's OIDs independently of the server's own tables.
 * Values from PostgreSQL 15's src/include/catalog/pg_type.dat.
 */
const SCALARS: Record<string, [oid: number, arrayOid: number]> = {
  bool: [16, 1000],
  bytea: [17, 1001],
  char: [18, 1002],
  name: [19, 1003],
  int8: [20, 1016],
  int2: [21, 1005],
  int4: [23, 1007],
  regproc: [24, 1008],
  text: [25, 1009],
  oid: [26, 1028],
  json: [114, 199],
  xml: [142, 143],
  point: [600, 1017],
  float4: [700, 1021],
  float8: [701, 1022],
  money: [790, 791],
  inet: [869, 1041],
  bpchar: [1042, 1014],
  varchar: [1043, 1015],
  date: [1082, 1182],
  time: [1083, 1183],
  timestamp: [1114, 1115],
  timestamptz: [1184, 1185],
  interval: [1186, 1187],
  timetz: [1266, 1270],
  bit: [1560, 1561],
  varbit: [1562, 1563],
  numeric: [1700, 1231],
  regclass: [2205, 2210],
  regtype: [2206, 2211],
  regnamespace: [4089, 4090],
  regrole: [4096, 4097],
  record: [2249, 2287],
  uuid: [2950, 2951],
  jsonb: [3802, 3807],
  jsonpath: [4072, 4073],
};

/** Types without an array type (pseudo-types). */
const OTHERS: Record<string, number> = {
  unknown: 705,
  cstring: 2275,
  void: 2278,
  anyarray: 2277,
  anyelement: 2283,
  trigger: 2279,
};

const NAMES = new Map<number, string>();
for (const [name, [oid, arrayOid]] of Object.entries(SCALARS)) {
  NAMES.set(oid, name);
  NAMES.set(arrayOid, `_${name}`);
}
for (const [name, oid] of Object.entries(OTHERS)) NAMES.set(oid, name);

/** The type's name, or its OID as digits when the table does not know it. */
export function typeName(oid: number): string {
  return NAMES.get(oid) ?? String(oid);
}

/**
 * The sqllogictest type letter for a column type: B boolean, I integer,
 * R float or numeric, T anything else.
 */
export function typeLetter(oid: number): string {
  switch (NAMES.get(oid)) {
    case 'bool':
      return 'B';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
      return 'I';
    case 'float4':
    case 'float8':
    case 'numeric':
      return 'R';
    default:
      return 'T';
  }
}
