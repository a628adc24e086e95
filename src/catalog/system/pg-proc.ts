/**
 * pg_proc (https://www.postgresql.org/docs/15/catalog-pg-proc.html): one row
 * per built-in function overload and aggregate.
 *
 * The function registry can be searched by name only, so the names are
 * listed here (keep in step with src/types/functions and ./functions.ts).
 * Aggregates carry PostgreSQL's OIDs; functions use FuncDef.oid when set,
 * otherwise an OID from a block below FirstNormalObjectId that PostgreSQL 15
 * leaves unused, numbered in name/argument order.
 */
import { functionsNamed, type FuncDef } from '../../types/functions/catalog.js';
import { allAggregates } from '../../types/functions/aggregates.js';
import { Oid } from '../../types/oids.js';
import { findTypeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import type { Value } from '../../types/value.js';
import { PG_CATALOG_OID } from '../catalog.js';
import { BOOTSTRAP_SUPERUSER_OID, oidvector } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

const FUNCTION_NAMES = `
  abs acos age array_append array_cat array_dims array_length array_lower array_ndims array_position array_prepend
  array_remove array_to_json array_to_string array_upper asin atan atan2 btrim cardinality cbrt ceil ceiling char_length
  character_length clock_timestamp concat concat_ws cos cosh current_catalog current_database current_date current_schema
  current_schemas current_setting current_time currval date date_bin date_part date_trunc degrees div exp extract factorial
  floor gcd gen_random_uuid interval isfinite json_array_element json_array_element_text json_array_length
  json_build_array json_build_object json_extract_path json_extract_path_text json_object json_object_field
  json_object_field_text json_strip_nulls json_typeof jsonb_array_element jsonb_array_element_text jsonb_array_length
  jsonb_build_array jsonb_build_object jsonb_concat jsonb_contained jsonb_contains jsonb_delete jsonb_delete_path
  jsonb_exists jsonb_exists_all jsonb_exists_any jsonb_extract_path jsonb_extract_path_text jsonb_insert jsonb_object
  jsonb_object_field jsonb_object_field_text jsonb_pretty jsonb_set jsonb_set_lax jsonb_strip_nulls jsonb_typeof
  justify_days justify_hours justify_interval lastval lcm left length like like_escape ln localtime localtimestamp log
  log10 lower ltrim make_date make_interval make_time make_timestamp make_timestamptz md5 min_scale mod nextval now
  octet_length overlaps pg_backend_pid pg_sequence_last_value pg_sleep pg_typeof pi pow power radians random repeat
  replace round rtrim scale set_config setval sign sin sinh sqrt starts_with statement_timestamp string_to_array strpos
  tan tanh time timeofday timestamp timestamptz timetz timezone to_json to_jsonb to_timestamp transaction_timestamp
  trim_scale trunc upper version width_bucket
  col_description format_type has_any_column_privilege has_column_privilege has_database_privilege has_schema_privilege
  has_sequence_privilege has_table_privilege obj_description pg_char_to_encoding pg_encoding_to_char
  pg_function_is_visible pg_get_constraintdef pg_get_expr pg_get_function_arguments pg_get_function_identity_arguments
  pg_get_function_result pg_get_indexdef pg_get_serial_sequence pg_get_userbyid pg_get_viewdef pg_indexes_size
  pg_is_in_recovery pg_postmaster_start_time pg_relation_size pg_size_pretty pg_table_is_visible pg_table_size
  pg_tablespace_location pg_total_relation_size pg_type_is_visible quote_ident quote_literal quote_nullable
  shobj_description pg_conf_load_time pg_get_triggerdef pg_get_ruledef pg_get_statisticsobjdef
  pg_get_statisticsobjdef_columns pg_get_partkeydef pg_relation_is_publishable
`;

const FIRST_SYNTHETIC_OID = 14000;
const INTERNAL_LANGUAGE_OID = 12;

export interface ProcInfo {
  readonly oid: number;
  readonly name: string;
  readonly kind: 'f' | 'a';
  /** Declared argument types as pg_proc shows them (a variadic argument as its array type). */
  readonly args: readonly number[];
  readonly ret: number;
  readonly variadic: number;
  readonly strict: boolean;
  readonly volatility: 'i' | 's' | 'v';
}

function declaredArgs(def: FuncDef): { args: number[]; variadic: number } {
  if (!def.variadic || def.args.length === 0) return { args: [...def.args], variadic: 0 };
  const last = def.args[def.args.length - 1]!;
  const arrayOid = last === Oid.any ? Oid.any : (findTypeByOid(last)?.arrayOid ?? last);
  return { args: [...def.args.slice(0, -1), arrayOid || last], variadic: last };
}

let cache: ProcInfo[] | null = null;

/** Every function and aggregate, built once (the registries are complete once modules have loaded). */
export function allProcs(): readonly ProcInfo[] {
  if (cache) return cache;
  const names = [...new Set(FUNCTION_NAMES.split(/\s+/).filter(Boolean))].sort();
  const defs = names.flatMap((n) => functionsNamed(n).filter((d) => d.kind === 'function'));
  const out: ProcInfo[] = [];
  let next = FIRST_SYNTHETIC_OID;
  for (const d of defs) {
    const { args, variadic } = declaredArgs(d);
    out.push({
      oid: d.oid ?? next++, name: d.name, kind: 'f', args, ret: d.ret, variadic, strict: d.strict,
      volatility: d.volatility === 'immutable' ? 'i' : d.volatility === 'stable' ? 's' : 'v',
    });
  }
  for (const a of allAggregates()) {
    let ret: number = Oid.anyelement;
    if (typeof a.ret === 'number') ret = a.ret;
    else {
      try {
        ret = a.ret(a.args.map((o) => findTypeByOid(o)).filter((t): t is PgType => t !== undefined));
      } catch {
        ret = Oid.anyelement;
      }
    }
    out.push({ oid: a.oid, name: a.name, kind: 'a', args: [...a.args], ret, variadic: 0, strict: a.strict, volatility: 'i' });
  }
  cache = out;
  return out;
}

export function procByOid(oid: number): ProcInfo | undefined {
  return allProcs().find((p) => p.oid === oid);
}

defineSystemRelation({
  name: 'pg_proc',
  oid: 1255,
  columns: cols({
    oid: Oid.oid,
    proname: Oid.name,
    pronamespace: Oid.oid,
    proowner: Oid.oid,
    prolang: Oid.oid,
    procost: Oid.float4,
    prorows: Oid.float4,
    provariadic: Oid.oid,
    prosupport: Oid.regproc,
    prokind: Oid.char,
    prosecdef: Oid.bool,
    proleakproof: Oid.bool,
    proisstrict: Oid.bool,
    proretset: Oid.bool,
    provolatile: Oid.char,
    proparallel: Oid.char,
    pronargs: Oid.int2,
    pronargdefaults: Oid.int2,
    prorettype: Oid.oid,
    // oidvector in PostgreSQL: oid[] with lower bound 0 here.
    proargtypes: Oid._oid,
    proallargtypes: Oid._oid,
    proargmodes: Oid._char,
    proargnames: Oid._text,
    proargdefaults: Oid.pg_node_tree,
    protrftypes: Oid._oid,
    prosrc: Oid.text,
    probin: Oid.text,
    prosqlbody: Oid.pg_node_tree,
    proconfig: Oid._text,
    proacl: Oid._aclitem,
  }),
  rows: () =>
    allProcs().map((p): Value[] => [
      p.oid, p.name, PG_CATALOG_OID, BOOTSTRAP_SUPERUSER_OID, INTERNAL_LANGUAGE_OID, 1, 0, p.variadic, '-', p.kind, false, false,
      p.strict, false, p.volatility, 's', p.args.length, 0, p.ret, oidvector(p.args), null, null, null, null, null,
      p.kind === 'a' ? 'aggregate_dummy' : p.name, null, null, null, null,
    ]),
});
