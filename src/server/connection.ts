/**
 * One client connection: the startup phase (SSL/GSS negotiation, startup
 * packet, authentication), then the message loop that feeds the session's
 * protocol handler. Malformed input ends only this connection, with a FATAL
 * 08P01; the server and every other session go on.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BackendWriter } from '../protocol/backend.js';
import { AuthCode } from '../protocol/codes.js';
import { FrameDecoder, MessageFormatError, type FrontendMessage, type StartupPacket } from '../protocol/frontend.js';
import { PgError, SqlState, toPgError } from '../types/errors.js';
import { ProtocolHandler } from './handler.js';
import type { Output } from './portal.js';
import { Session } from './session.js';
import { settingDef } from './settings.js';
import { ScramError, ScramExchange, md5PasswordHash, md5Response } from './auth/scram.js';
import type { AuthMethod } from './config.js';
import type { Logger } from './log.js';
import type { ServerState } from './server.js';

const FLUSH_THRESHOLD = 64 * 1024;
/** Pause reading from a client that sends faster than its statements run. */
const INPUT_HIGH_WATER = 16 * 1024 * 1024;

/** PostgreSQL's startup-packet settings that are connection properties, not GUCs. */
const STARTUP_ONLY = new Set(['user', 'database', 'options', 'replication']);

export class Connection {
  private socket: Socket;
  private readonly decoder: FrameDecoder;
  private readonly w = new BackendWriter();
  private session: Session | null = null;
  private handler: ProtocolHandler | null = null;
  private closed = false;
  /** Resolves the next frontend message for the startup/auth phase. */
  private waiter: { resolve: () => void } | null = null;
  private busy = false;
  private log: Logger;

  constructor(
    socket: Socket,
    private readonly server: ServerState,
  ) {
    this.socket = socket;
    this.decoder = new FrameDecoder(server.config.maxMessageSize);
    this.log = server.log.child({ peer: `${socket.remoteAddress}:${socket.remotePort}` });
    socket.setNoDelay(true);
    this.attach(socket);
    void this.run();
  }

  private attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      if (this.decoder.buffered > INPUT_HIGH_WATER && this.busy) socket.pause();
      this.wake();
    });
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'socket error'));
    socket.on('close', () => this.onClose());
    socket.on('end', () => this.wake());
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.resolve();
  }

  private waitForData(): Promise<void> {
    if (this.closed) return Promise.reject(new ConnectionClosed());
    return new Promise((resolve) => {
      this.waiter = { resolve };
    });
  }

  private async run(): Promise<void> {
    try {
      const ok = await this.startup();
      if (!ok) return this.end();
      await this.messageLoop();
    } catch (e) {
      if (e instanceof ConnectionClosed) return;
      const err = toPgError(e);
      if (err.code === SqlState.InternalError) this.log.error({ err: e }, 'connection failed');
      else this.log.info({ code: err.code, msg: err.message }, 'connection closed with error');
      this.w.error(new PgError(err.code, err.message, { severity: 'FATAL', detail: err.detail, hint: err.hint }));
    }
    this.end();
  }

  // ---- Startup ----

  private async nextStartupPacket(): Promise<StartupPacket> {
    for (;;) {
      const p = this.decoder.nextStartup();
      if (p) return p;
      if (this.socket.readableEnded || this.closed) throw new ConnectionClosed();
      await this.waitForData();
    }
  }

  private async nextMessage(): Promise<FrontendMessage> {
    for (;;) {
      const m = this.decoder.next();
      if (m) return m;
      if (this.socket.readableEnded || this.closed) throw new ConnectionClosed();
      await this.waitForData();
    }
  }

  /** Returns false when the connection served a cancel request or negotiation only. */
  private async startup(): Promise<boolean> {
    let negotiated = false;
    for (;;) {
      const p = await this.nextStartupPacket();
      if (p.kind === 'cancel') {
        this.server.cancel(p.pid, p.secret);
        return false;
      }
      if (p.kind === 'gssenc') {
        this.socket.write('N');
        continue;
      }
      if (p.kind === 'ssl') {
        if (negotiated) throw new PgError(SqlState.ProtocolViolation, 'unexpected SSL request', { severity: 'FATAL' });
        negotiated = true;
        const ctx = this.server.tls;
        if (!ctx) {
          this.socket.write('N');
          continue;
        }
        if (this.decoder.buffered > 0) {
          throw new PgError(SqlState.ProtocolViolation, 'received unencrypted data after SSL request', { severity: 'FATAL' });
        }
        this.socket.write('S');
        this.upgradeToTls(ctx);
        continue;
      }
      // A client asking for a newer minor version or protocol options learns what this server speaks.
      const unrecognized = [...p.params.keys()].filter((k) => k.startsWith('_pq_.'));
      if ((p.protocol & 0xffff) > 0 || unrecognized.length > 0) {
        this.w.negotiateProtocolVersion(3 << 16, unrecognized);
        for (const k of unrecognized) p.params.delete(k);
      }
      return this.authenticate(p.params);
    }
  }

  private upgradeToTls(ctx: SecureContext): void {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('end');
    const secure = new TLSSocket(plain, { isServer: true, secureContext: ctx });
    secure.on('error', (err) => this.log.info({ err: err.message }, 'TLS error'));
    this.socket = secure;
    this.attach(secure);
  }

  get isTls(): boolean {
    return this.socket instanceof TLSSocket;
  }

  private async authenticate(params: Map<string, string>): Promise<boolean> {
    const cfg = this.server.config;
    const user = params.get('user') ?? '';
    if (user === '') throw new PgError(SqlState.InvalidAuthorizationSpecification, 'no PostgreSQL user name specified in startup packet', { severity: 'FATAL' });
    const database = params.get('database') || user;
    const loopback = isLoopback(this.socket.remoteAddress ?? '');
    const method: AuthMethod = loopback ? cfg.authLocal : cfg.authHost;
    const role = this.server.roles.get(user);

    if (method === 'trust') {
      if (!role) throw new PgError(SqlState.InvalidAuthorizationSpecification, `role "${user}" does not exist`, { severity: 'FATAL' });
    } else {
      const ok = await this.checkPassword(method, user, role?.password);
      if (!ok || !role) {
        this.log.warn({ user, method }, 'password authentication failed');
        // Slow down password guessing; the delay is the same for unknown users.
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 100));
        throw new PgError(SqlState.InvalidPassword, `password authentication failed for user "${user}"`, { severity: 'FATAL' });
      }
    }
    if (!this.server.databases.has(database)) {
      throw new PgError(SqlState.InvalidCatalogName, `database "${database}" does not exist`, { severity: 'FATAL' });
    }
    if (this.server.sessionCount >= cfg.maxConnections) {
      throw new PgError(SqlState.TooManyConnections, 'sorry, too many clients already', { severity: 'FATAL' });
    }

    const identity = this.server.newIdentity(user, database, role!.superuser);
    const session = new Session(identity, this.server.db, this.server.settingDefaults);
    // Startup parameters are settings (client_encoding, DateStyle…), plus -c options.
    const options = parseOptions(params.get('options') ?? '');
    for (const [name, value] of [...params.entries(), ...options]) {
      if (STARTUP_ONLY.has(name)) continue;
      if (!settingDef(name)) {
        if (name.includes('.')) continue; // custom (extension) settings are accepted by PostgreSQL too
        throw new PgError(SqlState.UndefinedObject, `unrecognized configuration parameter "${name}"`, { severity: 'FATAL' });
      }
      try {
        session.settings.initialize(name, value);
      } catch (e) {
        const err = toPgError(e);
        throw new PgError(err.code, err.message, { severity: 'FATAL' });
      }
    }
    this.session = session;
    this.server.register(this, session);
    this.w.authentication(AuthCode.Ok);
    for (const name of REPORTED_AT_STARTUP) this.w.parameterStatus(name, session.settings.show(name));
    this.w.backendKeyData(identity.pid, identity.secret);
    this.w.readyForQuery('I');
    await this.flush();
    this.log = this.log.child({ pid: identity.pid, user, database });
    this.log.info('connection authorized');
    return true;
  }

  private async checkPassword(method: AuthMethod, user: string, password: string | undefined): Promise<boolean> {
    if (method === 'password') {
      this.w.authentication(AuthCode.CleartextPassword);
      await this.flush();
      const data = await this.passwordMessage();
      const given = data.subarray(0, Math.max(0, data.indexOf(0)));
      return password !== undefined && safeEqual(given, Buffer.from(password));
    }
    if (method === 'md5') {
      const salt = randomBytes(4);
      this.w.authentication(AuthCode.MD5Password, salt);
      await this.flush();
      const data = await this.passwordMessage();
      const given = data.subarray(0, Math.max(0, data.indexOf(0)));
      const expected = md5Response(md5PasswordHash(password ?? randomBytes(8).toString('hex'), user), salt);
      return password !== undefined && safeEqual(given, Buffer.from(expected));
    }
    // SCRAM-SHA-256, with channel binding (-PLUS) over TLS: tls-server-end-point is the hash of our certificate.
    const binding = this.socket instanceof TLSSocket ? certificateHash(this.socket) : null;
    this.w.authenticationSASL(binding ? ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'] : ['SCRAM-SHA-256']);
    await this.flush();
    const initial = await this.passwordMessage();
    const zero = initial.indexOf(0);
    if (zero < 0 || initial.length < zero + 5) throw malformedAuth();
    const mechanism = initial.toString('utf8', 0, zero);
    if (mechanism !== 'SCRAM-SHA-256' && !(mechanism === 'SCRAM-SHA-256-PLUS' && binding)) {
      throw new PgError(SqlState.ProtocolViolation, 'client selected an invalid SASL authentication mechanism', { severity: 'FATAL' });
    }
    const len = initial.readInt32BE(zero + 1);
    const first = initial.toString('utf8', zero + 5, len < 0 ? undefined : zero + 5 + len);
    const exchange = new ScramExchange(password === undefined ? null : this.server.scramVerifier(user), mechanism, binding);
    try {
      this.w.authentication(AuthCode.SASLContinue, Buffer.from(exchange.clientFirst(first)));
      await this.flush();
      const final = (await this.passwordMessage()).toString('utf8');
      const serverFinal = exchange.clientFinal(final);
      if (serverFinal === null) return false;
      this.w.authentication(AuthCode.SASLFinal, Buffer.from(serverFinal));
      return true;
    } catch (e) {
      if (e instanceof ScramError) throw new PgError(SqlState.ProtocolViolation, e.message, { severity: 'FATAL' });
      throw e;
    }
  }

  private async passwordMessage(): Promise<Buffer> {
    const m = await this.nextMessage();
    if (m.kind !== 'password') {
      throw new PgError(SqlState.ProtocolViolation, `expected password response, got message type ${m.kind}`, { severity: 'FATAL' });
    }
    return m.data;
  }

  // ---- Established session ----

  private async messageLoop(): Promise<void> {
    const out: Output = {
      w: this.w,
      maybeFlush: () => (this.w.size >= FLUSH_THRESHOLD ? this.flush() : Promise.resolve()),
      flush: () => this.flush(),
    };
    this.handler = new ProtocolHandler(this.session!, out, this.log);
    for (;;) {
      let msg: FrontendMessage;
      try {
        msg = await this.nextMessage();
      } catch (e) {
        if (!(e instanceof MessageFormatError)) throw e;
        // The frame was intact but its fields were not: an ERROR, and the session goes on.
        // Extended-protocol messages wait for Sync; any other gets its ReadyForQuery at once (as postgres.c does).
        this.handler.malformedMessage(e, !EXTENDED_TYPES.has(e.messageType));
        await this.flush();
        continue;
      }
      this.busy = true;
      const keepGoing = await this.handler.handle(msg);
      this.busy = false;
      if (this.socket.isPaused()) this.socket.resume();
      if (!keepGoing) return;
      // Reply once the client has nothing more queued: pipelined messages share one write.
      if (this.decoder.buffered === 0 || msg.kind === 'sync' || msg.kind === 'query') await this.flush();
    }
  }

  private flush(): Promise<void> {
    if (this.w.size === 0 || this.closed) return Promise.resolve();
    const data = this.w.take();
    const ok = this.socket.write(data);
    if (ok) return Promise.resolve();
    // The client is not reading: wait, so that a large result cannot fill server memory.
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.once('drain', done);
      this.socket.once('close', done);
    });
  }

  private end(): void {
    if (this.w.size > 0 && !this.closed) this.socket.write(this.w.take());
    this.socket.end();
    this.closed = true;
  }

  private onClose(): void {
    if (this.closed && this.session === null) return;
    this.closed = true;
    this.wake();
    const s = this.session;
    if (s) {
      // A vanished client: stop what it was running and roll back its transaction.
      s.interrupt('cancel');
      if (s.inBlock) s.rollback();
      void s.endImplicit(false);
      this.server.unregister(s);
      this.log.info('disconnected');
      this.session = null;
    }
  }

  /** Used by pg_terminate_backend and shutdown. */
  terminate(err: PgError): void {
    if (this.closed) return;
    this.w.error(err);
    this.end();
  }
}

class ConnectionClosed extends Error {}

/** Parse, Bind, Execute, Close, Describe, Flush. */
const EXTENDED_TYPES = new Set([0x50, 0x42, 0x45, 0x43, 0x44, 0x48]);

const REPORTED_AT_STARTUP = [
  'application_name',
  'client_encoding',
  'DateStyle',
  'default_transaction_read_only',
  'in_hot_standby',
  'integer_datetimes',
  'IntervalStyle',
  'is_superuser',
  'server_encoding',
  'server_version',
  'session_authorization',
  'standard_conforming_strings',
  'TimeZone',
];

function malformedAuth(): PgError {
  return new PgError(SqlState.ProtocolViolation, 'malformed SASL message', { severity: 'FATAL' });
}

/** tls-server-end-point channel binding data (RFC 5929): SHA-256 of the server certificate, as PostgreSQL computes it for SHA-256 or weaker signatures. */
function certificateHash(socket: TLSSocket): Buffer | null {
  const cert = socket.getCertificate() as { raw?: Buffer } | null;
  return cert?.raw ? createHash('sha256').update(cert.raw).digest() : null;
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isLoopback(addr: string): boolean {
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

/** The startup "options" parameter: `-c name=value` and `--name=value`, backslash-escaped spaces. */
export function parseOptions(options: string): [string, string][] {
  const words: string[] = [];
  let cur = '';
  let escaped = false;
  for (const ch of options) {
    if (escaped) {
      cur += ch;
      escaped = false;
    } else if (ch === '\\') escaped = true;
    else if (/\s/.test(ch)) {
      if (cur) words.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) words.push(cur);
  const out: [string, string][] = [];
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    if (w === '-c') w = words[++i] ?? '';
    else if (w.startsWith('-c')) w = w.slice(2);
    else if (w.startsWith('--')) w = w.slice(2);
    else continue;
    const eq = w.indexOf('=');
    if (eq > 0) out.push([w.slice(0, eq).replace(/-/g, '_'), w.slice(eq + 1)]);
  }
  return out;
}
