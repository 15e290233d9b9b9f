// SCRAM client (SCRAM-SHA-1, SCRAM-SHA-256) without channel binding, able to log in from the
// derived keys alone so that no plaintext password is kept after the first login.
// References: RFC 5802 §3 (algorithm), §5 (messages), §7 (formal syntax), RFC 7677
// (SCRAM-SHA-256, iteration count ≥ 4096), RFC 6120 §6.4.
//
// From RFC 5802 §3: ClientProof = ClientKey XOR HMAC(H(ClientKey), AuthMessage) and
// ServerSignature = HMAC(ServerKey, AuthMessage), so ClientKey and ServerKey (with the salt and
// iteration count they were derived for) are all a client needs, and they do not reveal the
// password. They are still password-equivalent for this server: store them as secrets.
// Passwords are normalised with NFKC, the core of SASLprep (RFC 4013), which Node lacks.

import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { LinkerError } from '../errors.js';

const pbkdf2Async = promisify(pbkdf2);

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-1';
const DIGESTS: Record<ScramMechanism, 'sha256' | 'sha1'> = { 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-1': 'sha1' };
/** Strongest first. */
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-1'];
// RFC 7677 §4: fewer iterations make a stolen exchange cheap to brute-force.
export const MIN_ITERATIONS = 4096;

/** What is kept instead of the password, per mechanism. Binary fields are base64. */
export interface ScramKeys {
  salt: string;
  iterations: number;
  clientKey: string;
  serverKey: string;
}

export type ScramSecret = { password: string } | { keys: ScramKeys };

export async function deriveScramKeys(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Promise<ScramKeys> {
  const digest = DIGESTS[mechanism];
  const size = createHash(digest).digest().length;
  const saltedPassword = await pbkdf2Async(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, size, digest);
  return {
    salt: salt.toString('base64'),
    iterations,
    clientKey: hmac(digest, saltedPassword, 'Client Key').toString('base64'),
    serverKey: hmac(digest, saltedPassword, 'Server Key').toString('base64'),
  };
}

/** One SCRAM exchange: initial() → respond(server-first) → verifyFinal(server-final). */
export class ScramClient {
  readonly mechanism: ScramMechanism;
  #clientFirstBare: string;
  #nonce: string;
  #secret: ScramSecret;
  #serverSignature: Buffer | undefined;
  #keys: ScramKeys | undefined;

  constructor(mechanism: ScramMechanism, username: string, secret: ScramSecret, nonce = randomBytes(18).toString('base64')) {
    this.mechanism = mechanism;
    this.#secret = secret;
    this.#nonce = nonce;
    this.#clientFirstBare = `n=${escapeSaslName(username.normalize('NFKC'))},r=${nonce}`;
  }

  /** client-first-message; gs2 header 'n,,': no channel binding, no authzid. */
  initial(): string {
    return `n,,${this.#clientFirstBare}`;
  }

  /** Computes client-final-message from server-first-message. */
  async respond(serverFirst: string): Promise<string> {
    const attributes = parseAttributes(serverFirst);
    const nonce = attributes.get('r');
    const salt = attributes.get('s');
    const iterations = Number(attributes.get('i'));
    if (attributes.has('m')) throw protocolError('server-first-message has a mandatory extension we do not know');
    if (!nonce || !nonce.startsWith(this.#nonce) || nonce.length === this.#nonce.length) throw protocolError('the server nonce does not extend ours');
    if (!salt || !Number.isInteger(iterations)) throw protocolError('server-first-message lacks the salt or iteration count');
    if (iterations < MIN_ITERATIONS) {
      throw new LinkerError('E_LINKER_AUTH_SERVER', `The server asks for ${iterations} SCRAM iterations, fewer than the safe minimum of ${MIN_ITERATIONS}.`, { condition: 'mechanism-too-weak' });
    }
    const keys = await this.#keysFor(Buffer.from(salt, 'base64'), iterations);
    const digest = DIGESTS[this.mechanism];
    const clientFinalWithoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.#clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
    const clientKey = Buffer.from(keys.clientKey, 'base64');
    const storedKey = createHash(digest).update(clientKey).digest();
    const clientSignature = hmac(digest, storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ clientSignature[i]!;
    this.#serverSignature = hmac(digest, Buffer.from(keys.serverKey, 'base64'), authMessage);
    this.#keys = keys;
    return `${clientFinalWithoutProof},p=${proof.toString('base64')}`;
  }

  /** Checks the server's signature: a server that cannot produce it does not know our keys. */
  verifyFinal(serverFinal: string): void {
    const attributes = parseAttributes(serverFinal);
    const error = attributes.get('e');
    if (error !== undefined) throw new LinkerError('E_LINKER_AUTH', `The server refused the sign-in (${error}).`, { condition: 'not-authorized' });
    const verifier = Buffer.from(attributes.get('v') ?? '', 'base64');
    const expected = this.#serverSignature;
    if (!expected || verifier.length !== expected.length || !timingSafeEqual(verifier, expected)) {
      throw new LinkerError('E_LINKER_AUTH_SERVER', 'The server could not prove that it knows the password: refusing to continue.', { condition: 'not-authorized' });
    }
  }

  /** The keys used in this exchange, to store instead of the password (after verifyFinal). */
  get keys(): ScramKeys | undefined {
    return this.#keys;
  }

  async #keysFor(salt: Buffer, iterations: number): Promise<ScramKeys> {
    if ('password' in this.#secret) return deriveScramKeys(this.mechanism, this.#secret.password, salt, iterations);
    const stored = this.#secret.keys;
    if (stored.iterations !== iterations || !salt.equals(Buffer.from(stored.salt, 'base64'))) {
      throw new LinkerError('E_LINKER_CREDENTIALS',
        'The saved sign-in no longer matches the server (was the password changed?). Sign in again with the password.',
        { condition: 'credentials-expired' });
    }
    return stored;
  }
}

function hmac(digest: string, key: Buffer, data: string): Buffer {
  return createHmac(digest, key).update(data, 'utf8').digest();
}

/** RFC 5802 §5.1: ',' and '=' in a username are written =2C and =3D. */
function escapeSaslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    if (part.length < 2 || part[1] !== '=') throw protocolError(`malformed SCRAM attribute ${JSON.stringify(part.slice(0, 20))}`);
    attributes.set(part[0]!, part.slice(2));
  }
  return attributes;
}

function protocolError(why: string): LinkerError {
  return new LinkerError('E_LINKER_AUTH_SERVER', `SCRAM: ${why}`, { condition: 'malformed-request' });
}
