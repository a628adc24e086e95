/**
 * Overload resolution for functions and operators, following PostgreSQL's
 * rules (https://www.postgresql.org/docs/15/typeconv-func.html): exact
 * match, then implicit coercions preferring exact matches and preferred
 * types, with unknown literals resolved by the categories candidates accept.
 */
import { Oid } from '../../types/oids.js';
import { isArrayType, typeByOid } from '../../types/registry.js';
import type { FuncDef } from '../../types/functions/catalog.js';
import type { PgType } from '../../types/type.js';
import { canCoerce } from './coerce.js';

const POLY = new Set<number>([Oid.anyelement, Oid.anyarray, Oid.anynonarray, Oid.anycompatible, Oid.anycompatiblearray, Oid.any]);

export interface Resolved {
  readonly def: FuncDef;
  /** Declared type of each actual argument (variadic expanded, polymorphics bound). */
  readonly argTypes: PgType[];
  readonly ret: PgType;
}

/** Declared argument types for a call with n actual arguments, or null if the arity does not fit. */
function expand(def: FuncDef, n: number): number[] | null {
  if (def.variadic) {
    if (n < def.args.length - 1) return null;
    const fixed = def.args.slice(0, -1);
    const rep = def.args[def.args.length - 1]!;
    return [...fixed, ...new Array<number>(n - fixed.length).fill(rep)];
  }
  return def.args.length === n ? [...def.args] : null;
}

export function resolveCall(candidates: readonly FuncDef[], actual: readonly PgType[]): Resolved | 'none' | 'ambiguous' {
  const unknown = Oid.unknown;
  let viable: { def: FuncDef; decl: number[] }[] = [];
  for (const def of candidates) {
    const decl = expand(def, actual.length);
    if (decl) viable.push({ def, decl });
  }
  if (viable.length === 0) return 'none';

  // 1. Exact match (for operators, an unknown side is taken to be the other side's type).
  const effective = actual.map((t) => t.oid);
  if (actual.length === 2 && candidates[0]?.kind === 'operator') {
    if (effective[0] === unknown && effective[1] !== unknown) effective[0] = effective[1]!;
    else if (effective[1] === unknown && effective[0] !== unknown) effective[1] = effective[0]!;
  }
  const exact = viable.find((v) => v.decl.every((d, i) => d === effective[i]));
  if (exact) return finish(exact.def, exact.decl, actual);

  // 2. Candidates every argument can reach by implicit coercion.
  viable = viable.filter((v) => v.decl.every((d, i) => canCoerce(actual[i]!, typeByOid(d), 'implicit') && polymorphicOk(d, actual[i]!)) && polymorphicConsistent(v.decl, actual));
  if (viable.length === 0) return 'none';
  if (viable.length === 1) return finish(viable[0]!.def, viable[0]!.decl, actual);

  // 3. Most exact matches on known arguments.
  viable = keepBest(viable, (v) => v.decl.filter((d, i) => d === actual[i]!.oid).length);
  if (viable.length === 1) return finish(viable[0]!.def, viable[0]!.decl, actual);

  // 4. Most preferred types where coercion is needed.
  viable = keepBest(viable, (v) => v.decl.filter((d, i) => d !== actual[i]!.oid && typeByOid(d).preferred).length);
  if (viable.length === 1) return finish(viable[0]!.def, viable[0]!.decl, actual);

  // 5. Unknown arguments: prefer string category, else the one category all candidates agree on.
  const unknownPositions = actual.map((t, i) => (t.oid === unknown ? i : -1)).filter((i) => i >= 0);
  if (unknownPositions.length > 0) {
    for (const i of unknownPositions) {
      const cats = viable.map((v) => typeByOid(v.decl[i]!));
      let chosenCat: string | null = null;
      let chosenPreferred = false;
      if (cats.some((t) => t.category === 'S')) chosenCat = 'S';
      else {
        const set = new Set(cats.filter((t) => t.category !== 'P').map((t) => t.category));
        if (set.size === 1) chosenCat = [...set][0]!;
      }
      if (chosenCat === null) continue;
      chosenPreferred = cats.some((t) => t.category === chosenCat && t.preferred);
      const next = viable.filter((v) => {
        const t = typeByOid(v.decl[i]!);
        if (t.category === 'P') return true;
        if (t.category !== chosenCat) return false;
        return !chosenPreferred || t.preferred;
      });
      if (next.length > 0) viable = next;
    }
    if (viable.length === 1) return finish(viable[0]!.def, viable[0]!.decl, actual);

    // 6. All known arguments of one type: assume the unknowns are that type too.
    const known = actual.filter((t) => t.oid !== unknown);
    if (known.length > 0 && known.every((t) => t.oid === known[0]!.oid)) {
      const same = viable.filter((v) => unknownPositions.every((i) => canCoerce(known[0]!, typeByOid(v.decl[i]!), 'implicit')));
      if (same.length === 1) return finish(same[0]!.def, same[0]!.decl, actual);
    }
  }
  return 'ambiguous';
}

function keepBest<T>(items: T[], score: (t: T) => number): T[] {
  let best = -1;
  let out: T[] = [];
  for (const it of items) {
    const s = score(it);
    if (s > best) {
      best = s;
      out = [it];
    } else if (s === best) out.push(it);
  }
  return out;
}

/** anyelement and anyarray arguments must agree on one element type (text[] || text[] is array_cat, not array_append). */
function polymorphicConsistent(decl: readonly number[], actual: readonly PgType[]): boolean {
  let elem: number | null = null;
  for (let i = 0; i < decl.length; i++) {
    const a = actual[i]!;
    if (a.oid === Oid.unknown) continue;
    const d = decl[i]!;
    const e = d === Oid.anyelement || d === Oid.anynonarray ? a.oid : d === Oid.anyarray ? a.elemOid : null;
    if (e === null) continue;
    if (elem !== null && elem !== e) return false;
    elem = e;
  }
  return true;
}

function polymorphicOk(decl: number, actual: PgType): boolean {
  if (decl === Oid.anyarray || decl === Oid.anycompatiblearray) return actual.oid === Oid.unknown || isArrayType(actual);
  if (decl === Oid.anynonarray) return !isArrayType(actual);
  return true;
}

/** Binds polymorphic declarations to concrete types and computes the return type. */
function finish(def: FuncDef, decl: number[], actual: readonly PgType[]): Resolved {
  let elem: PgType | undefined;
  for (let i = 0; i < decl.length; i++) {
    const d = decl[i]!;
    const a = actual[i]!;
    if (a.oid === Oid.unknown) continue;
    if (d === Oid.anyelement || d === Oid.anynonarray || d === Oid.anycompatible) elem ??= a;
    else if (d === Oid.anyarray || d === Oid.anycompatiblearray) elem ??= typeByOid(a.elemOid);
  }
  elem ??= typeByOid(Oid.text);
  const bind = (d: number): PgType => {
    if (d === Oid.anyelement || d === Oid.anynonarray || d === Oid.anycompatible) return elem!;
    if (d === Oid.anyarray || d === Oid.anycompatiblearray) return elem!.arrayOid ? typeByOid(elem!.arrayOid) : typeByOid(Oid.anyarray);
    if (d === Oid.any) return typeByOid(d);
    return typeByOid(d);
  };
  const argTypes = decl.map((d, i) => (d === Oid.any ? (actual[i]!.oid === Oid.unknown ? typeByOid(Oid.text) : actual[i]!) : bind(d)));
  return { def, argTypes, ret: POLY.has(def.ret) ? bind(def.ret) : typeByOid(def.ret) };
}
