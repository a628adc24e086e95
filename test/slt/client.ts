/**
 * One connection of the runner: executes a record's SQL through `pg` in the
 * simple or the extended query protocol and reports exactly what came back
 * on the wire — text values untouched, type OIDs, the full command tag, the
 * SQLSTATE and message of an error.
 */
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import type { ClientConfig, CustomTypesConfig, QueryArrayResult } from 'pg';
import { countStatements } from './split.js';

export type Mode = 'simple' | 'extended';

export interface Column {
  name: string;
  oid: number;
}

export type Outcome =
  | {
      ok: true;
      /** The full CommandComplete text (`CREATE TABLE`, `INSERT 0 3`); null for an empty query. */
      tag: string | null;
      /** Empty when the statement sends no RowDescription. */
      columns: Column[];
      rows: (string | null)[][];
      /** Sent with the simple protocol although extended mode was asked for. */
      simpleFallback: boolean;
    }
  | { ok: false; sqlstate: string; message: string; simpleFallback: boolean };

/**
 * pg would turn int8 into strings, timestamps into Dates, arrays into JS
 * arrays...: the harness compares the server's own text, so every OID parses
 * to the raw string.
 */
const rawText = { getTypeParser: () => (value: string) => value } as unknown as CustomTypesConfig;

export class SltConnection {
  private readonly tags: string[] = [];

  private constructor(private readonly client: pg.Client) {
    // pg's Result keeps only the first word of a tag ("CREATE" for
    // "CREATE TABLE"); listen to the protocol messages for the whole text.
    const connection = (client as unknown as { connection: EventEmitter }).connection;
    connection.on('commandComplete', (msg: { text: string }) => this.tags.push(msg.text));
  }

  static async open(config: ClientConfig, queryTimeoutMs = 15_000): Promise<SltConnection> {
    const client = new pg.Client({ ...config, types: rawText, query_timeout: queryTimeoutMs });
    // An 'error' event without a listener would crash the test process when
    // the server drops the connection; the failing query reports it instead.
    client.on('error', () => {});
    await client.connect();
    return new SltConnection(client);
  }

  /**
   * Runs one SQL text. Server errors become outcomes; anything else (lost
   * connection, timeout) is thrown, because the session state is unknown.
   */
  async exec(sql: string, mode: Mode): Promise<Outcome> {
    // Extended mode cannot carry several statements in one Parse: those go
    // through the simple protocol, and the runner reports that it happened.
    const simpleFallback = mode === 'extended' && countStatements(sql) > 1;
    const extended = mode === 'extended' && !simpleFallback;
    this.tags.length = 0;
    try {
      const res: QueryArrayResult | QueryArrayResult[] = extended
        ? await this.client.query({ text: sql, values: [], rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig)
        : await this.client.query({ text: sql, rowMode: 'array' });
      // A simple query with several statements yields one result per statement;
      // the record is judged by the last one, as psql would show it.
      const last: QueryArrayResult = Array.isArray(res) ? res[res.length - 1]! : res;
      const columns = last.fields.map((f) => ({ name: f.name, oid: f.dataTypeID }));
      return { ok: true, tag: this.tags.at(-1) ?? null, columns, rows: last.rows as (string | null)[][], simpleFallback };
    } catch (err) {
      if (err instanceof pg.DatabaseError && err.code) {
        return { ok: false, sqlstate: err.code, message: err.message, simpleFallback };
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}
