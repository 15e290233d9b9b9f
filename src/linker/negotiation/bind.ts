// Resource binding.
// References: RFC 6120 §7.6 (the bind iq and its result), §7.6.2.1 (errors).
import { getChild, getChildText, xml } from '../../xml/element.js';
import { generateId } from '../../xml/id.js';
import { parseJid } from '../../xml/jid.js';
import { LinkerError, StanzaError } from '../errors.js';
import { NS_BIND } from '../namespaces.js';
import type { XmppStream } from '../transport/xmpp-stream.js';

/** Binds `resource` (or lets the server choose) and returns the full JID. */
export async function bindResource(stream: XmppStream, resource: string | undefined): Promise<string> {
  const id = generateId();
  stream.send(xml('iq', { type: 'set', id }, xml('bind', { xmlns: NS_BIND }, resource ? xml('resource', null, resource) : null)));
  for (;;) {
    const answer = await stream.read();
    if (answer.name !== 'iq' || answer.attrs.id !== id) continue; // nothing else is due before binding completes
    if (answer.attrs.type === 'result') {
      const bind = getChild(answer, 'bind', NS_BIND);
      const jid = bind ? getChildText(bind, 'jid') : undefined;
      if (jid && parseJid(jid).resource !== '') return jid;
      throw stream.fail(new LinkerError('E_LINKER_BIND', 'the server bound no full JID', { condition: 'bad-request' }));
    }
    const error = StanzaError.fromStanza(answer);
    throw stream.fail(new LinkerError('E_LINKER_BIND', `resource binding refused: ${error.message}`, { condition: error.condition, cause: error }));
  }
}
