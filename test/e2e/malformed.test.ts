/**
 * Robustness of the wire protocol end to end: raw sockets send what no
 * well-behaved client would, and each case checks that the server answers the
 * way PostgreSQL 15 does (an ErrorResponse and/or closing that one
 * connection), never hangs, and that afterwards a normal `pg` client can
 * still connect and run SELECT 1.
 *
 * The cases run against vecsql and, when installed, against a real
 * PostgreSQL 15 — the reference for what the right answer is.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { isPostgres15Available, startPostgres15, type Postgres15 } from '../support/postgres15.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** How long any single step may take before the test counts it as a hang. */
const STEP_MS = 2_000;

// ---- Frontend frames ----

function i16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}

function i32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function cstr(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

function frame(code: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(code, 'latin1'), i32(body.length + 4), body]);
}

function packet(...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([i32(body.length + 4), body]);
}

const PROTOCOL_3_0 = 196608;

const fe = {
  startup: (params: Record<string, string>, protocol = PROTOCOL_3_0) =>
    packet(i32(protocol), ...Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]), Buffer.from([0])),
  ssl: () => packet(i32(80877103)),
  gssenc: () => packet(i32(80877104)),
  cancel: (pid: number, secret: number) => packet(i32(80877102), i32(pid), i32(secret)),
  query: (sql: string) => frame('Q', cstr(sql)),
  parse: (name: string, sql: string) => frame('P', cstr(name), cstr(sql), i16(0)),
  execute: () => frame('E', cstr(''), i32(0)),
  sync: () => frame('S'),
  terminate: () => frame('X'),
};

// ---- Backend messages ----

interface BackendMsg {
  type: string;
  body: Buffer;
}

/** ErrorResponse / NoticeResponse fields by their one-letter codes. */
function errorFields(m: BackendMsg): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < m.body.length && m.body[pos] !== 0) {
    const code = String.fromCharCode(m.body[pos]!);
    const end = m.body.indexOf(0, pos + 1);
    out[code] = m.body.toString('utf8', pos + 1, end);
    pos = end + 1;
  }
  return out;
}

function summary(m: BackendMsg): string {
  if (m.type === 'E' || m.type === 'N') {
    const f = errorFields(m);
    return `${m.type}(${f.S} ${f.C} ${f.M})`;
  }
  if (m.type === 'Z' || m.type === 'C') return `${m.type}(${m.body.toString('utf8').replace(/\0$/, '')})`;
  return m.type;
}

/**
 * A client speaking raw bytes. Every wait has a deadline, so a server that
 * hangs fails the test quickly. A server closing the connection (FIN or
 * RST) counts as closed; writes after that are dropped, not thrown.
 */
class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.notify();
    });
    const onClosed = (): void => {
      this.closed = true;
      this.notify();
    };
    socket.on('end', onClosed);
    socket.on('close', onClosed);
    socket.on('error', onClosed); // ECONNRESET / EPIPE: the server dropped us
  }

  static open(t: Target): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(t.port, t.host);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`${t.name}: connect timed out`));
      }, STEP_MS);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RawClient(socket));
      });
    });
  }

  private notify(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  /** Waits until pred holds or the connection closes; throws after ms. */
  private async until(pred: () => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred() && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}; received so far: ${this.pending()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private pending(): string {
    return this.buf.length === 0 ? '(nothing)' : this.buf.subarray(0, 200).toString('latin1');
  }

  write(b: Buffer): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(b, () => undefined);
  }

  private whole(): boolean {
    return this.buf.length >= 5 && this.buf.length >= 1 + this.buf.readInt32BE(1);
  }

  /** One byte of a startup-phase answer ('S', 'N', 'G'). */
  async readByte(ms = STEP_MS): Promise<string | null> {
    await this.until(() => this.buf.length >= 1, ms, 'a one-byte answer');
    if (this.buf.length === 0) return null;
    const c = String.fromCharCode(this.buf[0]!);
    this.buf = this.buf.subarray(1);
    return c;
  }

  /** The next whole message, or null if the connection closed first. */
  async readMessage(ms = STEP_MS): Promise<BackendMsg | null> {
    await this.until(() => this.whole(), ms, 'a message');
    if (!this.whole()) return null;
    const len = this.buf.readInt32BE(1);
    const m = { type: String.fromCharCode(this.buf[0]!), body: this.buf.subarray(5, 1 + len) };
    this.buf = this.buf.subarray(1 + len);
    return m;
  }

  /** Messages up to and including the first of type `type`; throws if the connection closes first. */
  async readUntil(type: string, ms = STEP_MS): Promise<BackendMsg[]> {
    const out: BackendMsg[] = [];
    const deadline = Date.now() + ms;
    for (;;) {
      const m = await this.readMessage(Math.max(1, deadline - Date.now()));
      if (m === null) throw new Error(`connection closed before '${type}'; got ${out.map(summary).join(' ')}`);
      out.push(m);
      if (m.type === type) return out;
    }
  }

  /** Waits for the server to close the connection and returns every whole message it sent before. */
  async closedAfter(ms = STEP_MS): Promise<BackendMsg[]> {
    await this.until(() => false, ms, 'the server to close the connection');
    const out: BackendMsg[] = [];
    while (this.whole()) out.push((await this.readMessage())!);
    expect(this.buf.length, `stray bytes before close: ${this.pending()}`).toBe(0);
    return out;
  }

  /** Waits for the server to close the connection and returns every byte it sent before. */
  async closedRaw(ms = STEP_MS): Promise<Buffer> {
    await this.until(() => false, ms, 'the server to close the connection');
    const out = this.buf;
    this.buf = Buffer.alloc(0);
    return out;
  }

  /** Completes the startup handshake (trust auth); returns the BackendKeyData. */
  async login(t: Target, startup = fe.startup({ user: t.user, database: t.database })): Promise<{ pid: number; secret: number }> {
    this.write(startup);
    const msgs = await this.readUntil('Z');
    const errors = msgs.filter((m) => m.type === 'E').map(summary);
    expect(errors).toEqual([]);
    expect(msgs[0]?.type).toBe('R');
    const key = msgs.find((m) => m.type === 'K');
    expect(key).toBeDefined();
    return { pid: key!.body.readInt32BE(0), secret: key!.body.readInt32BE(4) };
  }

  /** Runs a simple query and returns the types/summaries of its answer through ReadyForQuery. */
  async simpleQuery(sql: string): Promise<string[]> {
    this.write(fe.query(sql));
    return (await this.readUntil('Z')).map(summary);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

// ---- Targets ----

interface Target {
  name: string;
  host: string;
  port: number;
  user: string;
  database: string;
}

function pgClient(t: Target): pg.Client {
  return new pg.Client({
    host: t.host,
    port: t.port,
    user: t.user,
    database: t.database,
    connectionTimeoutMillis: STEP_MS,
    query_timeout: STEP_MS,
  });
}

/** A normal client still gets in and gets an answer. */
async function expectHealthy(t: Target): Promise<void> {
  const c = pgClient(t);
  await c.connect();
  try {
    const r = await c.query('SELECT 1 AS one');
    expect(r.rows).toEqual([{ one: 1 }]);
  } finally {
    await c.end();
  }
}

/** The server hung up on this connection; anything it said first is a FATAL ErrorResponse with that SQLSTATE. */
function expectFatalOrSilent(msgs: BackendMsg[], code = '08P01'): void {
  for (const m of msgs) {
    expect(m.type, summary(m)).toBe('E');
    expect(errorFields(m)).toMatchObject({ S: 'FATAL', V: 'FATAL', C: code });
  }
}

function expectOneFatal(msgs: BackendMsg[], code: string): Record<string, string> {
  expect(msgs.map(summary)).toHaveLength(1);
  expect(msgs[0]!.type).toBe('E');
  const f = errorFields(msgs[0]!);
  expect(f).toMatchObject({ S: 'FATAL', V: 'FATAL', C: code });
  return f;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- Cases run against both servers ----

interface ServerUnderTest {
  name: string;
  start(): Promise<{ target: Target; stop(): Promise<void> }>;
  skip: boolean;
  /** PostgreSQL 15 from Debian is built with GSSAPI and accepts GSS encryption ('G'); vecsql has none ('N'). */
  gssAnswer: string;
}

const servers: ServerUnderTest[] = [
  {
    name: 'vecsql',
    skip: false,
    gssAnswer: 'N',
    async start() {
      const s: TestServer = await startTestServer();
      return { target: { name: 'vecsql', host: s.host, port: s.port, user: s.user, database: s.database }, stop: () => s.stop() };
    },
  },
  {
    name: 'postgres15',
    skip: !isPostgres15Available(),
    gssAnswer: 'G',
    async start() {
      const p: Postgres15 = await startPostgres15();
      return { target: { name: 'postgres15', host: p.host, port: p.port, user: p.user, database: 'postgres' }, stop: () => p.stop() };
    },
  },
];

for (const sut of servers) {
  describe.skipIf(sut.skip).concurrent(`malformed input: ${sut.name}`, () => {
    let t: Target;
    let stop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const started = await sut.start();
      t = started.target;
      stop = started.stop;
    });
    afterAll(async () => {
      await stop?.();
    });

    // -- Before the session starts --

    it('closes the connection on garbage bytes before startup (an HTTP request)', async () => {
      const c = await RawClient.open(t);
      c.write(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl\r\n\r\n'));
      // PostgreSQL logs "invalid length of startup packet" and hangs up without a word.
      expectFatalOrSilent(await c.closedAfter());
      await expectHealthy(t);
    });

    it.each([0, 7, 10005, 0x7fffffff, -1])('closes the connection on a startup packet of length %i without waiting for its body', async (len) => {
      const c = await RawClient.open(t);
      c.write(Buffer.concat([i32(len), i32(PROTOCOL_3_0)]));
      expectFatalOrSilent(await c.closedAfter());
      await expectHealthy(t);
    });

    it('rejects protocol version 4.0 with FATAL 0A000', async () => {
      const c = await RawClient.open(t);
      c.write(fe.startup({ user: t.user, database: t.database }, 4 << 16));
      const f = expectOneFatal(await c.closedAfter(), '0A000');
      expect(f.M).toBe('unsupported frontend protocol 4.0: server supports 3.0 to 3.0');
      await expectHealthy(t);
    });

    it('rejects protocol version 2.0 with an error and closes', async () => {
      const c = await RawClient.open(t);
      c.write(fe.startup({ user: t.user, database: t.database }, 2 << 16));
      // PostgreSQL answers a 2.0 client in the 2.0 error format ('E', then one string); either format will do.
      const raw = await c.closedRaw();
      expect(raw.subarray(0, 1).toString()).toBe('E');
      expect(raw.toString('utf8')).toContain('unsupported frontend protocol 2.0: server supports 3.0 to 3.0');
      await expectHealthy(t);
    });

    it('answers a 3.1 startup with NegotiateProtocolVersion (3.0) and then proceeds', async () => {
      const c = await RawClient.open(t);
      c.write(fe.startup({ user: t.user, database: t.database, '_pq_.unknown_option': 'x' }, PROTOCOL_3_0 + 1));
      const msgs = await c.readUntil('Z');
      const v = msgs[0]!;
      expect(msgs.map((m) => m.type)[0], msgs.map(summary).join(' ')).toBe('v');
      // NegotiateProtocolVersion: newest minor version supported, then the unrecognized _pq_ options.
      expect(v.body.readInt32BE(0)).toBe(PROTOCOL_3_0);
      expect(v.body.readInt32BE(4)).toBe(1);
      expect(v.body.toString('utf8', 8)).toBe('_pq_.unknown_option\0');
      expect(await c.simpleQuery('SELECT 1')).toEqual(['T', 'D', 'C(SELECT 1)', 'Z(I)']);
      c.destroy();
    });

    it('rejects a startup packet whose parameter list is not terminated', async () => {
      const c = await RawClient.open(t);
      c.write(packet(i32(PROTOCOL_3_0), cstr('user'), cstr(t.user), cstr('database'), cstr(t.database)));
      expectOneFatal(await c.closedAfter(), '08P01');
      await expectHealthy(t);
    });

    it('survives a client that sends half a startup packet and disconnects', async () => {
      const c = await RawClient.open(t);
      const startup = fe.startup({ user: t.user, database: t.database });
      c.write(startup.subarray(0, 2));
      await sleep(50);
      c.destroy();
      const d = await RawClient.open(t);
      d.write(startup.subarray(0, 12));
      await sleep(50);
      d.destroy();
      await expectHealthy(t);
    });

    it("answers an SSLRequest with 'N' when TLS is not configured, then accepts a normal startup on the same socket", async () => {
      const c = await RawClient.open(t);
      c.write(fe.ssl());
      expect(await c.readByte()).toBe('N');
      await c.login(t);
      expect(await c.simpleQuery('SELECT 1')).toEqual(['T', 'D', 'C(SELECT 1)', 'Z(I)']);
      c.write(fe.terminate());
      expect(await c.closedAfter()).toEqual([]);
    });

    it('answers a GSSENCRequest with a single byte and, if declined, accepts a normal startup', async () => {
      const c = await RawClient.open(t);
      c.write(fe.gssenc());
      const answer = await c.readByte();
      expect(answer).toBe(sut.gssAnswer);
      if (answer === 'N') {
        await c.login(t);
        expect(await c.simpleQuery('SELECT 1')).toEqual(['T', 'D', 'C(SELECT 1)', 'Z(I)']);
      }
      c.destroy();
      await expectHealthy(t);
    });

    it('closes a CancelRequest with a wrong key without answering and without cancelling anything', async () => {
      const victim = await RawClient.open(t);
      const key = await victim.login(t);
      victim.write(fe.query('SELECT pg_sleep(0.4)'));
      await sleep(50);
      for (const [pid, secret] of [
        [key.pid, key.secret ^ 1],
        [key.pid + 1_000_000, key.secret],
        [0, 0],
      ] as const) {
        const c = await RawClient.open(t);
        c.write(fe.cancel(pid, secret));
        expect(await c.closedAfter()).toEqual([]);
      }
      expect((await victim.readUntil('Z')).map(summary)).toEqual(['T', 'D', 'C(SELECT 1)', 'Z(I)']);
      // The right key does cancel: the wrong ones were ignored, not broken.
      victim.write(fe.query('SELECT pg_sleep(5)'));
      await sleep(100);
      const c = await RawClient.open(t);
      c.write(fe.cancel(key.pid, key.secret));
      expect(await c.closedAfter()).toEqual([]);
      const msgs = await victim.readUntil('Z');
      expect(msgs.filter((m) => m.type === 'E').map((m) => errorFields(m).C)).toEqual(['57014']);
      victim.destroy();
      await expectHealthy(t);
    });

    // -- In an established session --

    it.each([
      ['Y', 0x59],
      ['NUL', 0x00],
    ])('ends the session with FATAL 08P01 on the unknown message type %s', async (_name, code) => {
      const c = await RawClient.open(t);
      await c.login(t);
      c.write(Buffer.concat([Buffer.from([code]), i32(4)]));
      const f = expectOneFatal(await c.closedAfter(), '08P01');
      expect(f.M).toContain(`invalid frontend message type ${code}`);
      await expectHealthy(t);
    });

    it('ends the session with FATAL 08P01 on a password message after startup', async () => {
      const c = await RawClient.open(t);
      await c.login(t);
      c.write(frame('p', cstr('secret')));
      expectOneFatal(await c.closedAfter(), '08P01');
      await expectHealthy(t);
    });

    it.each([3, 0, -1])('closes the connection on a message length of %i', async (len) => {
      const c = await RawClient.open(t);
      await c.login(t);
      c.write(Buffer.concat([Buffer.from('Q'), i32(len)]));
      // PostgreSQL: COMMERROR "invalid message length" (logged only), then it hangs up.
      expectFatalOrSilent(await c.closedAfter());
      await expectHealthy(t);
    });

    it('closes the connection when a Sync declares 20000 bytes (over PostgreSQL\'s 10000-byte limit for small messages)', async () => {
      const c = await RawClient.open(t);
      await c.login(t);
      c.write(Buffer.concat([Buffer.from('S'), i32(20000)]));
      expectFatalOrSilent(await c.closedAfter());
      await expectHealthy(t);
    });

    /*
     * A frame whose length is right but whose fields are not: PostgreSQL 15
     * answers ERROR 08P01, discards messages up to Sync, sends ReadyForQuery,
     * and the session goes on.
     */
    const contentErrors: [string, () => Buffer[], RegExp][] = [
      [
        'a Bind claiming 3 parameters but containing 2',
        () => [
          fe.parse('s3', 'SELECT $1::int, $2::int, $3::int'),
          frame('B', cstr(''), cstr('s3'), i16(0), i16(3), i32(1), Buffer.from('1'), i32(1), Buffer.from('2')),
          fe.execute(),
          fe.sync(),
        ],
        /insufficient data left in message|shorter than its fields/,
      ],
      ['a Query without its terminating NUL', () => [frame('Q', Buffer.from('SELECT 1'))], /invalid string in message|unterminated string/],
      ['a Sync with a trailing byte', () => [frame('S', Buffer.from([1]))], /invalid message format/],
      ['a Describe with subtype X', () => [frame('D', Buffer.from('X'), cstr('')), fe.sync()], /invalid DESCRIBE message subtype 88/],
      ['a Parse with a negative parameter-type count', () => [frame('P', cstr(''), cstr('SELECT 1'), i16(-1)), fe.sync()], /./],
    ];

    it.each(contentErrors)('answers %s with ERROR 08P01 and keeps the session', async (_name, frames, message) => {
      const c = await RawClient.open(t);
      await c.login(t);
      for (const f of frames()) c.write(f);
      const msgs = await c.readUntil('Z');
      const errors = msgs.filter((m) => m.type === 'E');
      expect(errors.length, msgs.map(summary).join(' ')).toBe(1);
      const f = errorFields(errors[0]!);
      expect(f).toMatchObject({ S: 'ERROR', C: '08P01' });
      expect(f.M).toMatch(message);
      expect(msgs.at(-1)!.body.toString()).toBe('I');
      expect(await c.simpleQuery('SELECT 1')).toEqual(['T', 'D', 'C(SELECT 1)', 'Z(I)']);
      c.destroy();
    });

    it.each([
      ['parameter', 'SELECT $1::int', [i16(1), i16(2), i16(1), i32(1), Buffer.from('7'), i16(0)]],
      ['result', 'SELECT 1', [i16(0), i16(0), i16(1), i16(3)]],
    ])('answers an unsupported %s format code with ERROR 22023 and keeps the session', async (_what, sql, bindTail) => {
      const c = await RawClient.open(t);
      await c.login(t);
      c.write(Buffer.concat([fe.parse('', sql), frame('B', cstr(''), cstr(''), ...bindTail), fe.execute(), fe.sync()]));
      const msgs = await c.readUntil('Z');
      const errors = msgs.filter((m) => m.type === 'E').map(errorFields);
      expect(errors.map((f) => [f.S, f.C, f.M])).toEqual([['ERROR', '22023', expect.stringMatching(/^unsupported format code: [23]$/)]]);
      expect(await c.simpleQuery('SELECT 1')).toEqual(['T', 'D', 'C(SELECT 1)', 'Z(I)']);
      c.destroy();
    });

    it('survives a client that sends half a message and disconnects', async () => {
      const c = await RawClient.open(t);
      await c.login(t);
      const q = fe.query('SELECT 1');
      c.write(q.subarray(0, 3)); // inside the length word
      await sleep(30);
      c.destroy();
      const d = await RawClient.open(t);
      await d.login(t);
      d.write(q.subarray(0, q.length - 1)); // all but the terminator
      await sleep(30);
      d.destroy();
      await expectHealthy(t);
    });

    it.each([
      ['an open', 'BEGIN; SELECT 1', 'Z(T)'],
      ['a failed', 'BEGIN; SELECT 1/0', 'Z(E)'],
    ])('survives a client that disconnects inside %s transaction block', async (_what, sql, status) => {
      for (const how of ['destroy', 'end'] as const) {
        const c = await RawClient.open(t);
        await c.login(t);
        expect((await c.simpleQuery(sql)).at(-1)).toBe(status);
        if (how === 'destroy') c.destroy();
        else c.write(fe.terminate());
      }
      await expectHealthy(t);
    });

    it('rolls back the transaction of a client that disconnects inside BEGIN, releasing its locks', async () => {
      const table = `mid_tx_${sut.name}`;
      const setup = pgClient(t);
      await setup.connect();
      try {
        await setup.query(`CREATE TABLE ${table} (a int)`);
        await setup.query(`INSERT INTO ${table} VALUES (1)`);

        const c = await RawClient.open(t);
        await c.login(t);
        const answer = await c.simpleQuery(`BEGIN; UPDATE ${table} SET a = 2; INSERT INTO ${table} VALUES (3)`);
        expect(answer.filter((s) => s.startsWith('E'))).toEqual([]);
        expect(answer.at(-1)).toBe('Z(T)');
        c.destroy();

        // The row lock taken by the UPDATE must be gone: this would block (and time out) otherwise.
        await setup.query(`UPDATE ${table} SET a = a + 10`);
        const r = await setup.query(`SELECT a FROM ${table} ORDER BY a`);
        expect(r.rows).toEqual([{ a: 11 }]);
      } finally {
        await setup.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
        await setup.end();
      }
      await expectHealthy(t);
    });

    // -- Extended protocol through pg --

    it('answers a Bind with the wrong number of parameters with 08P01, and the pg client stays usable', async () => {
      const c = pgClient(t);
      await c.connect();
      try {
        // Unnamed statement: Parse infers two parameters, Bind supplies one.
        await expect(c.query('SELECT $1::int + $2::int AS sum', [1])).rejects.toMatchObject({
          code: '08P01',
          severity: 'ERROR',
          message: 'bind message supplies 1 parameters, but prepared statement "" requires 2',
        });
        expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);

        // Named statement: pg parses it once, then reuses it with only a Bind.
        const text = 'SELECT $1::int + $2::int AS sum';
        expect((await c.query({ name: 'sum2', text, values: [1, 2] })).rows).toEqual([{ sum: 3 }]);
        await expect(c.query({ name: 'sum2', text, values: [1, 2, 3] })).rejects.toMatchObject({
          code: '08P01',
          message: 'bind message supplies 3 parameters, but prepared statement "sum2" requires 2',
        });
        expect((await c.query({ name: 'sum2', text, values: [20, 22] })).rows).toEqual([{ sum: 42 }]);
        expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await c.end();
      }
    });
  });
}

// ---- vecsql with a small message-size limit ----

describe('malformed input: vecsql with maxMessageSize 4096', () => {
  let server: TestServer;
  let t: Target;

  beforeAll(async () => {
    server = await startTestServer({ maxMessageSize: 4096 });
    t = { name: 'vecsql-4k', host: server.host, port: server.port, user: server.user, database: server.database };
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('still runs a query just under the limit', async () => {
    const c = await RawClient.open(t);
    await c.login(t);
    const sql = `SELECT length('${'x'.repeat(4000)}')`;
    expect(await c.simpleQuery(sql)).toEqual(['T', 'D', 'C(SELECT 1)', 'Z(I)']);
    c.destroy();
  });

  it('rejects a 1 MB Query with FATAL 08P01 and closes the connection', async () => {
    const c = await RawClient.open(t);
    await c.login(t);
    c.write(fe.query(`SELECT '${'x'.repeat(1 << 20)}'`));
    const msgs = await c.closedAfter();
    expectOneFatal(msgs, '08P01');
    await expectHealthy(t);
  });

  it('rejects an oversized message from its header alone, without waiting for the body', async () => {
    const c = await RawClient.open(t);
    await c.login(t);
    c.write(Buffer.concat([Buffer.from('Q'), i32(1 << 20), Buffer.from("SELECT '")]));
    expectOneFatal(await c.closedAfter(), '08P01');
    await expectHealthy(t);
  });
});
