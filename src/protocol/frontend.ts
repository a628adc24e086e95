import { PgError, SqlState } from '../types/errors.js';
import { FrontendCode, StartupCode } from './codes.js';
import { FieldReader, malformed } from './reader.js';

/** Messages a client sends before the session is established (no type byte). */
export type StartupPacket =
  | { kind: 'startup'; protocol: number; params: Map<string, string> }
  | { kind: 'ssl' }
  | { kind: 'gssenc' }
  | { kind: 'cancel'; pid: number; secret: number };

export type FormatCode = 0 | 1;

/** Messages of an established session. */
export type FrontendMessage =
  | { kind: 'query'; sql: string }
  | { kind: 'parse'; name: string; sql: string; paramTypes: number[] }
  | {
      kind: 'bind';
      portal: string;
      statement: string;
      paramFormats: FormatCode[];
      params: (Buffer | null)[];
      resultFormats: FormatCode[];
    }
  | { kind: 'describe'; target: 'S' | 'P'; name: string }
  | { kind: 'execute'; portal: string; maxRows: number }
  | { kind: 'close'; target: 'S' | 'P'; name: string }
  | { kind: 'sync' }
  | { kind: 'flush' }
  | { kind: 'terminate' }
  | { kind: 'password'; data: Buffer }
  | { kind: 'copyData'; data: Buffer }
  | { kind: 'copyDone' }
  | { kind: 'copyFail'; message: string }
  | { kind: 'functionCall' };

/**
 * Splits a byte stream into frames. Holds one growing buffer; `push` appends
 * a chunk and `next*` return whole messages while there are any, so frames
 * split across chunks and several frames in one chunk are both handled.
 */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;

  /** @param maxMessageSize the largest frame accepted; PostgreSQL's limit is 1 GiB. */
  constructor(private readonly maxMessageSize: number) {}

  push(chunk: Buffer): void {
    if (this.start === this.end) {
      // Nothing pending: read straight from the chunk without copying.
      this.buf = chunk;
      this.start = 0;
      this.end = chunk.length;
      return;
    }
    const pending = this.end - this.start;
    if (this.start + pending + chunk.length <= this.buf.length && this.buf !== chunk) {
      chunk.copy(this.buf, this.end);
      this.end += chunk.length;
      return;
    }
    const next = Buffer.allocUnsafe(Math.max(pending + chunk.length, pending * 2));
    this.buf.copy(next, 0, this.start, this.end);
    chunk.copy(next, pending);
    this.buf = next;
    this.start = 0;
    this.end = pending + chunk.length;
  }

  /** Bytes held that do not yet form a whole message. */
  get buffered(): number {
    return this.end - this.start;
  }

  /** The next startup-phase packet (length-prefixed, no type byte), or null if incomplete. */
  nextStartup(): StartupPacket | null {
    if (this.end - this.start < 4) return null;
    const len = this.buf.readInt32BE(this.start);
    // PostgreSQL caps startup packets at 10,000 bytes (MAX_STARTUP_PACKET_LENGTH) after the length word.
    if (len < 8 || len - 4 > 10000) throw fatal('invalid length of startup packet');
    if (this.end - this.start < len) return null;
    const r = new FieldReader(this.buf, this.start + 4, this.start + len);
    this.start += len;
    try {
      return decodeStartup(r);
    } catch (e) {
      // The startup phase has no way to recover from a bad packet.
      if (e instanceof PgError && e.severity !== 'FATAL') throw fatal(e.message.replace(/^invalid message format: /, ''));
      throw e;
    }
  }

  /** The next typed message, or null if the buffer holds only part of one. */
  next(): FrontendMessage | null {
    if (this.end - this.start < 5) return null;
    const code = this.buf[this.start]!;
    const len = this.buf.readInt32BE(this.start + 1);
    if (len < 4) throw fatal(`invalid message length ${len}`);
    if (!KNOWN_TYPES.has(code)) throw fatal(`invalid frontend message type ${code}`);
    // Like PostgreSQL, only messages that carry data may be large; a long Sync or Flush is a broken stream.
    const limit = LARGE_TYPES.has(code) ? this.maxMessageSize : Math.min(SMALL_MESSAGE_LIMIT, this.maxMessageSize);
    if (len > limit) {
      throw new PgError(SqlState.ProtocolViolation, `invalid message length ${len}: exceeds the limit of ${limit} bytes`, { severity: 'FATAL' });
    }
    if (this.end - this.start < len + 1) return null;
    const bodyStart = this.start + 5;
    const bodyEnd = this.start + 1 + len;
    this.start = bodyEnd;
    try {
      return decodeMessage(code, new FieldReader(this.buf, bodyStart, bodyEnd));
    } catch (e) {
      if (e instanceof PgError && e.severity !== 'FATAL') throw new MessageFormatError(code, e);
      throw e;
    } finally {
      if (this.start === this.end) {
        // Drop the reference so a large frame's buffer can be collected.
        this.buf = Buffer.alloc(0);
        this.start = this.end = 0;
      }
    }
  }

  /** Expected size of the frame being received, to reject oversized frames before buffering them. */
  pendingFrameLength(): number {
    if (this.end - this.start < 5) return 0;
    return this.buf.readInt32BE(this.start + 1);
  }
}

/**
 * A complete frame whose fields could not be decoded. The stream is still in
 * sync, so the session reports it as an ERROR and goes on.
 */
export class MessageFormatError extends PgError {
  constructor(
    /** The frame's type byte. */
    readonly messageType: number,
    cause: PgError,
  ) {
    super(cause.code, cause.message, { detail: cause.detail, hint: cause.hint });
  }
}

const SMALL_MESSAGE_LIMIT = 10000;
const LARGE_TYPES = new Set<number>([FrontendCode.Query, FrontendCode.Parse, FrontendCode.Bind, FrontendCode.CopyData, FrontendCode.FunctionCall, FrontendCode.Password]);
const KNOWN_TYPES = new Set<number>([
  FrontendCode.Bind,
  FrontendCode.Close,
  FrontendCode.CopyData,
  FrontendCode.CopyDone,
  FrontendCode.CopyFail,
  FrontendCode.Describe,
  FrontendCode.Execute,
  FrontendCode.Flush,
  FrontendCode.FunctionCall,
  FrontendCode.Parse,
  FrontendCode.Password,
  FrontendCode.Query,
  FrontendCode.Sync,
  FrontendCode.Terminate,
]);

function fatal(message: string): PgError {
  return new PgError(SqlState.ProtocolViolation, `invalid message format: ${message}`, { severity: 'FATAL' });
}

function decodeStartup(r: FieldReader): StartupPacket {
    const code = r.int32();
    switch (code) {
      case StartupCode.SSLRequest:
        r.done();
        return { kind: 'ssl' };
      case StartupCode.GSSENCRequest:
        r.done();
        return { kind: 'gssenc' };
      case StartupCode.CancelRequest: {
        const pid = r.int32();
        const secret = r.int32();
        r.done();
        return { kind: 'cancel', pid, secret };
      }
      default: {
        const major = code >>> 16;
        if (major !== 3) {
          throw new PgError(
            SqlState.FeatureNotSupported,
            `unsupported frontend protocol ${major}.${code & 0xffff}: server supports 3.0 to 3.0`,
            { severity: 'FATAL' },
          );
        }
        const params = new Map<string, string>();
        for (;;) {
          const name = r.cstring();
          if (name === '') break;
          params.set(name, r.cstring());
        }
        r.done();
        return { kind: 'startup', protocol: code, params };
      }
    }
}

function decodeMessage(code: number, r: FieldReader): FrontendMessage {
  switch (code) {
    case FrontendCode.Query: {
      const sql = r.cstring();
      r.done();
      return { kind: 'query', sql };
    }
    case FrontendCode.Parse: {
      const name = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      if (n < 0) throw malformed('negative parameter count');
      const paramTypes: number[] = new Array(n);
      for (let i = 0; i < n; i++) paramTypes[i] = r.int32() >>> 0;
      r.done();
      return { kind: 'parse', name, sql, paramTypes };
    }
    case FrontendCode.Bind: {
      const portal = r.cstring();
      const statement = r.cstring();
      const paramFormats = readFormats(r);
      const n = r.int16();
      if (n < 0) throw malformed('negative parameter count');
      const params: (Buffer | null)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const len = r.int32();
        params[i] = len === -1 ? null : r.bytes(len);
      }
      const resultFormats = readFormats(r);
      r.done();
      return { kind: 'bind', portal, statement, paramFormats, params, resultFormats };
    }
    case FrontendCode.Describe:
    case FrontendCode.Close: {
      const t = r.byte();
      if (t !== 0x53 && t !== 0x50) {
        throw malformed(`invalid ${code === FrontendCode.Describe ? 'DESCRIBE' : 'CLOSE'} message subtype ${t}`);
      }
      const name = r.cstring();
      r.done();
      const target = t === 0x53 ? 'S' : 'P';
      return code === FrontendCode.Describe ? { kind: 'describe', target, name } : { kind: 'close', target, name };
    }
    case FrontendCode.Execute: {
      const portal = r.cstring();
      const maxRows = r.int32();
      r.done();
      return { kind: 'execute', portal, maxRows: maxRows < 0 ? 0 : maxRows };
    }
    case FrontendCode.Sync:
      r.done();
      return { kind: 'sync' };
    case FrontendCode.Flush:
      r.done();
      return { kind: 'flush' };
    case FrontendCode.Terminate:
      r.done();
      return { kind: 'terminate' };
    case FrontendCode.Password:
      return { kind: 'password', data: r.rest() };
    case FrontendCode.CopyData:
      return { kind: 'copyData', data: r.rest() };
    case FrontendCode.CopyDone:
      r.done();
      return { kind: 'copyDone' };
    case FrontendCode.CopyFail: {
      const message = r.cstring();
      r.done();
      return { kind: 'copyFail', message };
    }
    case FrontendCode.FunctionCall:
      return { kind: 'functionCall' };
    default:
      throw malformed(`invalid frontend message type ${code}`);
  }
}

function readFormats(r: FieldReader): FormatCode[] {
  const n = r.int16();
  if (n < 0) throw malformed('negative format count');
  const out: FormatCode[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = r.int16();
    if (f !== 0 && f !== 1) {
      throw new PgError(SqlState.InvalidParameterValue, `unsupported format code: ${f}`);
    }
    out[i] = f;
  }
  return out;
}
