/**
 * Server configuration from command-line flags and environment variables.
 * The `postgres` Docker image's variables (POSTGRES_USER, POSTGRES_PASSWORD,
 * POSTGRES_DB, PGDATA, POSTGRES_HOST_AUTH_METHOD) are honoured, so a compose
 * file written for postgres or pgvector works unchanged.
 */
import { parseArgs } from 'node:util';

export type AuthMethod = 'trust' | 'password' | 'md5' | 'scram-sha-256';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  logLevel: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Method for connections from loopback addresses. */
  authLocal: AuthMethod;
  /** Method for every other address; trust only if explicitly asked for. */
  authHost: AuthMethod;
  superuser: string;
  password?: string;
  database: string;
  maxConnections: number;
  /** Largest protocol message accepted, in bytes (PostgreSQL: 1 GiB). */
  maxMessageSize: number;
}

const AUTH_METHODS: readonly AuthMethod[] = ['trust', 'password', 'md5', 'scram-sha-256'];

export class ConfigError extends Error {}

function authMethod(value: string, what: string): AuthMethod {
  if (!AUTH_METHODS.includes(value as AuthMethod)) {
    throw new ConfigError(`invalid ${what} "${value}": expected one of ${AUTH_METHODS.join(', ')}`);
  }
  return value as AuthMethod;
}

function intOption(value: string, what: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`invalid ${what} "${value}": expected an integer from ${min} to ${max}`);
  return n;
}

export const USAGE = `Usage: vecsql [options]

  --host ADDR            address to listen on (env VECSQL_HOST; default 127.0.0.1)
  --port N               TCP port (env VECSQL_PORT or PGPORT; default 5432)
  --data-dir DIR         data directory (env VECSQL_DATA_DIR or PGDATA; default ./data)
  --log-level LEVEL      trace|debug|info|warn|error|fatal|silent (env VECSQL_LOG_LEVEL; default info)
  --tls-cert FILE        PEM certificate: enables TLS (env VECSQL_TLS_CERT)
  --tls-key FILE         PEM private key (env VECSQL_TLS_KEY)
  --auth-local METHOD    auth for loopback clients: trust|password|md5|scram-sha-256 (default trust)
  --auth-host METHOD     auth for other clients (env POSTGRES_HOST_AUTH_METHOD; default scram-sha-256)
  --user NAME            bootstrap superuser (env POSTGRES_USER; default postgres)
  --password PASSWORD    its password (env POSTGRES_PASSWORD)
  --database NAME        database name (env POSTGRES_DB; default the user name)
  --max-connections N    default 100
  --max-message-size N   largest protocol message in bytes (default 1073741824)
  --help                 show this text
`;

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      'data-dir': { type: 'string', short: 'D' },
      'log-level': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'auth-local': { type: 'string' },
      'auth-host': { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      database: { type: 'string' },
      'max-connections': { type: 'string' },
      'max-message-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new ConfigError(USAGE);
  const superuser = values.user ?? env.POSTGRES_USER ?? 'postgres';
  const config: ServerConfig = {
    host: values.host ?? env.VECSQL_HOST ?? '127.0.0.1',
    port: intOption(values.port ?? env.VECSQL_PORT ?? env.PGPORT ?? '5432', 'port', 0, 65535),
    dataDir: values['data-dir'] ?? env.VECSQL_DATA_DIR ?? env.PGDATA ?? './data',
    logLevel: values['log-level'] ?? env.VECSQL_LOG_LEVEL ?? 'info',
    tlsCert: values['tls-cert'] ?? env.VECSQL_TLS_CERT,
    tlsKey: values['tls-key'] ?? env.VECSQL_TLS_KEY,
    authLocal: authMethod(values['auth-local'] ?? env.VECSQL_AUTH_LOCAL ?? 'trust', 'auth method'),
    authHost: authMethod(values['auth-host'] ?? env.POSTGRES_HOST_AUTH_METHOD ?? 'scram-sha-256', 'auth method'),
    superuser,
    password: values.password ?? env.POSTGRES_PASSWORD,
    database: values.database ?? env.POSTGRES_DB ?? superuser,
    maxConnections: intOption(values['max-connections'] ?? '100', 'max-connections', 1, 100000),
    maxMessageSize: intOption(values['max-message-size'] ?? String(1024 ** 3), 'max-message-size', 1024, 1024 ** 3),
  };
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new ConfigError('--tls-cert and --tls-key must be given together');
  }
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
  if (!levels.includes(config.logLevel)) throw new ConfigError(`invalid log level "${config.logLevel}": expected one of ${levels.join(', ')}`);
  return config;
}

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...loadConfig([], {}), ...overrides };
}
