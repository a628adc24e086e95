/**
 * SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL uses it
 * (https://www.postgresql.org/docs/15/sasl-authentication.html): the server
 * keeps only a verifier (salt, iterations, StoredKey, ServerKey), never the
 * password. The user name in the SCRAM message is ignored — PostgreSQL takes
 * it from the startup packet, and libpq sends an empty one.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ScramVerifier {
  readonly iterations: number;
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

const hmac = (key: Buffer, data: string | Buffer) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

export function makeVerifier(password: string, iterations = 4096, salt: Buffer = randomBytes(16)): ScramVerifier {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  return {
    iterations,
    salt,
    storedKey: sha256(hmac(salted, 'Client Key')),
    serverKey: hmac(salted, 'Server Key'),
  };
}

/** The text form stored in pg_authid.rolpassword. */
export function formatVerifier(v: ScramVerifier): string {
  return `SCRAM-SHA-256$${v.iterations}:${v.salt.toString('base64')}$${v.storedKey.toString('base64')}:${v.serverKey.toString('base64')}`;
}

export function parseVerifier(s: string): ScramVerifier | null {
  const m = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(s);
  if (!m) return null;
  return {
    iterations: Number(m[1]),
    salt: Buffer.from(m[2]!, 'base64'),
    storedKey: Buffer.from(m[3]!, 'base64'),
    serverKey: Buffer.from(m[4]!, 'base64'),
  };
}

export class ScramError extends Error {}

/**
 * One SCRAM exchange. `verifier` is null for an unknown user: the exchange
 * then runs against a random verifier and fails at the proof, so the reply
 * does not reveal whether the user exists.
 */
export class ScramExchange {
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';
  private gs2Header = '';
  private readonly verifier: ScramVerifier;
  private readonly userKnown: boolean;

  /**
   * @param channelBinding tls-server-end-point data (hash of the server
   * certificate) when the connection is TLS and SCRAM-SHA-256-PLUS was offered.
   */
  constructor(
    verifier: ScramVerifier | null,
    private readonly mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-256-PLUS' = 'SCRAM-SHA-256',
    private readonly channelBinding: Buffer | null = null,
  ) {
    this.userKnown = verifier !== null;
    this.verifier = verifier ?? makeVerifier(randomBytes(16).toString('hex'));
  }

  /** Handles client-first-message; returns server-first-message. */
  clientFirst(message: string): string {
    const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/.exec(message);
    if (!m) throw new ScramError('malformed SCRAM message');
    const flag = m[1]!;
    if (this.mechanism === 'SCRAM-SHA-256-PLUS') {
      if (flag !== 'p=tls-server-end-point') throw new ScramError('channel binding type is not supported or was not requested with SCRAM-SHA-256-PLUS');
    } else if (flag.startsWith('p=')) {
      throw new ScramError('client requested channel binding with SCRAM-SHA-256, which does not use it');
    } else if (flag === 'y' && this.channelBinding) {
      // The client could bind but believes the server cannot: an attacker may have stripped -PLUS.
      throw new ScramError('SCRAM channel binding negotiation error');
    }
    this.gs2Header = `${m[1]},${m[2] ?? ''},`;
    this.clientFirstBare = m[3]!;
    const attrs = parseAttributes(this.clientFirstBare);
    const clientNonce = attrs.get('r');
    if (!clientNonce || /[^\x21-\x2b\x2d-\x7e]/.test(clientNonce)) throw new ScramError('malformed SCRAM message');
    if (attrs.has('m')) throw new ScramError('unsupported SCRAM extension');
    this.nonce = clientNonce + randomBytes(18).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.verifier.salt.toString('base64')},i=${this.verifier.iterations}`;
    return this.serverFirst;
  }

  /** Handles client-final-message; returns server-final-message, or null if the proof is wrong. */
  clientFinal(message: string): string | null {
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) throw new ScramError('malformed SCRAM message');
    const withoutProof = message.slice(0, proofAt);
    const attrs = parseAttributes(withoutProof);
    const expected = Buffer.concat([Buffer.from(this.gs2Header), this.mechanism === 'SCRAM-SHA-256-PLUS' && this.channelBinding ? this.channelBinding : Buffer.alloc(0)]);
    if (attrs.get('c') !== expected.toString('base64')) throw new ScramError('SCRAM channel binding check failed');
    if (attrs.get('r') !== this.nonce) throw new ScramError('SCRAM nonce mismatch');
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.verifier.storedKey, authMessage);
    if (proof.length !== clientSignature.length) return null;
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    const ok = timingSafeEqual(sha256(clientKey), this.verifier.storedKey) && this.userKnown;
    if (!ok) return null;
    return `v=${hmac(this.verifier.serverKey, authMessage).toString('base64')}`;
  }
}

function parseAttributes(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of s.split(',')) {
    const eq = part.indexOf('=');
    if (eq !== 1) throw new ScramError('malformed SCRAM message');
    out.set(part[0]!, part.slice(2));
  }
  return out;
}

/** md5 auth: the client sends "md5" + md5(md5(password + user) + salt). */
export function md5Response(passwordHash: string, salt: Buffer): string {
  // passwordHash is "md5" + md5(password + user), as pg_authid stores it.
  return 'md5' + createHash('md5').update(Buffer.concat([Buffer.from(passwordHash.slice(3)), salt])).digest('hex');
}

export function md5PasswordHash(password: string, user: string): string {
  return 'md5' + createHash('md5').update(password + user).digest('hex');
}
