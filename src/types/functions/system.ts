/** Session and system information functions (https://www.postgresql.org/docs/15/functions-info.html). */
import { Oid } from '../oids.js';
import { makeArray } from '../value.js';
import { define, fn } from './catalog.js';

const { text, bool, int4, name } = Oid;

export const SERVER_VERSION = '15.8';
export const SERVER_VERSION_NUM = '150008';
export const VECSQL_VERSION = '0.1.0';

export function versionString(): string {
  return `PostgreSQL ${SERVER_VERSION} (vecsql ${VECSQL_VERSION}) on x86_64-pc-linux-gnu, compiled by node ${process.versions.node}, 64-bit`;
}

fn('version', [], text, () => versionString(), { volatility: 'stable' });
fn('current_setting', [text], text, (a, ctx) => ctx.getSetting(a[0] as string), { volatility: 'stable' });
fn('current_setting', [text, bool], text, (a, ctx) => ctx.getSetting(a[0] as string, a[1] as boolean), {
  volatility: 'stable',
});
define({
  name: 'set_config',
  kind: 'function',
  args: [text, text, bool],
  ret: text,
  strict: false,
  volatility: 'volatile',
  impl: (a, ctx) => ctx.setSetting(a[0] as string, (a[1] as string | null) ?? '', a[2] === true),
});
fn('current_database', [], name, (_a, ctx) => ctx.databaseName, { volatility: 'stable' });
fn('current_catalog', [], name, (_a, ctx) => ctx.databaseName, { volatility: 'stable' });
fn('pg_backend_pid', [], int4, (_a, ctx) => ctx.backendPid, { volatility: 'stable' });
fn('current_schema', [], name, (_a, ctx) => ctx.searchPathSchemas()[0] ?? null, { volatility: 'stable', strict: false });
// pg_catalog is searched first unless search_path places it explicitly; include_implicit shows it.
fn(
  'current_schemas',
  [bool],
  Oid._name,
  (a, ctx) => {
    const schemas = ctx.searchPathSchemas();
    return makeArray(name, a[0] && !schemas.includes('pg_catalog') ? ['pg_catalog', ...schemas] : schemas);
  },
  { volatility: 'stable' },
);

// pg_sleep runs asynchronously: it waits without blocking other sessions and wakes on cancel.
define({
  name: 'pg_sleep',
  kind: 'function',
  args: [Oid.float8],
  ret: Oid.void,
  strict: true,
  volatility: 'volatile',
  async: true,
  impl: async (a, ctx) => {
    const seconds = a[0] as number;
    // void is a value, not NULL: it is sent as an empty string.
    if (Number.isNaN(seconds) || seconds <= 0) return '';
    await ctx.sleep(Math.min(seconds * 1000, 2 ** 31 - 1));
    return '';
  },
});

/** pg_typeof(any): the binder passes the argument's type OID instead of its value (see `typeOfArg`). */
define({
  name: 'pg_typeof',
  kind: 'function',
  args: [Oid.any],
  ret: Oid.regtype,
  strict: false,
  volatility: 'stable',
  argTypeOids: true,
  impl: (a) => a[0],
});

// Sequence functions (https://www.postgresql.org/docs/15/functions-sequence.html).
fn('nextval', [Oid.regclass], Oid.int8, (a, ctx) => ctx.nextval(a[0] as number), { volatility: 'volatile' });
fn('currval', [Oid.regclass], Oid.int8, (a, ctx) => ctx.currval(a[0] as number), { volatility: 'volatile' });
fn('setval', [Oid.regclass, Oid.int8], Oid.int8, (a, ctx) => ctx.setval(a[0] as number, a[1] as bigint, true), { volatility: 'volatile' });
fn('setval', [Oid.regclass, Oid.int8, bool], Oid.int8, (a, ctx) => ctx.setval(a[0] as number, a[1] as bigint, a[2] as boolean), { volatility: 'volatile' });
fn('lastval', [], Oid.int8, (_a, ctx) => ctx.lastval(), { volatility: 'volatile' });
fn('pg_sequence_last_value', [Oid.regclass], Oid.int8, (a, ctx) => ctx.sequenceLastValue(a[0] as number), { volatility: 'volatile' });
