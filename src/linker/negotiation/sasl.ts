// SASL authentication: choose the strongest mechanism we can use, run it, and return the
// keys to keep instead of the password.
// References: RFC 6120 §6.4 (exchange: <auth/>, <challenge/>, <response/>, <success/>,
// <failure/>), §6.3.3 (mechanism preference is the client's), RFC 4616 (PLAIN),
// RFC 5802 / RFC 7677 (SCRAM).
import type { Element } from '../../../native/expat-stream/index.js';
import { getChild, getChildren, getText, localName, xml } from '../../xml/element.js';
import { LinkerError, saslFailureError } from '../errors.js';
import { NS_SASL } from '../namespaces.js';
import { SCRAM_MECHANISMS, ScramClient, type ScramKeys, type ScramMechanism } from '../sasl/scram.js';
import type { XmppStream } from '../transport/xmpp-stream.js';

export interface SaslSecrets {
  username: string;
  /** Only for a first login; dropped by the linker once keys exist. */
  password?: string;
  keys?: Partial<Record<ScramMechanism, ScramKeys>>;
}

export interface SaslOutcome {
  mechanism: string;
  /** Set for SCRAM: what to store for the next login. */
  keys?: ScramKeys;
}

export async function authenticate(stream: XmppStream, features: Element, secrets: SaslSecrets): Promise<SaslOutcome> {
  const mechanisms = getChild(features, 'mechanisms', NS_SASL);
  const offered = mechanisms ? getChildren(mechanisms, 'mechanism').map(getText) : [];
  const scram = SCRAM_MECHANISMS.find((mechanism) => offered.includes(mechanism)
    && (secrets.password !== undefined || secrets.keys?.[mechanism] !== undefined));
  if (scram) return authenticateScram(stream, scram, secrets);
  const hasScramOffer = SCRAM_MECHANISMS.some((mechanism) => offered.includes(mechanism));
  // PLAIN only when no SCRAM is offered at all, and only over TLS (RFC 6120 §13.8).
  if (!hasScramOffer && offered.includes('PLAIN') && stream.isSecure && secrets.password !== undefined) {
    return authenticatePlain(stream, secrets.username, secrets.password);
  }
  if (secrets.password === undefined) {
    throw stream.fail(new LinkerError('E_LINKER_CREDENTIALS',
      `The saved sign-in is for ${Object.keys(secrets.keys ?? {}).join(', ') || 'no method'}, but the server now offers ${offered.join(', ')}. Sign in again with the password.`,
      { condition: 'credentials-expired' }));
  }
  throw stream.fail(new LinkerError('E_LINKER_AUTH_UNSUPPORTED',
    `The server offers no sign-in method Foyer accepts (offered: ${offered.join(', ') || 'none'}).`, { condition: 'invalid-mechanism' }));
}

async function authenticateScram(stream: XmppStream, mechanism: ScramMechanism, secrets: SaslSecrets): Promise<SaslOutcome> {
  const secret = secrets.password !== undefined ? { password: secrets.password } : { keys: secrets.keys![mechanism]! };
  const client = new ScramClient(mechanism, secrets.username, secret);
  stream.send(xml('auth', { xmlns: NS_SASL, mechanism }, encode(client.initial())));
  const challenge = await expect(stream, 'challenge');
  try {
    stream.send(xml('response', { xmlns: NS_SASL }, encode(await client.respond(decode(challenge)))));
    let outcome = await expect(stream, 'success', 'challenge');
    if (localName(outcome) === 'challenge') {
      // RFC 6120 §6.4.6 allows the server-final message as a last challenge.
      client.verifyFinal(decode(outcome));
      stream.send(xml('response', { xmlns: NS_SASL }));
      outcome = await expect(stream, 'success');
    } else {
      client.verifyFinal(decode(outcome));
    }
  } catch (error) {
    throw error instanceof LinkerError ? stream.fail(error) : error;
  }
  return { mechanism, keys: client.keys };
}

async function authenticatePlain(stream: XmppStream, username: string, password: string): Promise<SaslOutcome> {
  stream.send(xml('auth', { xmlns: NS_SASL, mechanism: 'PLAIN' }, encode(`\0${username}\0${password}`)));
  await expect(stream, 'success');
  return { mechanism: 'PLAIN' };
}

async function expect(stream: XmppStream, ...names: string[]): Promise<Element> {
  const element = await stream.read();
  const name = localName(element);
  if (name === 'failure') throw stream.fail(saslFailureError(element));
  if (!names.includes(name)) {
    throw stream.fail(new LinkerError('E_LINKER_PROTOCOL', `SASL: expected <${names.join('/> or <')}/>, got <${element.name}/>`, { condition: 'malformed-request' }));
  }
  return element;
}

function encode(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function decode(element: Element): string {
  return Buffer.from(getText(element), 'base64').toString('utf8');
}
