/**
 * The protocol layer without a server: FrameDecoder (frontend → server) and
 * BackendWriter (server → frontend).
 *
 * Frontend frames are built by hand with the small encoder below, following
 * https://www.postgresql.org/docs/15/protocol-message-formats.html, and
 * cross-checked against what pg-protocol's serializer sends. Backend
 * encodings are checked byte for byte and then decoded with pg-protocol's
 * client-side Parser, so the tests do not merely restate our own encoder.
 *
 * Error expectations follow PostgreSQL 15 (checked against a real server):
 * a frame whose boundaries cannot be trusted (unknown type byte, impossible
 * length, bad startup packet) is FATAL; a well-delimited frame whose fields
 * are wrong (truncated, trailing bytes, unterminated string, bad subtype) is
 * an ERROR 08P01 — PostgreSQL reports it and goes on with the next message.
 */
import { describe, expect, it } from 'vitest';
import { Parser } from 'pg-protocol/dist/parser.js';
import { serialize } from 'pg-protocol/dist/serializer.js';
import { BackendWriter, type FieldDescription } from '../../src/protocol/backend.js';
import { FrameDecoder, type FrontendMessage, type StartupPacket } from '../../src/protocol/frontend.js';
import { PgError } from '../../src/types/errors.js';

// ---- A small frontend encoder ----

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

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function cstr(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

/** A typed message: type byte, int32 length (counting itself), body. */
function frame(code: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(code, 'latin1'), i32(body.length + 4), body]);
}

/** A startup-phase packet: int32 length (counting itself), body; no type byte. */
function packet(...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([i32(body.length + 4), body]);
}

const PROTOCOL_3_0 = 196608;

interface BindSpec {
  portal: string;
  statement: string;
  paramFormats: number[];
  params: (Buffer | null)[];
  resultFormats: number[];
}

const fe = {
  query: (sql: string) => frame('Q', cstr(sql)),
  parse: (name: string, sql: string, types: number[]) => frame('P', cstr(name), cstr(sql), i16(types.length), ...types.map(u32)),
  bind: (b: BindSpec) =>
    frame(
      'B',
      cstr(b.portal),
      cstr(b.statement),
      i16(b.paramFormats.length),
      ...b.paramFormats.map(i16),
      i16(b.params.length),
      ...b.params.map((p) => (p === null ? i32(-1) : Buffer.concat([i32(p.length), p]))),
      i16(b.resultFormats.length),
      ...b.resultFormats.map(i16),
    ),
  describe: (target: 'S' | 'P', name: string) => frame('D', Buffer.from(target), cstr(name)),
  execute: (portal: string, maxRows: number) => frame('E', cstr(portal), i32(maxRows)),
  close: (target: 'S' | 'P', name: string) => frame('C', Buffer.from(target), cstr(name)),
  sync: () => frame('S'),
  flush: () => frame('H'),
  terminate: () => frame('X'),
  copyData: (data: Buffer) => frame('d', data),
  copyDone: () => frame('c'),
  copyFail: (message: string) => frame('f', cstr(message)),
  password: (data: Buffer) => frame('p', data),
  startup: (params: Record<string, string>, protocol = PROTOCOL_3_0) =>
    packet(i32(protocol), ...Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]), Buffer.from([0])),
  ssl: () => packet(i32(80877103)),
  gssenc: () => packet(i32(80877104)),
  cancel: (pid: number, secret: number) => packet(i32(80877102), i32(pid), i32(secret)),
};

// ---- Decoding helpers ----

type Decoded = StartupPacket | FrontendMessage;

/**
 * Feeds the chunks to one decoder, draining after each, the way Connection
 * does: startup-phase packets until the StartupMessage, then typed messages.
 */
function decodeChunks(chunks: readonly Buffer[], maxMessageSize = 1 << 20): Decoded[] {
  const d = new FrameDecoder(maxMessageSize);
  const out: Decoded[] = [];
  let startupPhase = true;
  for (const chunk of chunks) {
    d.push(chunk);
    for (;;) {
      const m = startupPhase ? d.nextStartup() : d.next();
      if (m === null) break;
      out.push(m);
      if (m.kind === 'startup') startupPhase = false;
    }
  }
  expect(d.buffered).toBe(0);
  return out;
}

function typed(chunks: readonly Buffer[], maxMessageSize = 1 << 20): FrontendMessage[] {
  const d = new FrameDecoder(maxMessageSize);
  const out: FrontendMessage[] = [];
  for (const chunk of chunks) {
    d.push(chunk);
    for (let m = d.next(); m !== null; m = d.next()) out.push(m);
  }
  expect(d.buffered).toBe(0);
  return out;
}

function bytewise(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i++) out.push(b.subarray(i, i + 1));
  return out;
}

/** A deterministic PRNG (mulberry32) so random splits are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs f and returns the PgError it throws; fails if it throws anything else or nothing. */
function pgErrorOf(f: () => unknown): PgError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PgError);
    return e as PgError;
  }
  throw new Error('expected a PgError, but nothing was thrown');
}

/** Pushes bytes into a fresh decoder and drains typed messages until one throws. */
function typedError(bytes: Buffer, maxMessageSize = 1 << 20): PgError {
  const d = new FrameDecoder(maxMessageSize);
  d.push(bytes);
  return pgErrorOf(() => {
    while (d.next() !== null);
  });
}

function startupError(bytes: Buffer): PgError {
  const d = new FrameDecoder(1 << 20);
  d.push(bytes);
  return pgErrorOf(() => d.nextStartup());
}

// ---- The stream used by the splitting tests ----

const UTF8_SQL = "SELECT 'héllo wörld €, 日本語, 😀' AS greeting";
const BIG_OID = 3_000_000_000; // OIDs are unsigned 32-bit

const startupFrames: Buffer[] = [
  fe.ssl(),
  fe.gssenc(),
  fe.startup({ user: 'alice', database: 'vec db', application_name: 'tëst 😀', client_encoding: 'UTF8' }),
];

const sessionFrames: Buffer[] = [
  fe.query('SELECT 1'),
  fe.query(UTF8_SQL),
  fe.parse('stmt1', 'SELECT $1::int4, $2::bytea, $3::text', [23, 17, 0]),
  fe.parse('', 'SELECT $1', [BIG_OID]),
  fe.parse('', 'SELECT 1', []),
  fe.bind({
    portal: 'portal1',
    statement: 'stmt1',
    paramFormats: [0, 1, 0],
    params: [Buffer.from('42'), Buffer.from([0, 1, 2, 0xff, 0]), null],
    resultFormats: [1, 0, 1],
  }),
  fe.bind({ portal: '', statement: '', paramFormats: [1], params: [Buffer.alloc(0)], resultFormats: [1] }),
  fe.bind({ portal: '', statement: '', paramFormats: [], params: [], resultFormats: [] }),
  fe.describe('S', 'stmt1'),
  fe.describe('P', 'portal1'),
  fe.execute('portal1', 10),
  fe.execute('', 0),
  fe.flush(),
  fe.sync(),
  fe.close('S', 'stmt1'),
  fe.close('P', 'portal1'),
  fe.copyData(Buffer.from([0, 1, 2, 3, 0, 0x0a])),
  fe.copyData(Buffer.alloc(0)),
  fe.copyDone(),
  fe.copyFail('aborted by user 😀'),
  fe.password(Buffer.concat([cstr('SCRAM-SHA-256'), i32(3), Buffer.from('n,,')])),
  fe.query(''),
  fe.terminate(),
];

const expectedStartup: Decoded[] = [
  { kind: 'ssl' },
  { kind: 'gssenc' },
  {
    kind: 'startup',
    protocol: PROTOCOL_3_0,
    params: new Map([
      ['user', 'alice'],
      ['database', 'vec db'],
      ['application_name', 'tëst 😀'],
      ['client_encoding', 'UTF8'],
    ]),
  },
];

const expectedSession: Decoded[] = [
  { kind: 'query', sql: 'SELECT 1' },
  { kind: 'query', sql: UTF8_SQL },
  { kind: 'parse', name: 'stmt1', sql: 'SELECT $1::int4, $2::bytea, $3::text', paramTypes: [23, 17, 0] },
  { kind: 'parse', name: '', sql: 'SELECT $1', paramTypes: [BIG_OID] },
  { kind: 'parse', name: '', sql: 'SELECT 1', paramTypes: [] },
  {
    kind: 'bind',
    portal: 'portal1',
    statement: 'stmt1',
    paramFormats: [0, 1, 0],
    params: [Buffer.from('42'), Buffer.from([0, 1, 2, 0xff, 0]), null],
    resultFormats: [1, 0, 1],
  },
  { kind: 'bind', portal: '', statement: '', paramFormats: [1], params: [Buffer.alloc(0)], resultFormats: [1] },
  { kind: 'bind', portal: '', statement: '', paramFormats: [], params: [], resultFormats: [] },
  { kind: 'describe', target: 'S', name: 'stmt1' },
  { kind: 'describe', target: 'P', name: 'portal1' },
  { kind: 'execute', portal: 'portal1', maxRows: 10 },
  { kind: 'execute', portal: '', maxRows: 0 },
  { kind: 'flush' },
  { kind: 'sync' },
  { kind: 'close', target: 'S', name: 'stmt1' },
  { kind: 'close', target: 'P', name: 'portal1' },
  { kind: 'copyData', data: Buffer.from([0, 1, 2, 3, 0, 0x0a]) },
  { kind: 'copyData', data: Buffer.alloc(0) },
  { kind: 'copyDone' },
  { kind: 'copyFail', message: 'aborted by user 😀' },
  { kind: 'password', data: Buffer.concat([cstr('SCRAM-SHA-256'), i32(3), Buffer.from('n,,')]) },
  { kind: 'query', sql: '' },
  { kind: 'terminate' },
];

const stream = Buffer.concat([...startupFrames, ...sessionFrames]);
const expected: Decoded[] = [...expectedStartup, ...expectedSession];

describe('FrameDecoder: framing', () => {
  it('decodes every frontend message kind from one chunk', () => {
    expect(decodeChunks([stream])).toEqual(expected);
  });

  it('decodes the same messages when fed one byte at a time', () => {
    expect(decodeChunks(bytewise(stream))).toEqual(expected);
  });

  it('decodes the same messages when split into two chunks at every byte position', () => {
    for (let i = 0; i <= stream.length; i++) {
      const got = decodeChunks([stream.subarray(0, i), stream.subarray(i)]);
      if (got.length !== expected.length) expect.fail(`split at ${i}: ${got.length} messages instead of ${expected.length}`);
      expect(got, `split at ${i}`).toEqual(expected);
    }
  });

  it('decodes the same messages when split into random chunks, with several chunks pushed between drains', () => {
    const rand = rng(20240611);
    for (let round = 0; round < 200; round++) {
      const chunks: Buffer[] = [];
      for (let pos = 0; pos < stream.length; ) {
        const n = 1 + Math.floor(rand() * 40);
        chunks.push(stream.subarray(pos, pos + n));
        pos += n;
      }
      // Push a few chunks before draining: frames then straddle the decoder's own buffer.
      const d = new FrameDecoder(1 << 20);
      const got: Decoded[] = [];
      let startupPhase = true;
      for (let i = 0; i < chunks.length; i++) {
        d.push(chunks[i]!);
        if (rand() < 0.6 && i !== chunks.length - 1) continue;
        for (;;) {
          const m = startupPhase ? d.nextStartup() : d.next();
          if (m === null) break;
          got.push(m);
          if (m.kind === 'startup') startupPhase = false;
        }
      }
      expect(d.buffered, `round ${round}`).toBe(0);
      expect(got, `round ${round}`).toEqual(expected);
    }
  });

  it('never writes into the chunks it was given', () => {
    const copy = Buffer.from(stream);
    decodeChunks([stream.subarray(0, 100), stream.subarray(100, 101), stream.subarray(101)]);
    for (let i = 0; i <= stream.length; i += 7) decodeChunks([stream.subarray(0, i), stream.subarray(i)]);
    decodeChunks(bytewise(stream));
    expect(stream.equals(copy)).toBe(true);
  });

  it('returns parameter values that do not alias the input chunk', () => {
    const chunk = Buffer.from(fe.bind({ portal: '', statement: '', paramFormats: [1], params: [Buffer.from('abc')], resultFormats: [] }));
    const [msg] = typed([chunk]);
    chunk.fill(0x7a);
    expect(msg).toMatchObject({ kind: 'bind', params: [Buffer.from('abc')] });
  });

  it('decodes a CancelRequest split at every byte position', () => {
    const cancel = fe.cancel(4242, -123456789);
    for (let i = 0; i <= cancel.length; i++) {
      expect(decodeChunks([cancel.subarray(0, i), cancel.subarray(i)])).toEqual([{ kind: 'cancel', pid: 4242, secret: -123456789 }]);
    }
  });

  it('reports an incomplete frame as null and keeps its bytes buffered', () => {
    const q = fe.query('SELECT 1');
    const d = new FrameDecoder(1 << 20);
    d.push(q.subarray(0, 4));
    expect(d.next()).toBeNull();
    d.push(q.subarray(4, q.length - 1));
    expect(d.next()).toBeNull();
    expect(d.buffered).toBe(q.length - 1);
    d.push(q.subarray(q.length - 1));
    expect(d.next()).toEqual({ kind: 'query', sql: 'SELECT 1' });
    expect(d.next()).toBeNull();
    expect(d.buffered).toBe(0);

    const s = fe.startup({ user: 'u' });
    d.push(s.subarray(0, 3));
    expect(d.nextStartup()).toBeNull();
    d.push(s.subarray(3, 10));
    expect(d.nextStartup()).toBeNull();
    d.push(s.subarray(10));
    expect(d.nextStartup()).toMatchObject({ kind: 'startup', params: new Map([['user', 'u']]) });
  });

  it('decodes a frame larger than any single chunk (1 MiB Query in 1000-byte chunks)', () => {
    const sql = `SELECT '${'x'.repeat(1 << 20)}'`;
    const q = fe.query(sql);
    const chunks: Buffer[] = [];
    for (let i = 0; i < q.length; i += 1000) chunks.push(q.subarray(i, i + 1000));
    const got = typed([...chunks, fe.sync()], 2 << 20);
    expect(got.length).toBe(2);
    expect(got[0]).toEqual({ kind: 'query', sql });
    expect(got[1]).toEqual({ kind: 'sync' });
  });

  it('maps a negative Execute row limit to "no limit"', () => {
    expect(typed([fe.execute('p', -5)])).toEqual([{ kind: 'execute', portal: 'p', maxRows: 0 }]);
  });

  it('decodes what pg-protocol (node-postgres) serializes', () => {
    const frames = [
      serialize.query('SELECT 1'),
      serialize.parse({ name: 'n', text: 'SELECT $1, $2', types: [23, 25] }),
      serialize.bind({ portal: 'p', statement: 'n', values: ['héllo', Buffer.from([1, 2]), null], binary: true }),
      serialize.describe({ type: 'P', name: 'p' }),
      serialize.execute({ portal: 'p', rows: 5 }),
      serialize.close({ type: 'S', name: 'n' }),
      serialize.flush(),
      serialize.sync(),
      serialize.copyData(Buffer.from('a\tb\n')),
      serialize.copyDone(),
      serialize.copyFail('nope'),
      serialize.password('secret'),
      serialize.sendSASLInitialResponseMessage('SCRAM-SHA-256', 'n,,n=,r=abc'),
      serialize.end(),
    ].map((b) => Buffer.from(b)); // the serializer reuses its buffer
    expect(typed(frames.flatMap(bytewise))).toEqual([
      { kind: 'query', sql: 'SELECT 1' },
      { kind: 'parse', name: 'n', sql: 'SELECT $1, $2', paramTypes: [23, 25] },
      {
        kind: 'bind',
        portal: 'p',
        statement: 'n',
        paramFormats: [0, 1, 0],
        params: [Buffer.from('héllo'), Buffer.from([1, 2]), null],
        resultFormats: [1],
      },
      { kind: 'describe', target: 'P', name: 'p' },
      { kind: 'execute', portal: 'p', maxRows: 5 },
      { kind: 'close', target: 'S', name: 'n' },
      { kind: 'flush' },
      { kind: 'sync' },
      { kind: 'copyData', data: Buffer.from('a\tb\n') },
      { kind: 'copyDone' },
      { kind: 'copyFail', message: 'nope' },
      { kind: 'password', data: cstr('secret') },
      { kind: 'password', data: Buffer.concat([cstr('SCRAM-SHA-256'), i32(11), Buffer.from('n,,n=,r=abc')]) },
      { kind: 'terminate' },
    ]);

    const startup = Buffer.from(serialize.startup({ user: 'bob', database: 'db' }));
    const ssl = Buffer.from(serialize.requestSsl());
    const cancel = Buffer.from(serialize.cancel(77, 88));
    expect(decodeChunks([ssl, startup])).toEqual([
      { kind: 'ssl' },
      {
        kind: 'startup',
        protocol: PROTOCOL_3_0,
        params: new Map([
          ['user', 'bob'],
          ['database', 'db'],
          ['client_encoding', 'UTF8'],
        ]),
      },
    ]);
    expect(decodeChunks([cancel])).toEqual([{ kind: 'cancel', pid: 77, secret: 88 }]);
  });
});

describe('FrameDecoder: malformed typed messages', () => {
  function expectFatal(err: PgError, message?: RegExp): void {
    expect({ code: err.code, severity: err.severity }).toEqual({ code: '08P01', severity: 'FATAL' });
    if (message) expect(err.message).toMatch(message);
  }

  it.each([
    ['Y', 0x59],
    ['z', 0x7a],
    ['NUL', 0x00],
    ['0xff', 0xff],
  ])('rejects the unknown message type byte %s as FATAL 08P01', (_name, code) => {
    const bytes = Buffer.concat([Buffer.from([code]), i32(4)]);
    expectFatal(typedError(bytes), new RegExp(`invalid frontend message type ${code}`));
  });

  it('rejects an unknown type byte after valid messages, which are still returned first', () => {
    const d = new FrameDecoder(1 << 20);
    d.push(Buffer.concat([fe.query('SELECT 1'), fe.sync(), Buffer.from([0x59]), i32(4)]));
    expect(d.next()).toEqual({ kind: 'query', sql: 'SELECT 1' });
    expect(d.next()).toEqual({ kind: 'sync' });
    expectFatal(pgErrorOf(() => d.next()));
  });

  it.each([3, 0, -1, -2147483648])('rejects length %i (< 4) as soon as the 5-byte header is present', (len) => {
    const d = new FrameDecoder(1 << 20);
    d.push(Buffer.from([0x51]));
    expect(d.next()).toBeNull();
    d.push(i32(len));
    expectFatal(pgErrorOf(() => d.next()), /length/);
  });

  it('rejects a length over maxMessageSize from the header alone, before the body arrives', () => {
    const d = new FrameDecoder(4096);
    d.push(Buffer.from([0x51, 0, 0]));
    expect(d.next()).toBeNull();
    d.push(Buffer.from([0x10, 0x01])); // 4097
    expectFatal(pgErrorOf(() => d.next()), /length/);

    expectFatal(typedError(Buffer.concat([Buffer.from('Q'), i32(0x7fffffff)]), 4096));
    expectFatal(typedError(Buffer.concat([Buffer.from('Q'), i32(1 << 20), Buffer.from('SELECT ')]), 4096));
  });

  it('accepts a frame of exactly maxMessageSize', () => {
    const sql = 'x'.repeat(4096 - 4 - 1);
    const q = fe.query(sql);
    expect(q.length).toBe(4097);
    const d = new FrameDecoder(4096);
    d.push(q.subarray(0, 5));
    expect(d.next()).toBeNull();
    d.push(q.subarray(5));
    expect(d.next()).toEqual({ kind: 'query', sql });
  });

  /*
   * Well-delimited frames with bad contents. PostgreSQL 15 answers each with
   * ERROR 08P01 (pq_getmsg* in pqformat.c, or "invalid DESCRIBE message
   * subtype") and carries on: the frame was consumed whole, so the stream
   * stays in sync. The message texts noted are PostgreSQL's.
   */
  const bindHead = [cstr(''), cstr('s')];
  const contentErrors: [string, Buffer][] = [
    // "insufficient data left in message"
    ['Bind claiming 3 params but containing 2', frame('B', ...bindHead, i16(0), i16(3), i32(1), Buffer.from('1'), i32(1), Buffer.from('2'))],
    ['Bind claiming 3 params, 2 present, then result formats', frame('B', ...bindHead, i16(0), i16(3), i32(1), Buffer.from('1'), i32(1), Buffer.from('2'), i16(0))],
    ['Bind param longer than the frame', frame('B', ...bindHead, i16(0), i16(1), i32(100), Buffer.from('abc'), i16(0))],
    ['Bind claiming 2 param formats but containing 1', frame('B', ...bindHead, i16(2), i16(0))],
    ['Bind without its result-format count', frame('B', ...bindHead, i16(0), i16(0))],
    ['Parse claiming 2 type OIDs but containing 1', frame('P', cstr(''), cstr('SELECT $1, $2'), i16(2), i32(23))],
    ['Execute without its row limit', frame('E', cstr(''))],
    ['Describe without a subtype', frame('D')],
    ['Execute with a 2-byte row limit', frame('E', cstr(''), i16(0))],
    // "invalid message format" (pq_getmsgend)
    ['Sync with a trailing byte', frame('S', Buffer.from([1]))],
    ['Query with bytes after the terminator', frame('Q', cstr('SELECT 1'), Buffer.from('xx'))],
    ['Execute with trailing bytes', frame('E', cstr(''), i32(0), i16(0))],
    ['Bind with trailing bytes', frame('B', ...bindHead, i16(0), i16(0), i16(0), Buffer.from([0]))],
    ['Describe with trailing bytes', frame('D', Buffer.from('S'), cstr('a'), Buffer.from('b'))],
    ['Flush with a body', frame('H', Buffer.from([0]))],
    // "invalid string in message"
    ['Query without a terminator', frame('Q', Buffer.from('SELECT 1'))],
    ['Parse with an unterminated name', frame('P', Buffer.from('stmt'))],
    ['Parse with an unterminated query', frame('P', cstr(''), Buffer.from('SELECT 1'))],
    ['Close with an unterminated name', frame('C', Buffer.from('S'), Buffer.from('name'))],
    // negative counts (PostgreSQL reads them as uint16, then runs out of data)
    ['Parse with a negative type count', frame('P', cstr(''), cstr('SELECT 1'), i16(-1))],
    ['Bind with a negative param-format count', frame('B', ...bindHead, i16(-1), i16(0), i16(0))],
    ['Bind with a negative param count', frame('B', ...bindHead, i16(0), i16(-1), i16(0))],
    ['Bind with a negative result-format count', frame('B', ...bindHead, i16(0), i16(0), i16(-1))],
    ['Bind with a param length of -2', frame('B', ...bindHead, i16(0), i16(1), i32(-2), i16(0))],
    // "invalid DESCRIBE message subtype" / "invalid CLOSE message subtype"
    ['Describe with subtype X', frame('D', Buffer.from('X'), cstr(''))],
    ['Describe with a lower-case subtype', frame('D', Buffer.from('s'), cstr(''))],
    ['Close with subtype Q', frame('C', Buffer.from('Q'), cstr(''))],
  ];

  it.each(contentErrors)('%s: ERROR 08P01, and the next frame still decodes', (_name, bad) => {
    const d = new FrameDecoder(1 << 20);
    d.push(Buffer.concat([bad, fe.query('SELECT 1'), fe.sync()]));
    const err = pgErrorOf(() => d.next());
    expect(err.code).toBe('08P01');
    expect(d.next()).toEqual({ kind: 'query', sql: 'SELECT 1' });
    expect(d.next()).toEqual({ kind: 'sync' });
    expect(d.next()).toBeNull();
    // Not FATAL: the frame was consumed whole, so the session can go on.
    expect(err.severity).toBe('ERROR');
  });

  it('names the subtype in the Describe and Close errors', () => {
    expect(typedError(frame('D', Buffer.from('X'), cstr(''))).message).toMatch(/invalid DESCRIBE message subtype 88/);
    expect(typedError(frame('C', Buffer.from('Q'), cstr(''))).message).toMatch(/invalid CLOSE message subtype 81/);
  });
});

describe('FrameDecoder: malformed startup packets', () => {
  function expectFatal(err: PgError, code = '08P01'): void {
    expect({ code: err.code, severity: err.severity }).toEqual({ code, severity: 'FATAL' });
  }

  it.each([0, 4, 7, -1, 10005, 0x7fffffff, -2147483648])('rejects startup length %i from the length word alone', (len) => {
    const d = new FrameDecoder(1 << 20);
    d.push(i32(len).subarray(0, 3));
    expect(d.nextStartup()).toBeNull();
    d.push(i32(len).subarray(3));
    const err = pgErrorOf(() => d.nextStartup());
    expectFatal(err);
    expect(err.message).toMatch(/invalid length of startup packet/);
  });

  it('rejects garbage that is not a startup packet (an HTTP request)', () => {
    expectFatal(startupError(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n')));
  });

  it('accepts the smallest (8) and largest (10004) startup lengths PostgreSQL accepts', () => {
    // PostgreSQL: len - 4 must lie in [4, MAX_STARTUP_PACKET_LENGTH = 10000].
    expect(decodeChunks([fe.ssl()])).toEqual([{ kind: 'ssl' }]);
    const base = fe.startup({ user: 'u', application_name: '' }).length;
    const name = 'x'.repeat(10004 - base);
    const big = fe.startup({ user: 'u', application_name: name });
    expect(big.length).toBe(10004);
    expect(decodeChunks([big])).toEqual([
      { kind: 'startup', protocol: PROTOCOL_3_0, params: new Map([['user', 'u'], ['application_name', name]]) },
    ]);
  });

  it.each([
    [2 << 16, '2.0'],
    [1 << 16, '1.0'],
    [4 << 16, '4.0'],
    [(9 << 16) | 1, '9.1'],
  ])('rejects protocol %i (%s) as FATAL 0A000', (protocol, version) => {
    const err = startupError(fe.startup({ user: 'u' }, protocol));
    expectFatal(err, '0A000');
    expect(err.message).toBe(`unsupported frontend protocol ${version}: server supports 3.0 to 3.0`);
  });

  it('rejects a startup packet whose parameter list lacks the final terminator', () => {
    expectFatal(startupError(packet(i32(PROTOCOL_3_0), cstr('user'), cstr('u'))));
    expectFatal(startupError(packet(i32(PROTOCOL_3_0), cstr('user'), Buffer.from('u'))));
    expectFatal(startupError(packet(i32(PROTOCOL_3_0), cstr('user'), cstr('u'), Buffer.from([0, 0]))));
  });
});

// ---- BackendWriter ----

function parseBackend(buf: Buffer): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  new Parser().parse(buf, (m) => out.push(m as unknown as Record<string, unknown>));
  return out;
}

/** The one message pg-protocol's client parser finds in buf; it must consume exactly buf. */
function parseOne(buf: Buffer): Record<string, unknown> {
  const msgs = parseBackend(buf);
  expect(msgs.length).toBe(1);
  return msgs[0]!;
}

describe('BackendWriter', () => {
  const fields: FieldDescription[] = [
    { name: 'id', tableOid: 16384, columnAttr: 1, typeOid: 23, typeLen: 4, typeMod: -1, format: 0 },
    { name: 'émbedding', tableOid: 16384, columnAttr: 2, typeOid: 16390, typeLen: -1, typeMod: 3, format: 1 },
    { name: '?column?', tableOid: 0, columnAttr: 0, typeOid: 25, typeLen: -1, typeMod: -1, format: 0 },
  ];

  it('encodes RowDescription', () => {
    const bytes = new BackendWriter().rowDescription(fields).take();
    expect(bytes.toString('hex')).toBe(
      frame(
        'T',
        i16(3),
        cstr('id'), i32(16384), i16(1), i32(23), i16(4), i32(-1), i16(0),
        cstr('émbedding'), i32(16384), i16(2), i32(16390), i16(-1), i32(3), i16(1),
        cstr('?column?'), i32(0), i16(0), i32(25), i16(-1), i32(-1), i16(0),
      ).toString('hex'),
    );
    const m = parseOne(bytes);
    expect(m.name).toBe('rowDescription');
    expect(m.fieldCount).toBe(3);
    expect(m.fields).toEqual([
      { name: 'id', tableID: 16384, columnID: 1, dataTypeID: 23, dataTypeSize: 4, dataTypeModifier: -1, format: 'text' },
      { name: 'émbedding', tableID: 16384, columnID: 2, dataTypeID: 16390, dataTypeSize: -1, dataTypeModifier: 3, format: 'binary' },
      { name: '?column?', tableID: 0, columnID: 0, dataTypeID: 25, dataTypeSize: -1, dataTypeModifier: -1, format: 'text' },
    ]);
  });

  it('encodes a DataRow built from begin/int16/lengthPrefixedString/int32(-1)/end', () => {
    const w = new BackendWriter();
    w.begin(0x44).int16(4).lengthPrefixedString('42').int32(-1).lengthPrefixedString('').lengthPrefixedString('[1,2,3]').end();
    const bytes = w.take();
    expect(bytes.toString('hex')).toBe(
      frame('D', i16(4), i32(2), Buffer.from('42'), i32(-1), i32(0), i32(7), Buffer.from('[1,2,3]')).toString('hex'),
    );
    const m = parseOne(bytes);
    expect(m.name).toBe('dataRow');
    expect(m.fields).toEqual(['42', null, '', '[1,2,3]']);
  });

  it('encodes CommandComplete', () => {
    const w = new BackendWriter();
    const bytes = w.commandComplete('INSERT 0 3').take();
    expect(bytes.toString('hex')).toBe(frame('C', cstr('INSERT 0 3')).toString('hex'));
    expect(bytes.toString('hex')).toBe('430000000f494e5345525420302033' + '00');
    expect(parseOne(bytes)).toMatchObject({ name: 'commandComplete', text: 'INSERT 0 3' });
  });

  it.each(['I', 'T', 'E'] as const)('encodes ReadyForQuery(%s)', (status) => {
    const bytes = new BackendWriter().readyForQuery(status).take();
    expect([...bytes]).toEqual([0x5a, 0, 0, 0, 5, status.charCodeAt(0)]);
    expect(parseOne(bytes)).toMatchObject({ name: 'readyForQuery', status });
  });

  it('encodes ErrorResponse fields S, V, C, M, D, H, P in order', () => {
    const err = new PgError('42703', 'column "naïve" does not exist', {
      severity: 'ERROR',
      detail: 'There is a column named "naive".',
      hint: 'Perhaps you meant to reference the column "t.naive".',
      position: 8,
    });
    const bytes = new BackendWriter().error(err).take();
    expect(bytes.toString('hex')).toBe(
      frame(
        'E',
        Buffer.from('S'), cstr('ERROR'),
        Buffer.from('V'), cstr('ERROR'),
        Buffer.from('C'), cstr('42703'),
        Buffer.from('M'), cstr('column "naïve" does not exist'),
        Buffer.from('D'), cstr('There is a column named "naive".'),
        Buffer.from('H'), cstr('Perhaps you meant to reference the column "t.naive".'),
        Buffer.from('P'), cstr('8'),
        Buffer.from([0]),
      ).toString('hex'),
    );
    const m = parseOne(bytes);
    expect(m.name).toBe('error');
    expect(m).toMatchObject({
      message: 'column "naïve" does not exist',
      severity: 'ERROR',
      code: '42703',
      detail: 'There is a column named "naive".',
      hint: 'Perhaps you meant to reference the column "t.naive".',
      position: '8',
    });
  });

  it('omits absent ErrorResponse fields', () => {
    const bytes = new BackendWriter().error(new PgError('08P01', 'invalid message format', { severity: 'FATAL' })).take();
    expect(bytes.toString('hex')).toBe(
      frame('E', Buffer.from('S'), cstr('FATAL'), Buffer.from('V'), cstr('FATAL'), Buffer.from('C'), cstr('08P01'), Buffer.from('M'), cstr('invalid message format'), Buffer.from([0])).toString('hex'),
    );
    expect(parseOne(bytes)).toMatchObject({ name: 'error', severity: 'FATAL', code: '08P01', detail: undefined, hint: undefined, position: undefined });
  });

  it('encodes ParameterStatus', () => {
    const bytes = new BackendWriter().parameterStatus('client_encoding', 'UTF8').take();
    expect(bytes.toString('hex')).toBe(frame('S', cstr('client_encoding'), cstr('UTF8')).toString('hex'));
    expect(parseOne(bytes)).toMatchObject({ name: 'parameterStatus', parameterName: 'client_encoding', parameterValue: 'UTF8' });
  });

  it('encodes ParameterDescription, OIDs as unsigned 32-bit', () => {
    const bytes = new BackendWriter().parameterDescription([23, 25, 16390]).take();
    expect(bytes.toString('hex')).toBe(frame('t', i16(3), i32(23), i32(25), i32(16390)).toString('hex'));
    expect(parseOne(bytes)).toMatchObject({ name: 'parameterDescription', parameterCount: 3, dataTypeIDs: [23, 25, 16390] });
    expect(new BackendWriter().parameterDescription([4294967295]).take().toString('hex')).toBe('740000000a0001ffffffff');
    expect(new BackendWriter().parameterDescription([]).take().toString('hex')).toBe('74000000060000');
  });

  it('encodes AuthenticationSASL with its mechanism list', () => {
    const bytes = new BackendWriter().authenticationSASL(['SCRAM-SHA-256', 'SCRAM-SHA-256-PLUS']).take();
    expect(bytes.toString('hex')).toBe(frame('R', i32(10), cstr('SCRAM-SHA-256'), cstr('SCRAM-SHA-256-PLUS'), Buffer.from([0])).toString('hex'));
    expect(parseOne(bytes)).toMatchObject({ name: 'authenticationSASL', mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-256-PLUS'] });
  });

  it('gives multi-byte UTF-8 strings byte-length prefixes', () => {
    const samples = ['é', '€', '日本語', '😀', 'a😀b€c', 'ñ'.repeat(5000), '\u{10FFFF}'];
    for (const s of samples) {
      const w = new BackendWriter(8); // tiny initial buffer: the writer has to grow mid-message
      w.begin(0x44).int16(1).lengthPrefixedString(s).end();
      w.parameterStatus('application_name', s);
      w.commandComplete(s);
      const bytes = w.take();
      const utf8 = Buffer.from(s, 'utf8');
      expect(bytes.subarray(0, 11 + utf8.length).toString('hex'), s.slice(0, 10)).toBe(
        frame('D', i16(1), i32(utf8.length), utf8).toString('hex'),
      );
      const msgs = parseBackend(bytes);
      expect(msgs.map((m) => m.name)).toEqual(['dataRow', 'parameterStatus', 'commandComplete']);
      expect(msgs[0]!.fields).toEqual([s]);
      expect(msgs[1]!.parameterValue).toBe(s);
      expect(msgs[2]!.text).toBe(s);
      // The declared lengths add up to exactly the bytes written.
      let pos = 0;
      while (pos < bytes.length) pos += 1 + bytes.readInt32BE(pos + 1);
      expect(pos).toBe(bytes.length);
    }
  });

  it('accumulates many messages across growth and starts over after take()', () => {
    const w = new BackendWriter(16);
    w.rowDescription(fields.slice(0, 1));
    for (let i = 0; i < 2000; i++) w.begin(0x44).int16(1).lengthPrefixedString(`row ${i} ✓`).end();
    w.commandComplete('SELECT 2000').readyForQuery('I');
    const msgs = parseBackend(w.take());
    expect(msgs.length).toBe(2003);
    expect(msgs[1]!.fields).toEqual(['row 0 ✓']);
    expect(msgs[2000]!.fields).toEqual(['row 1999 ✓']);
    expect(msgs[2002]).toMatchObject({ name: 'readyForQuery', status: 'I' });
    expect(w.size).toBe(0);
    expect([...w.readyForQuery('T').take()]).toEqual([0x5a, 0, 0, 0, 5, 0x54]);
  });
});
