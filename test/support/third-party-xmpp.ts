// A session of a third-party XMPP library (@xmpp/client, xmpp.js) on the test Prosody: what
// another family member's phone app would send, written by someone other than us. Stream
// management stays off (the server's offer is hidden from the library), and the test
// server's self-signed certificate is accepted for this connection only.
import { client, xml as xmppXml, type XmppClient, type XmppElement } from '@xmpp/client';
import type { ProsodyServer } from '../../src/prosody/server.js';
import type { Element } from '../../src/xml/index.js';
import type { TestAccount } from './contacts.js';


export interface ThirdPartySession {
  /** Sends an iq and resolves with its result (our Element shape serialised into the library's). */
  iq(request: Element): Promise<void>;
  /** Sends a stanza; resolves once the library has written it. */
  send(stanza: Element): Promise<void>;
  stop(): Promise<void>;
}

/** Rebuilds one of our Elements as the library's element type. */
function toLibraryElement(element: Element): XmppElement {
  return xmppXml(element.name, { ...element.attrs }, ...element.children.map((child) => (typeof child === 'string' ? child : toLibraryElement(child))));
}

export async function connectThirdParty(prosody: ProsodyServer, account: TestAccount): Promise<ThirdPartySession> {
  const [username, domain] = account.jid.split('@') as [string, string];
  const xmpp: XmppClient = client({ service: `xmpp://${prosody.bindAddress}:${prosody.c2sPort}`, domain, username, password: account.password, resource: 'thirdparty' });
  xmpp.reconnect.stop();
  // Hide <sm/> from the library before its stream-features middleware looks (it has no switch).
  xmpp.prependListener('element', (stanza: XmppElement) => {
    if (stanza.is('features', 'http://etherx.jabber.org/streams')) {
      stanza.children = stanza.children.filter((child) => typeof child === 'string' || child.attrs.xmlns !== 'urn:xmpp:sm:3');
    }
  });
  xmpp.on('error', () => {
    // Surfaced through start()/iq() rejections.
  });
  const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the test server's self-signed certificate
  try {
    await xmpp.start();
  } finally {
    if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  }
  return {
    async iq(request) {
      await xmpp.iqCaller.request(toLibraryElement(request), 15_000);
    },
    async send(stanza) {
      await xmpp.send(toLibraryElement(stanza));
    },
    async stop() {
      await xmpp.stop().catch(() => undefined);
    },
  };
}
