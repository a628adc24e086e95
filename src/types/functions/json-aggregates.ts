/**
 * The JSON aggregates: json_agg, jsonb_agg, json_object_agg,
 * jsonb_object_agg (PostgreSQL 15's json_agg_transfn and friends). The json
 * variants build text exactly as PostgreSQL lays it out — `[1, 2]`,
 * `{ "a" : 1, "b" : 2 }` — because clients compare and ORMs parse that text.
 */
import { PgError, SqlState } from '../errors.js';
import { JsonbObject, type JsonbValue } from '../json/jsonb.js';
import { isJsonArrayType, toJsonbValue, toJsonText } from '../json/to-json.js';
import { Oid } from '../oids.js';
import type { IoContext } from '../type.js';
import type { Value } from '../value.js';
import { defineAggregates } from './aggregates.js';

function nullKey(): PgError {
  return new PgError(SqlState.InvalidParameterValue, 'field name must not be null');
}

class JsonAggState {
  text = '';
  count = 0;
  constructor(
    readonly typeOid: number,
    readonly structured: boolean,
    readonly io: IoContext,
  ) {}
}

class JsonbAggState {
  readonly items: JsonbValue[] = [];
  constructor(
    readonly typeOid: number,
    readonly io: IoContext,
  ) {}
}

class JsonObjectAggState {
  text = '';
  count = 0;
  constructor(
    readonly keyOid: number,
    readonly valueOid: number,
    readonly io: IoContext,
  ) {}
}

class JsonbObjectAggState {
  readonly keys: string[] = [];
  readonly values: JsonbValue[] = [];
  constructor(
    readonly keyOid: number,
    readonly valueOid: number,
    readonly io: IoContext,
  ) {}
}

defineAggregates([
  {
    name: 'json_agg',
    args: [Oid.anyelement],
    ret: Oid.json,
    strict: false,
    oid: 3175,
    init: (argTypes, io) => {
      const oid = argTypes[0]?.oid ?? Oid.unknown;
      // Arrays (and composites, which vecsql lacks) get a line break before every element but the first.
      return new JsonAggState(oid, isJsonArrayType(oid), io);
    },
    step: (state, args) => {
      const s = state as JsonAggState;
      const v: Value = args[0] ?? null;
      if (s.count > 0) s.text += v !== null && s.structured ? ', \n ' : ', ';
      s.text += toJsonText(v, s.typeOid, s.io);
      s.count++;
      return s;
    },
    final: (state) => {
      const s = state as JsonAggState;
      return s.count === 0 ? null : `[${s.text}]`;
    },
  },
  {
    name: 'jsonb_agg',
    args: [Oid.anyelement],
    ret: Oid.jsonb,
    strict: false,
    oid: 3267,
    init: (argTypes, io) => new JsonbAggState(argTypes[0]?.oid ?? Oid.unknown, io),
    step: (state, args) => {
      const s = state as JsonbAggState;
      s.items.push(toJsonbValue(args[0] ?? null, s.typeOid, s.io));
      return s;
    },
    // A copy: window frames keep folding into the state after a value is taken.
    final: (state) => {
      const s = state as JsonbAggState;
      return s.items.length === 0 ? null : s.items.slice();
    },
  },
  {
    name: 'json_object_agg',
    args: [Oid.any, Oid.any],
    ret: Oid.json,
    strict: false,
    oid: 3197,
    init: (argTypes, io) => new JsonObjectAggState(argTypes[0]?.oid ?? Oid.unknown, argTypes[1]?.oid ?? Oid.unknown, io),
    step: (state, args) => {
      const s = state as JsonObjectAggState;
      const key = args[0] ?? null;
      if (key === null) throw nullKey();
      if (s.count > 0) s.text += ', ';
      s.text += toJsonText(key, s.keyOid, s.io, true) + ' : ' + toJsonText(args[1] ?? null, s.valueOid, s.io);
      s.count++;
      return s;
    },
    final: (state) => {
      const s = state as JsonObjectAggState;
      return s.count === 0 ? null : `{ ${s.text} }`;
    },
  },
  {
    name: 'jsonb_object_agg',
    args: [Oid.any, Oid.any],
    ret: Oid.jsonb,
    strict: false,
    oid: 3270,
    init: (argTypes, io) => new JsonbObjectAggState(argTypes[0]?.oid ?? Oid.unknown, argTypes[1]?.oid ?? Oid.unknown, io),
    step: (state, args) => {
      const s = state as JsonbObjectAggState;
      const key = args[0] ?? null;
      if (key === null) throw nullKey();
      s.keys.push(toJsonbValue(key, s.keyOid, s.io, true) as string);
      s.values.push(toJsonbValue(args[1] ?? null, s.valueOid, s.io));
      return s;
    },
    final: (state) => {
      const s = state as JsonbObjectAggState;
      return s.keys.length === 0 ? null : JsonbObject.fromPairs(s.keys, s.values);
    },
  },
]);
