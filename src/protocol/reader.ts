import { PgError, SqlState } from '../types/errors.js';

/**
 * Reads the fields of one message body. Unlike pg-protocol's BufferReader it
 * checks every read against the end of the frame, so a truncated or lying
 * message becomes a protocol violation instead of reading the next message.
 */
export class FieldReader {
  private pos: number;
  constructor(
    private readonly buf: Buffer,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw malformed('message is shorter than its fields');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  cstring(): string {
    const zero = this.buf.indexOf(0, this.pos);
    if (zero < 0 || zero >= this.end) throw malformed('unterminated string in message');
    const s = this.buf.toString('utf8', this.pos, zero);
    this.pos = zero + 1;
    return s;
  }

  /** A copy of n bytes: the receive buffer is reused once this message is handled. */
  bytes(n: number): Buffer {
    if (n < 0) throw malformed('negative length in message');
    this.need(n);
    const out = Buffer.allocUnsafe(n);
    this.buf.copy(out, 0, this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  rest(): Buffer {
    return this.bytes(this.end - this.pos);
  }

  remaining(): number {
    return this.end - this.pos;
  }

  /** Every field has been read; trailing bytes mean the client and server disagree on the format. */
  done(): void {
    if (this.pos !== this.end) throw malformed('message has trailing bytes');
  }
}

/**
 * A message whose frame was intact but whose fields were not. PostgreSQL
 * answers with an ERROR and goes on (the next frame boundary is known); only
 * framing errors are FATAL.
 */
export function malformed(message: string): PgError {
  return new PgError(SqlState.ProtocolViolation, `invalid message format: ${message}`);
}
