/**
 * pg_settings (https://www.postgresql.org/docs/15/view-pg-settings.html).
 *
 * Values come from the session (SystemContext.setting). The list of settings
 * and their descriptions mirror src/server/settings.ts (with PostgreSQL 15's
 * wording where that file differs), which the catalog layer must not import;
 * keep the two in step, or give SystemContext a way to list the server's
 * settings. is_superuser and session_authorization are left out, as
 * PostgreSQL hides them from pg_settings.
 */
import { Oid } from '../../types/oids.js';
import { SERVER_VERSION, SERVER_VERSION_NUM } from '../../types/functions/system.js';
import { makeArray, type Value } from '../../types/value.js';
import { cols, defineSystemRelation } from './relation.js';

type Kind = 'bool' | 'int' | 'real' | 'string' | 'enum';

/** [name, kind, context, unit, category, short_desc, min, max, enum values, boot value] */
type SettingInfo = readonly [string, Kind, string, string | null, string, string, number | null, number | null, readonly string[] | null, string];

const SETTINGS: readonly SettingInfo[] = [
  ['application_name', 'string', 'user', null, 'Reporting and Logging / What to Log', 'Sets the application name to be reported in statistics and logs.', null, null, null, ''],
  ['block_size', 'int', 'internal', null, 'Preset Options', 'Shows the size of a disk block.', 8192, 8192, null, '8192'],
  ['bytea_output', 'enum', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Sets the output format for bytea.', null, null, ['escape', 'hex'], 'hex'],
  ['check_function_bodies', 'bool', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE.', null, null, null, 'on'],
  ['client_encoding', 'string', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the client\'s character set encoding.', null, null, null, 'UTF8'],
  ['client_min_messages', 'enum', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Sets the message levels that are sent to the client.', null, null, ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'log', 'notice', 'warning', 'error'], 'notice'],
  ['data_directory', 'string', 'postmaster', null, 'File Locations', 'Sets the server\'s data directory.', null, null, null, ''],
  ['DateStyle', 'string', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the display format for date and time values.', null, null, null, 'ISO, MDY'],
  ['default_transaction_isolation', 'enum', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Sets the transaction isolation level of each new transaction.', null, null, ['serializable', 'repeatable read', 'read committed', 'read uncommitted'], 'read committed'],
  ['default_transaction_read_only', 'bool', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Sets the default read-only status of new transactions.', null, null, null, 'off'],
  ['enable_bitmapscan', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of bitmap-scan plans.', null, null, null, 'on'],
  ['enable_hashagg', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of hashed aggregation plans.', null, null, null, 'on'],
  ['enable_hashjoin', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of hash join plans.', null, null, null, 'on'],
  ['enable_indexonlyscan', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of index-only-scan plans.', null, null, null, 'on'],
  ['enable_indexscan', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of index-scan plans.', null, null, null, 'on'],
  ['enable_material', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of materialization.', null, null, null, 'on'],
  ['enable_mergejoin', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of merge join plans.', null, null, null, 'on'],
  ['enable_nestloop', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of nested-loop join plans.', null, null, null, 'on'],
  ['enable_seqscan', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of sequential-scan plans.', null, null, null, 'on'],
  ['enable_sort', 'bool', 'user', null, 'Query Tuning / Planner Method Configuration', 'Enables the planner\'s use of explicit sort steps.', null, null, null, 'on'],
  ['escape_string_warning', 'bool', 'user', null, 'Version and Platform Compatibility / Previous PostgreSQL Versions', 'Warn about backslash escapes in ordinary string literals.', null, null, null, 'on'],
  ['extra_float_digits', 'int', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the number of digits displayed for floating-point values.', -15, 3, null, '1'],
  ['hnsw.ef_search', 'int', 'user', null, 'Customized Options', 'Sets the size of the dynamic candidate list for search', 1, 1000, null, '40'],
  ['hnsw.iterative_scan', 'enum', 'user', null, 'Customized Options', 'Sets the mode for iterative scans', null, null, ['off', 'relaxed_order', 'strict_order'], 'off'],
  ['hnsw.max_scan_tuples', 'int', 'user', null, 'Customized Options', 'Sets the max number of tuples to visit for iterative scans', 1, 2147483647, null, '20000'],
  ['hnsw.scan_mem_multiplier', 'real', 'user', null, 'Customized Options', 'Sets the multiple of work_mem to use for iterative scans', 1, 1000, null, '1'],
  ['idle_in_transaction_session_timeout', 'int', 'user', 'ms', 'Client Connection Defaults / Statement Behavior', 'Sets the maximum allowed idle time between queries, when in a transaction.', 0, 2147483647, null, '0'],
  ['idle_session_timeout', 'int', 'user', 'ms', 'Client Connection Defaults / Statement Behavior', 'Sets the maximum allowed idle time between queries, when not in a transaction.', 0, 2147483647, null, '0'],
  ['in_hot_standby', 'bool', 'internal', null, 'Preset Options', 'Shows whether hot standby is currently active.', null, null, null, 'off'],
  ['integer_datetimes', 'bool', 'internal', null, 'Preset Options', 'Shows whether datetimes are integer based.', null, null, null, 'on'],
  ['IntervalStyle', 'enum', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the display format for interval values.', null, null, ['postgres', 'postgres_verbose', 'sql_standard', 'iso_8601'], 'postgres'],
  ['ivfflat.iterative_scan', 'enum', 'user', null, 'Customized Options', 'Sets the mode for iterative scans', null, null, ['off', 'relaxed_order'], 'off'],
  ['ivfflat.max_probes', 'int', 'user', null, 'Customized Options', 'Sets the max number of probes for iterative scans', 1, 32768, null, '32768'],
  ['ivfflat.probes', 'int', 'user', null, 'Customized Options', 'Sets the number of probes', 1, 32768, null, '1'],
  ['jit', 'bool', 'user', null, 'Query Tuning / Other Planner Options', 'Allow JIT compilation.', null, null, null, 'off'],
  ['lc_collate', 'string', 'internal', null, 'Preset Options', 'Shows the collation order locale.', null, null, null, 'C'],
  ['lc_ctype', 'string', 'internal', null, 'Preset Options', 'Shows the character classification and case conversion locale.', null, null, null, 'C'],
  ['lc_messages', 'string', 'superuser', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the language in which messages are displayed.', null, null, null, 'C'],
  ['lc_monetary', 'string', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the locale for formatting monetary amounts.', null, null, null, 'C'],
  ['lc_numeric', 'string', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the locale for formatting numbers.', null, null, null, 'C'],
  ['lc_time', 'string', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the locale for formatting date and time values.', null, null, null, 'C'],
  ['listen_addresses', 'string', 'postmaster', null, 'Connections and Authentication / Connection Settings', 'Sets the host name or IP address(es) to listen to.', null, null, null, '127.0.0.1'],
  ['lock_timeout', 'int', 'user', 'ms', 'Client Connection Defaults / Statement Behavior', 'Sets the maximum allowed duration of any wait for a lock.', 0, 2147483647, null, '0'],
  ['log_min_duration_statement', 'int', 'superuser', 'ms', 'Reporting and Logging / When to Log', 'Sets the minimum execution time above which all statements will be logged.', -1, 2147483647, null, '-1'],
  ['maintenance_work_mem', 'int', 'user', 'kB', 'Resource Usage / Memory', 'Sets the maximum memory to be used for maintenance operations.', 1024, 2147483647, null, '65536'],
  ['max_connections', 'int', 'postmaster', null, 'Connections and Authentication / Connection Settings', 'Sets the maximum number of concurrent connections.', 1, 262143, null, '100'],
  ['max_function_args', 'int', 'internal', null, 'Preset Options', 'Shows the maximum number of function arguments.', 100, 100, null, '100'],
  ['max_identifier_length', 'int', 'internal', null, 'Preset Options', 'Shows the maximum identifier length.', 63, 63, null, '63'],
  ['max_index_keys', 'int', 'internal', null, 'Preset Options', 'Shows the maximum number of index keys.', 32, 32, null, '32'],
  ['password_encryption', 'enum', 'user', null, 'Connections and Authentication / Authentication', 'Chooses the algorithm for encrypting passwords.', null, null, ['md5', 'scram-sha-256'], 'scram-sha-256'],
  ['port', 'int', 'postmaster', null, 'Connections and Authentication / Connection Settings', 'Sets the TCP port the server listens on.', 1, 65535, null, '5432'],
  ['row_security', 'bool', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Enable row security.', null, null, null, 'on'],
  ['search_path', 'string', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Sets the schema search order for names that are not schema-qualified.', null, null, null, '"$user", public'],
  ['server_encoding', 'string', 'internal', null, 'Preset Options', 'Shows the server (database) character set encoding.', null, null, null, 'UTF8'],
  ['server_version', 'string', 'internal', null, 'Preset Options', 'Shows the server version.', null, null, null, SERVER_VERSION],
  ['server_version_num', 'int', 'internal', null, 'Preset Options', 'Shows the server version as an integer.', Number(SERVER_VERSION_NUM), Number(SERVER_VERSION_NUM), null, SERVER_VERSION_NUM],
  ['ssl', 'bool', 'sighup', null, 'Connections and Authentication / SSL', 'Enables SSL connections.', null, null, null, 'off'],
  ['standard_conforming_strings', 'bool', 'user', null, 'Version and Platform Compatibility / Previous PostgreSQL Versions', 'Causes \'...\' strings to treat backslashes literally.', null, null, null, 'on'],
  ['statement_timeout', 'int', 'user', 'ms', 'Client Connection Defaults / Statement Behavior', 'Sets the maximum allowed duration of any statement.', 0, 2147483647, null, '0'],
  ['synchronous_commit', 'enum', 'user', null, 'Write-Ahead Log / Settings', 'Sets the current transaction\'s synchronization level.', null, null, ['local', 'remote_write', 'remote_apply', 'on', 'off'], 'on'],
  ['TimeZone', 'string', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Sets the time zone for displaying and interpreting time stamps.', null, null, null, 'UTC'],
  ['timezone_abbreviations', 'string', 'user', null, 'Client Connection Defaults / Locale and Formatting', 'Selects a file of time zone abbreviations.', null, null, null, 'Default'],
  ['transaction_isolation', 'enum', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Sets the current transaction\'s isolation level.', null, null, ['serializable', 'repeatable read', 'read committed', 'read uncommitted'], 'read committed'],
  ['transaction_read_only', 'bool', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Sets the current transaction\'s read-only status.', null, null, null, 'off'],
  ['work_mem', 'int', 'user', 'kB', 'Resource Usage / Memory', 'Sets the maximum memory to be used for query workspaces.', 64, 2147483647, null, '4096'],
  ['xmloption', 'enum', 'user', null, 'Client Connection Defaults / Statement Behavior', 'Sets whether XML data in implicit parsing and serialization operations is to be considered as documents or content fragments.', null, null, ['content', 'document'], 'content'],
];

const VARTYPE: Record<Kind, string> = { bool: 'bool', int: 'integer', real: 'real', string: 'string', enum: 'enum' };

/** Multipliers to each base unit, for values SHOW prints with a unit (4MB → 4096 kB). */
const MEMORY_UNITS: Record<string, number> = { B: 1 / 1024, kB: 1, MB: 1024, GB: 1024 ** 2, TB: 1024 ** 3 };
const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const BASE_UNITS: Record<string, { table: Record<string, number>; scale: number }> = {
  kB: { table: MEMORY_UNITS, scale: 1 },
  '8kB': { table: MEMORY_UNITS, scale: 8 },
  MB: { table: MEMORY_UNITS, scale: 1024 },
  ms: { table: TIME_UNITS, scale: 1 },
  s: { table: TIME_UNITS, scale: 1000 },
  min: { table: TIME_UNITS, scale: 60_000 },
};

/** pg_settings.setting is in the setting's base unit, where SHOW picks a readable one. */
export function settingInBaseUnit(shown: string, unit: string | null): string {
  const base = unit ? BASE_UNITS[unit] : undefined;
  const m = /^(-?\d+(?:\.\d+)?)\s*([a-zA-Z]+)$/.exec(shown.trim());
  if (!base || !m) return shown;
  const factor = base.table[m[2]!];
  return factor === undefined ? shown : String(Math.round((Number(m[1]) * factor) / base.scale));
}

function byName(a: SettingInfo, b: SettingInfo): number {
  const x = a[0].toLowerCase();
  const y = b[0].toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

defineSystemRelation({
  name: 'pg_settings',
  oid: 12104,
  columns: cols({
    name: Oid.text,
    setting: Oid.text,
    unit: Oid.text,
    category: Oid.text,
    short_desc: Oid.text,
    extra_desc: Oid.text,
    context: Oid.text,
    vartype: Oid.text,
    source: Oid.text,
    min_val: Oid.text,
    max_val: Oid.text,
    enumvals: Oid._text,
    boot_val: Oid.text,
    reset_val: Oid.text,
    sourcefile: Oid.text,
    sourceline: Oid.int4,
    pending_restart: Oid.bool,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const [name, kind, context, unit, category, desc, min, max, values, boot] of [...SETTINGS].sort(byName)) {
      const shown = ctx.setting(name);
      if (shown === null) continue;
      const setting = settingInBaseUnit(shown, unit);
      rows.push([
        name, setting, unit, category, desc, null, context, VARTYPE[kind], setting === boot ? 'default' : 'session',
        min === null ? null : String(min), max === null ? null : String(max), values ? makeArray(Oid.text, values) : null,
        boot, setting, null, null, false,
      ]);
    }
    return rows;
  },
});
