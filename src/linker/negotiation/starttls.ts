// STARTTLS: required whenever the connection is not yet encrypted.
// References: RFC 6120 §5.4.2 (<starttls/>, <proceed/>, <failure/>), §5.3.1 (mandatory to
// negotiate), §5.4.3.3 (stream restart after the handshake).
import type { Element } from '../../../native/expat-stream/index.js';
import { getChild, localName, xml } from '../../xml/element.js';
import { LinkerError } from '../errors.js';
import { NS_TLS } from '../namespaces.js';
import type { TlsTrust } from '../transport/tls.js';
import type { XmppStream } from '../transport/xmpp-stream.js';

/** Upgrades a plain stream to TLS and returns the features of the restarted stream. */
export async function negotiateStartTls(stream: XmppStream, features: Element, trust: TlsTrust): Promise<Element> {
  if (stream.isSecure) return features;
  if (!getChild(features, 'starttls', NS_TLS)) {
    // Never authenticate in the clear: a server (or an attacker) that drops STARTTLS is refused.
    throw stream.fail(new LinkerError('E_LINKER_TLS_REQUIRED', `${stream.domain} does not offer STARTTLS: refusing to sign in without encryption.`, { condition: 'encryption-required' }));
  }
  stream.send(xml('starttls', { xmlns: NS_TLS }));
  const answer = await stream.read();
  if (localName(answer) !== 'proceed') {
    throw stream.fail(new LinkerError('E_LINKER_TLS', `${stream.domain} refused STARTTLS`, { condition: 'tls-failed' }));
  }
  await stream.startTls(trust);
  return stream.open();
}
