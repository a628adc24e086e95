/**
 * Run-time settings (PostgreSQL's GUC variables): definitions, validation,
 * SHOW formatting, and per-session values with transactional SET semantics.
 * https://www.postgresql.org/docs/15/config-setting.html
 */
import { PgError, SqlState } from '../types/errors.js';
import { SERVER_VERSION, SERVER_VERSION_NUM } from '../types/functions/system.js';
import { isValidTimeZone, normalizeTimeZone } from './timezone.js';

type Context = 'internal' | 'postmaster' | 'superuser' | 'user';
type Kind = 'bool' | 'int' | 'real' | 'string' | 'enum';

export interface SettingDef {
  readonly name: string;
  readonly kind: Kind;
  readonly context: Context;
  readonly defaultValue: string;
  readonly category: string;
  readonly description: string;
  /** Sent to the client in ParameterStatus when it changes. */
  readonly report?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  /** Base unit of an int setting: 'ms', 's', 'min', 'kB', '8kB', 'MB'. */
  readonly unit?: string;
  /** Normalizes or rejects a new value (already validated by kind); `current` is the value being replaced. */
  readonly check?: (v: string, current: string) => string;
}

const defs = new Map<string, SettingDef>();

function def(d: SettingDef): void {
  defs.set(d.name.toLowerCase(), d);
}

export function settingDef(name: string): SettingDef | undefined {
  return defs.get(name.toLowerCase());
}

/**
 * Custom settings ("prefix.name", as extensions and applications use) are
 * created by the first SET, like PostgreSQL's placeholder variables.
 */
export function isCustomSettingName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)+$/.test(name);
}

function customDef(name: string): SettingDef {
  return { name: name.toLowerCase(), kind: 'string', context: 'user', defaultValue: '', category: 'Customized Options', description: '' };
}

export function allSettingDefs(): SettingDef[] {
  return [...defs.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function invalidValue(name: string, value: string, hint?: string): PgError {
  return new PgError(SqlState.InvalidParameterValue, `invalid value for parameter "${name}": "${value}"`, hint ? { hint } : {});
}

// ---- Definitions ----

def({ name: 'application_name', kind: 'string', context: 'user', defaultValue: '', category: 'Reporting and Logging / What to Log', description: 'Sets the application name to be reported in statistics and logs.', report: true,
  // PostgreSQL replaces non-printable ASCII with '?' and truncates to NAMEDATALEN-1.
  check: (v) => v.replace(/[^\x20-\x7e]/g, '?').slice(0, 63) });
def({ name: 'client_encoding', kind: 'string', context: 'user', defaultValue: 'UTF8', category: 'Client Connection Defaults / Locale and Formatting', description: "Sets the client's character set encoding.", report: true,
  check: (v) => {
    const n = v.toUpperCase().replace(/[-_]/g, '');
    if (n === 'UTF8' || n === 'UNICODE') return 'UTF8';
    if (/^(SQLASCII|LATIN\d|WIN\d+|EUC\w+|ISO\d+|KOI8\w|SJIS|BIG5|GBK|UHC|GB18030|JOHAB|MULEINTERNAL)$/.test(n)) {
      throw new PgError(SqlState.FeatureNotSupported, `conversion between ${v} and UTF8 is not supported`);
    }
    throw invalidValue('client_encoding', v);
  } });
def({ name: 'DateStyle', kind: 'string', context: 'user', defaultValue: 'ISO, MDY', category: 'Client Connection Defaults / Locale and Formatting', description: 'Sets the display format for date and time values.', report: true, check: normalizeDateStyle });
def({ name: 'IntervalStyle', kind: 'enum', context: 'user', defaultValue: 'postgres', values: ['postgres', 'postgres_verbose', 'sql_standard', 'iso_8601'], category: 'Client Connection Defaults / Locale and Formatting', description: 'Sets the display format for interval values.', report: true });
def({ name: 'TimeZone', kind: 'string', context: 'user', defaultValue: 'UTC', category: 'Client Connection Defaults / Locale and Formatting', description: 'Sets the time zone for displaying and interpreting time stamps.', report: true,
  check: (v) => {
    if (!isValidTimeZone(v)) throw invalidValue('TimeZone', v);
    return normalizeTimeZone(v);
  } });
def({ name: 'extra_float_digits', kind: 'int', context: 'user', defaultValue: '1', min: -15, max: 3, category: 'Client Connection Defaults / Locale and Formatting', description: 'Sets the number of digits displayed for floating-point values.' });
def({ name: 'bytea_output', kind: 'enum', context: 'user', defaultValue: 'hex', values: ['escape', 'hex'], category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the output format for bytea.' });
def({ name: 'search_path', kind: 'string', context: 'user', defaultValue: '"$user", public', category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the schema search order for names that are not schema-qualified.', check: normalizeSearchPath });
def({ name: 'client_min_messages', kind: 'enum', context: 'user', defaultValue: 'notice', values: ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'log', 'notice', 'warning', 'error'], category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the message levels that are sent to the client.' });
def({ name: 'statement_timeout', kind: 'int', context: 'user', defaultValue: '0', min: 0, max: 2147483647, unit: 'ms', category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the maximum allowed duration of any statement.' });
def({ name: 'lock_timeout', kind: 'int', context: 'user', defaultValue: '0', min: 0, max: 2147483647, unit: 'ms', category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the maximum allowed duration of any wait for a lock.' });
def({ name: 'idle_in_transaction_session_timeout', kind: 'int', context: 'user', defaultValue: '0', min: 0, max: 2147483647, unit: 'ms', category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the maximum allowed idle time between queries, when in a transaction.' });
def({ name: 'idle_session_timeout', kind: 'int', context: 'user', defaultValue: '0', min: 0, max: 2147483647, unit: 'ms', category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the maximum allowed idle time between queries, when not in a transaction.' });
def({ name: 'default_transaction_isolation', kind: 'enum', context: 'user', defaultValue: 'read committed', values: ['serializable', 'repeatable read', 'read committed', 'read uncommitted'], category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the transaction isolation level of each new transaction.' });
def({ name: 'transaction_isolation', kind: 'enum', context: 'user', defaultValue: 'read committed', values: ['serializable', 'repeatable read', 'read committed', 'read uncommitted'], category: 'Client Connection Defaults / Statement Behavior', description: "Sets the current transaction's isolation level." });
def({ name: 'default_transaction_read_only', kind: 'bool', context: 'user', defaultValue: 'off', category: 'Client Connection Defaults / Statement Behavior', description: 'Sets the default read-only status of new transactions.', report: true });
def({ name: 'transaction_read_only', kind: 'bool', context: 'user', defaultValue: 'off', category: 'Client Connection Defaults / Statement Behavior', description: "Sets the current transaction's read-only status." });
def({ name: 'standard_conforming_strings', kind: 'bool', context: 'user', defaultValue: 'on', category: 'Version and Platform Compatibility', description: "Causes '...' strings to treat backslashes literally.", report: true,
  check: (v) => {
    if (v !== 'on') throw new PgError(SqlState.FeatureNotSupported, 'standard_conforming_strings cannot be turned off in vecsql');
    return v;
  } });
def({ name: 'escape_string_warning', kind: 'bool', context: 'user', defaultValue: 'on', category: 'Version and Platform Compatibility', description: 'Warn about backslash escapes in ordinary string literals.' });
def({ name: 'timezone_abbreviations', kind: 'string', context: 'user', defaultValue: 'Default', category: 'Client Connection Defaults / Locale and Formatting', description: 'Selects a file of time zone abbreviations.' });
def({ name: 'lc_messages', kind: 'string', context: 'superuser', defaultValue: 'C', category: 'Client Connection Defaults / Locale and Formatting', description: 'Sets the language in which messages are displayed.' });
def({ name: 'lc_monetary', kind: 'string', context: 'user', defaultValue: 'C', category: 'Client Connection Defaults / Locale and Formatting', description: 'Sets the locale for formatting monetary amounts.' });
def({ name: 'lc_numeric', kind: 'string', context: 'user', defaultValue: 'C', category: 'Client Connection Defaults / Locale and Formatting', description: 'Sets the locale for formatting numbers.' });
def({ name: 'lc_time', kind: 'string', context: 'user', defaultValue: 'C', category: 'Client Connection Defaults / Locale and Formatting', description: 'Sets the locale for formatting date and time values.' });
def({ name: 'lc_collate', kind: 'string', context: 'internal', defaultValue: 'C', category: 'Preset Options', description: 'Shows the collation order locale.' });
def({ name: 'lc_ctype', kind: 'string', context: 'internal', defaultValue: 'C', category: 'Preset Options', description: 'Shows the character classification and case conversion locale.' });
def({ name: 'work_mem', kind: 'int', context: 'user', defaultValue: '4096', min: 64, max: 2147483647, unit: 'kB', category: 'Resource Usage / Memory', description: 'Sets the maximum memory to be used for query workspaces.' });
def({ name: 'maintenance_work_mem', kind: 'int', context: 'user', defaultValue: '65536', min: 1024, max: 2147483647, unit: 'kB', category: 'Resource Usage / Memory', description: 'Sets the maximum memory to be used for maintenance operations.' });
def({ name: 'synchronous_commit', kind: 'enum', context: 'user', defaultValue: 'on', values: ['local', 'remote_write', 'remote_apply', 'on', 'off'], category: 'Write-Ahead Log / Settings', description: 'Sets the current transaction\'s synchronization level.' });
def({ name: 'jit', kind: 'bool', context: 'user', defaultValue: 'off', category: 'Query Tuning / Other Planner Options', description: 'Allow JIT compilation.' });
def({ name: 'row_security', kind: 'bool', context: 'user', defaultValue: 'on', category: 'Client Connection Defaults / Statement Behavior', description: 'Enable row security.' });
def({ name: 'check_function_bodies', kind: 'bool', context: 'user', defaultValue: 'on', category: 'Client Connection Defaults / Statement Behavior', description: 'Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE.' });
def({ name: 'xmloption', kind: 'enum', context: 'user', defaultValue: 'content', values: ['content', 'document'], category: 'Client Connection Defaults / Statement Behavior', description: 'Sets whether XML data in implicit parsing and serialization operations is to be considered as documents or content fragments.' });
def({ name: 'log_min_duration_statement', kind: 'int', context: 'superuser', defaultValue: '-1', min: -1, max: 2147483647, unit: 'ms', category: 'Reporting and Logging / When to Log', description: 'Sets the minimum execution time above which all statements will be logged.' });
for (const name of ['enable_seqscan', 'enable_indexscan', 'enable_bitmapscan', 'enable_hashjoin', 'enable_mergejoin', 'enable_nestloop', 'enable_sort', 'enable_hashagg', 'enable_material', 'enable_indexonlyscan']) {
  def({ name, kind: 'bool', context: 'user', defaultValue: 'on', category: 'Query Tuning / Planner Method Configuration', description: `Enables the planner's use of ${name.slice(7).replace(/_/g, ' ')} plans.` });
}
// pgvector's settings, with its defaults and ranges (https://github.com/pgvector/pgvector#query-options).
def({ name: 'hnsw.ef_search', kind: 'int', context: 'user', defaultValue: '40', min: 1, max: 1000, category: 'Customized Options', description: 'Sets the size of the dynamic candidate list for search' });
def({ name: 'hnsw.iterative_scan', kind: 'enum', context: 'user', defaultValue: 'off', values: ['off', 'relaxed_order', 'strict_order'], category: 'Customized Options', description: 'Sets the mode for iterative scans' });
def({ name: 'hnsw.max_scan_tuples', kind: 'int', context: 'user', defaultValue: '20000', min: 1, max: 2147483647, category: 'Customized Options', description: 'Sets the max number of tuples to visit for iterative scans' });
def({ name: 'hnsw.scan_mem_multiplier', kind: 'real', context: 'user', defaultValue: '1', min: 1, max: 1000, category: 'Customized Options', description: 'Sets the multiple of work_mem to use for iterative scans' });
def({ name: 'ivfflat.probes', kind: 'int', context: 'user', defaultValue: '1', min: 1, max: 32768, category: 'Customized Options', description: 'Sets the number of probes' });
def({ name: 'ivfflat.iterative_scan', kind: 'enum', context: 'user', defaultValue: 'off', values: ['off', 'relaxed_order'], category: 'Customized Options', description: 'Sets the mode for iterative scans' });
def({ name: 'ivfflat.max_probes', kind: 'int', context: 'user', defaultValue: '32768', min: 1, max: 32768, category: 'Customized Options', description: 'Sets the max number of probes for iterative scans' });

// Preset, read-only values describing the server.
def({ name: 'server_version', kind: 'string', context: 'internal', defaultValue: SERVER_VERSION, category: 'Preset Options', description: 'Shows the server version.', report: true });
def({ name: 'server_version_num', kind: 'int', context: 'internal', defaultValue: SERVER_VERSION_NUM, min: 100000, max: 999999, category: 'Preset Options', description: 'Shows the server version as an integer.' });
def({ name: 'server_encoding', kind: 'string', context: 'internal', defaultValue: 'UTF8', category: 'Preset Options', description: 'Shows the server (database) character set encoding.', report: true });
def({ name: 'integer_datetimes', kind: 'bool', context: 'internal', defaultValue: 'on', category: 'Preset Options', description: 'Shows whether datetimes are integer based.', report: true });
def({ name: 'in_hot_standby', kind: 'bool', context: 'internal', defaultValue: 'off', category: 'Preset Options', description: 'Shows whether hot standby is currently active.', report: true });
def({ name: 'is_superuser', kind: 'bool', context: 'internal', defaultValue: 'off', category: 'Preset Options', description: 'Shows whether the current user is a superuser.', report: true });
def({ name: 'session_authorization', kind: 'string', context: 'internal', defaultValue: '', category: 'Preset Options', description: 'Sets the session user name.', report: true });
def({ name: 'max_identifier_length', kind: 'int', context: 'internal', defaultValue: '63', min: 63, max: 63, category: 'Preset Options', description: 'Shows the maximum identifier length.' });
def({ name: 'max_index_keys', kind: 'int', context: 'internal', defaultValue: '32', min: 32, max: 32, category: 'Preset Options', description: 'Shows the maximum number of index keys.' });
def({ name: 'max_function_args', kind: 'int', context: 'internal', defaultValue: '100', min: 100, max: 100, category: 'Preset Options', description: 'Shows the maximum number of function arguments.' });
def({ name: 'block_size', kind: 'int', context: 'internal', defaultValue: '8192', min: 8192, max: 8192, category: 'Preset Options', description: 'Shows the size of a disk block.' });
def({ name: 'max_connections', kind: 'int', context: 'postmaster', defaultValue: '100', min: 1, max: 262143, category: 'Connections and Authentication / Connection Settings', description: 'Sets the maximum number of concurrent connections.' });
def({ name: 'port', kind: 'int', context: 'postmaster', defaultValue: '5432', min: 1, max: 65535, category: 'Connections and Authentication / Connection Settings', description: 'Sets the TCP port the server listens on.' });
def({ name: 'listen_addresses', kind: 'string', context: 'postmaster', defaultValue: '127.0.0.1', category: 'Connections and Authentication / Connection Settings', description: 'Sets the host name or IP address(es) to listen to.' });
def({ name: 'data_directory', kind: 'string', context: 'postmaster', defaultValue: '', category: 'File Locations', description: "Sets the server's data directory." });
def({ name: 'ssl', kind: 'bool', context: 'postmaster', defaultValue: 'off', category: 'Connections and Authentication / SSL', description: 'Enables SSL connections.' });
def({ name: 'password_encryption', kind: 'enum', context: 'user', defaultValue: 'scram-sha-256', values: ['md5', 'scram-sha-256'], category: 'Connections and Authentication / Authentication', description: 'Chooses the algorithm for encrypting passwords.' });

// ---- Values ----

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60000, h: 3600000, d: 86400000 };
const UNIT_KB: Record<string, number> = { B: 1 / 1024, kB: 1, MB: 1024, GB: 1024 * 1024, TB: 1024 * 1024 * 1024 };

/** Validates and normalizes a value for a setting (the form SHOW prints, units folded to the base unit). */
export function normalizeValue(d: SettingDef, raw: string, current: string = d.defaultValue): string {
  switch (d.kind) {
    case 'bool': {
      const s = raw.trim().toLowerCase();
      const v = ['on', 'true', 'yes', '1', 't', 'y'].includes(s) || (s.length > 1 && 'true'.startsWith(s))
        ? 'on'
        : ['off', 'false', 'no', '0', 'f', 'n', 'of'].includes(s) || (s.length > 1 && 'false'.startsWith(s))
          ? 'off'
          : null;
      if (v === null) {
        throw new PgError(SqlState.InvalidParameterValue, `parameter "${d.name}" requires a Boolean value`);
      }
      return d.check ? d.check(v, current) : v;
    }
    case 'int': {
      const n = parseIntWithUnit(d, raw);
      if (d.min !== undefined && d.max !== undefined && (n < d.min || n > d.max)) {
        throw new PgError(SqlState.InvalidParameterValue, `${n} is outside the valid range for parameter "${d.name}" (${d.min} .. ${d.max})`);
      }
      return String(n);
    }
    case 'real': {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) {
        throw new PgError(SqlState.InvalidParameterValue, `parameter "${d.name}" requires a numeric value`);
      }
      if (d.min !== undefined && d.max !== undefined && (n < d.min || n > d.max)) {
        throw new PgError(SqlState.InvalidParameterValue, `${n} is outside the valid range for parameter "${d.name}" (${d.min} .. ${d.max})`);
      }
      return String(n);
    }
    case 'enum': {
      const s = raw.trim().toLowerCase();
      const v = d.values!.find((x) => x === s);
      if (!v) {
        throw new PgError(SqlState.InvalidParameterValue, `invalid value for parameter "${d.name}": "${raw}"`, {
          hint: `Available values: ${d.values!.join(', ')}.`,
        });
      }
      return d.check ? d.check(v, current) : v;
    }
    case 'string':
      return d.check ? d.check(raw, current) : raw;
  }
}

function parseIntWithUnit(d: SettingDef, raw: string): number {
  const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(raw);
  const bad = () =>
    new PgError(SqlState.InvalidParameterValue, `invalid value for parameter "${d.name}": "${raw}"`, {
      hint: d.unit === 'ms' ? 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".' : d.unit === 'kB' ? 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".' : undefined,
    });
  if (!m) throw bad();
  const num = Number(m[1]);
  const unit = m[2]!;
  if (unit === '') {
    if (!Number.isInteger(num)) throw bad();
    return num;
  }
  if (d.unit === 'ms' && UNIT_MS[unit] !== undefined) return Math.round((num * UNIT_MS[unit]!) / UNIT_MS.ms!);
  if (d.unit === 'kB' && UNIT_KB[unit] !== undefined) return Math.round(num * UNIT_KB[unit]!);
  throw bad();
}

/** The text SHOW prints: int settings with units in the largest unit that divides them evenly. */
export function showValue(d: SettingDef, value: string): string {
  if (d.kind !== 'int' || !d.unit) return value;
  const n = Number(value);
  if (n === 0 || n === -1) return value;
  if (d.unit === 'ms') {
    for (const [u, f] of [['d', 86400000], ['h', 3600000], ['min', 60000], ['s', 1000]] as const) {
      if (n % f === 0) return `${n / f}${u}`;
    }
    return `${n}ms`;
  }
  if (d.unit === 'kB') {
    for (const [u, f] of [['TB', 1024 ** 3], ['GB', 1024 ** 2], ['MB', 1024]] as const) {
      if (n % f === 0) return `${n / f}${u}`;
    }
    return `${n}kB`;
  }
  return value;
}

function normalizeDateStyle(v: string, current: string): string {
  // Parts not named keep their current value: SET DateStyle = ISO leaves the field order alone.
  const [curStyle, curOrder] = current.split(', ');
  let style: string | null = null;
  let order: string | null = null;
  for (const part of v.split(/[\s,]+/).filter(Boolean)) {
    const p = part.toLowerCase();
    if (p === 'iso') style = 'ISO';
    else if (p === 'sql') style = 'SQL';
    else if (p === 'postgres') style = 'Postgres';
    else if (p === 'german') style = 'German';
    else if (p === 'mdy' || p === 'us' || p === 'noneuropean' || p === 'noneuro') order = 'MDY';
    else if (p === 'dmy' || p === 'euro' || p === 'european') order = 'DMY';
    else if (p === 'ymd') order = 'YMD';
    else if (p === 'default') {
      style ??= 'ISO';
      order ??= 'MDY';
    } else throw invalidValue('DateStyle', v, undefined);
  }
  if (style === 'German' && order === null) order = 'DMY';
  return `${style ?? curStyle ?? 'ISO'}, ${order ?? curOrder ?? 'MDY'}`;
}

function normalizeSearchPath(v: string): string {
  // Stored as written (PostgreSQL keeps the list text, quoting identifiers that need it).
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join(', ');
}

/**
 * One session's setting values. SET inside a transaction is undone by
 * ROLLBACK; SET LOCAL lasts until the transaction ends.
 */
export class SessionSettings {
  private values = new Map<string, string>();
  private local = new Map<string, string>();
  private saved: { values: Map<string, string>; local: Map<string, string> }[] = [];
  /** Reported settings whose value changed since the last ParameterStatus flush. */
  readonly changedReported = new Set<string>();

  constructor(private readonly serverDefaults: ReadonlyMap<string, string> = new Map()) {}

  private defaultOf(d: SettingDef): string {
    return this.serverDefaults.get(d.name.toLowerCase()) ?? d.defaultValue;
  }

  /** The definition of a setting this session knows, including custom ones it has set. */
  private lookup(name: string): SettingDef | undefined {
    const d = settingDef(name);
    if (d) return d;
    const key = name.toLowerCase();
    return this.values.has(key) || this.local.has(key) || this.customKnown.has(key) ? customDef(key) : undefined;
  }

  /** Custom settings that were SET at some point (they stay defined, as placeholders do in PostgreSQL). */
  private readonly customKnown = new Set<string>();

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  get(name: string): string {
    const d = this.lookup(name);
    if (!d) throw unknownSetting(name);
    const key = d.name.toLowerCase();
    return this.local.get(key) ?? this.values.get(key) ?? this.defaultOf(d);
  }

  /** The value SHOW and current_setting() print. */
  show(name: string): string {
    const d = this.lookup(name);
    if (!d) throw unknownSetting(name);
    return showValue(d, this.get(name));
  }

  /** Canonical name of a setting (SHOW's column name). */
  canonicalName(name: string): string {
    const d = this.lookup(name);
    if (!d) throw unknownSetting(name);
    return d.name;
  }

  /** Applies a setting at startup (startup packet options): validated, not transactional. */
  initialize(name: string, raw: string): void {
    const d = settingDef(name);
    if (!d) throw unknownSetting(name);
    this.values.set(d.name.toLowerCase(), normalizeValue(d, raw, this.get(d.name)));
  }

  /** Forces an internal value (is_superuser, session_authorization). */
  setInternal(name: string, value: string): void {
    const d = settingDef(name)!;
    this.values.set(d.name.toLowerCase(), value);
  }

  set(name: string, raw: string | null, isLocal: boolean, inTransaction: boolean): void {
    let d = this.lookup(name);
    if (!d && isCustomSettingName(name)) {
      d = customDef(name);
      this.customKnown.add(d.name);
    }
    if (!d) throw unknownSetting(name);
    if (d.context === 'internal') {
      throw new PgError(SqlState.CantChangeRuntimeParam, `parameter "${d.name}" cannot be changed`);
    }
    if (d.context === 'postmaster') {
      throw new PgError(SqlState.CantChangeRuntimeParam, `parameter "${d.name}" cannot be changed without restarting the server`);
    }
    const key = d.name.toLowerCase();
    const before = this.get(key);
    const value = raw === null ? this.defaultOf(d) : normalizeValue(d, raw, before);
    if (isLocal) {
      if (inTransaction) this.local.set(key, value);
    } else {
      this.local.delete(key);
      if (raw === null) this.values.delete(key);
      else this.values.set(key, value);
    }
    if (d.report && this.get(key) !== before) this.changedReported.add(d.name);
  }

  resetAll(): void {
    for (const key of [...this.values.keys()]) {
      const d = this.lookup(key)!;
      if (d.context === 'user' || d.context === 'superuser') this.set(key, null, false, false);
    }
  }

  // Transaction hooks.
  begin(): void {
    this.saved = [{ values: new Map(this.values), local: new Map(this.local) }];
  }

  savepoint(): void {
    this.saved.push({ values: new Map(this.values), local: new Map(this.local) });
  }

  rollbackToSavepoint(depth: number): void {
    const s = this.saved[depth];
    if (s) this.restore(s.values, s.local);
    this.saved.length = depth + 1;
  }

  releaseSavepoint(depth: number): void {
    this.saved.length = depth;
  }

  commit(): void {
    this.endTransaction(this.values);
  }

  rollback(): void {
    this.endTransaction(this.saved[0]?.values ?? this.values);
  }

  private endTransaction(keep: Map<string, string>): void {
    this.restore(keep, new Map());
    this.saved = [];
  }

  private restore(values: Map<string, string>, local: Map<string, string>): void {
    const reported = allSettingDefs().filter((d) => d.report);
    const before = reported.map((d) => this.get(d.name));
    this.values = new Map(values);
    this.local = new Map(local);
    reported.forEach((d, i) => {
      if (this.get(d.name) !== before[i]) this.changedReported.add(d.name);
    });
  }
}

export function unknownSetting(name: string): PgError {
  return new PgError(SqlState.UndefinedObject, `unrecognized configuration parameter "${name}"`);
}
