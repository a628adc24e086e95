import type { PgError } from '../types/errors.js';
import { AuthCode, BackendCode, type TransactionStatus } from './codes.js';

/** One column of a RowDescription. */
export interface FieldDescription {
  name: string;
  tableOid: number;
  columnAttr: number;
  typeOid: number;
  typeLen: number;
  typeMod: number;
  format: 0 | 1;
}

/**
 * Encodes backend messages into one growing buffer. Messages accumulate until
 * `take()` hands the bytes to the socket, so a result of many rows becomes a
 * few large writes instead of one allocation and one write per row.
 */
export class BackendWriter {
  private buf: Buffer;
  private len = 0;
  private frameStart = -1;

  constructor(initialSize = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get size(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Starts a message: the type byte and a length placeholder filled by `end`. */
  begin(code: number): this {
    this.ensure(5);
    this.buf[this.len] = code;
    this.frameStart = this.len + 1;
    this.len += 5;
    return this;
  }

  end(): this {
    this.buf.writeInt32BE(this.len - this.frameStart, this.frameStart);
    this.frameStart = -1;
    return this;
  }

  byte(v: number): this {
    this.ensure(1);
    this.buf[this.len++] = v;
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.len);
    this.len += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.len);
    this.len += 4;
    return this;
  }

  cstring(s: string): this {
    const n = Buffer.byteLength(s);
    this.ensure(n + 1);
    this.buf.write(s, this.len, 'utf8');
    this.len += n;
    this.buf[this.len++] = 0;
    return this;
  }

  /** An int32 length followed by the UTF-8 bytes of s (a DataRow text cell). */
  lengthPrefixedString(s: string): this {
    // Worst case 3 bytes per UTF-16 unit; write then backfill the real length.
    const max = s.length * 3;
    this.ensure(4 + max);
    const n = this.buf.write(s, this.len + 4, 'utf8');
    this.buf.writeInt32BE(n, this.len);
    this.len += 4 + n;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** Returns the encoded messages and starts over. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.len));
    this.len = 0;
    if (this.buf.length > 1024 * 1024) this.buf = Buffer.allocUnsafe(16 * 1024);
    return out;
  }

  // ---- Messages (https://www.postgresql.org/docs/15/protocol-message-formats.html) ----

  authentication(code: AuthCode, payload?: Uint8Array): this {
    this.begin(BackendCode.Authentication).int32(code);
    if (payload) this.bytes(payload);
    return this.end();
  }

  /** AuthenticationSASL: the mechanism names, each NUL-terminated, then an empty name. */
  authenticationSASL(mechanisms: string[]): this {
    this.begin(BackendCode.Authentication).int32(AuthCode.SASL);
    for (const m of mechanisms) this.cstring(m);
    return this.byte(0).end();
  }

  /** NegotiateProtocolVersion: the newest minor version supported and the protocol options not recognized. */
  negotiateProtocolVersion(minor: number, unrecognized: readonly string[]): this {
    this.begin(0x76).int32(minor).int32(unrecognized.length);
    for (const o of unrecognized) this.cstring(o);
    return this.end();
  }

  parameterStatus(name: string, value: string): this {
    return this.begin(BackendCode.ParameterStatus).cstring(name).cstring(value).end();
  }

  backendKeyData(pid: number, secret: number): this {
    return this.begin(BackendCode.BackendKeyData).int32(pid).int32(secret).end();
  }

  readyForQuery(status: TransactionStatus): this {
    return this.begin(BackendCode.ReadyForQuery).byte(status.charCodeAt(0)).end();
  }

  rowDescription(fields: readonly FieldDescription[]): this {
    this.begin(BackendCode.RowDescription).int16(fields.length);
    for (const f of fields) {
      this.cstring(f.name).int32(f.tableOid).int16(f.columnAttr).int32(f.typeOid).int16(f.typeLen).int32(f.typeMod).int16(f.format);
    }
    return this.end();
  }

  parameterDescription(typeOids: readonly number[]): this {
    this.begin(BackendCode.ParameterDescription).int16(typeOids.length);
    for (const oid of typeOids) this.int32(oid);
    return this.end();
  }

  commandComplete(tag: string): this {
    return this.begin(BackendCode.CommandComplete).cstring(tag).end();
  }

  emptyQueryResponse(): this {
    return this.begin(BackendCode.EmptyQueryResponse).end();
  }

  parseComplete(): this {
    return this.begin(BackendCode.ParseComplete).end();
  }

  bindComplete(): this {
    return this.begin(BackendCode.BindComplete).end();
  }

  closeComplete(): this {
    return this.begin(BackendCode.CloseComplete).end();
  }

  noData(): this {
    return this.begin(BackendCode.NoData).end();
  }

  portalSuspended(): this {
    return this.begin(BackendCode.PortalSuspended).end();
  }

  copyInResponse(binary: boolean, columns: number): this {
    return this.copyResponse(BackendCode.CopyInResponse, binary, columns);
  }

  copyOutResponse(binary: boolean, columns: number): this {
    return this.copyResponse(BackendCode.CopyOutResponse, binary, columns);
  }

  private copyResponse(code: BackendCode, binary: boolean, columns: number): this {
    this.begin(code).byte(binary ? 1 : 0).int16(columns);
    for (let i = 0; i < columns; i++) this.int16(binary ? 1 : 0);
    return this.end();
  }

  copyData(data: Uint8Array): this {
    return this.begin(BackendCode.CopyData).bytes(data).end();
  }

  copyDone(): this {
    return this.begin(BackendCode.CopyDone).end();
  }

  error(err: PgError): this {
    return this.notice(BackendCode.ErrorResponse, err);
  }

  /** NoticeResponse / ErrorResponse share the field layout. */
  notice(code: BackendCode.ErrorResponse | BackendCode.NoticeResponse, err: PgError): this {
    this.begin(code);
    this.field(0x53, err.severity); // S: localized severity
    this.field(0x56, err.severity); // V: severity, never localized
    this.field(0x43, err.code); // C: SQLSTATE
    this.field(0x4d, err.message); // M
    this.field(0x44, err.detail); // D
    this.field(0x48, err.hint); // H
    this.field(0x50, err.position === undefined ? undefined : String(err.position)); // P
    this.field(0x57, err.context); // W
    this.field(0x73, err.schema); // s
    this.field(0x74, err.table); // t
    this.field(0x63, err.column); // c
    this.field(0x64, err.dataType); // d
    this.field(0x6e, err.constraint); // n
    return this.byte(0).end();
  }

  private field(code: number, value: string | undefined): void {
    if (value === undefined) return;
    this.byte(code).cstring(value);
  }
}
