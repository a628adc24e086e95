import type { IoContext } from './type.js';
import type { PgError } from './errors.js';

/**
 * What a running function may ask of the session that runs it. Defined here,
 * implemented by the server's session, so that types/ depends on nothing.
 */
export interface EvalContext {
  readonly io: IoContext;
  /** Current value of a setting as SHOW prints it; throws 42704 for an unknown name. */
  getSetting(name: string, missingOk?: boolean): string | null;
  /** set_config(): changes a setting for the session or, with isLocal, the transaction. */
  setSetting(name: string, value: string, isLocal: boolean): string;
  readonly userName: string;
  readonly sessionUserName: string;
  readonly databaseName: string;
  readonly backendPid: number;
  /** Start of the current transaction, as µs since 2000-01-01 UTC (now()). */
  transactionTimestamp(): bigint;
  /** Start of the current statement (statement_timestamp()). */
  statementTimestamp(): bigint;
  /** Throws 57014 when the statement was cancelled or timed out. */
  checkInterrupts(): void;
  /** Sequence functions (nextval, currval, setval, lastval) of the session. */
  nextval(sequenceOid: number): bigint;
  currval(sequenceOid: number): bigint;
  setval(sequenceOid: number, value: bigint, isCalled: boolean): bigint;
  lastval(): bigint;
  /** The last value a sequence handed out in any session, or null if never (pg_sequence_last_value). */
  sequenceLastValue(sequenceOid: number): bigint | null;
  /** Inside BEGIN … COMMIT (statements that refuse to run in a transaction block check it). */
  readonly inTransactionBlock: boolean;
  /**
   * The catalog snapshot the running statement sees. Typed opaquely because
   * types/ depends on nothing; catalog-aware functions (defined under
   * catalog/system/) cast it to Catalog.
   */
  catalogSnapshot(): unknown;
  /** The session's search_path schema names, resolved ("$user" expanded, missing ones dropped). */
  searchPathSchemas(): string[];
  /** Queues a NOTICE or WARNING for the client. */
  notice(err: PgError): void;
  /** Waits ms milliseconds; rejects with 57014 if the statement is cancelled meanwhile. */
  sleep(ms: number): Promise<void>;
}
