// Namespaces the connection core speaks. Feature namespaces live in each feature's stanza.ts.
export const NS_CLIENT = 'jabber:client';
export const NS_STREAMS = 'http://etherx.jabber.org/streams';
export const NS_XMPP_STREAMS = 'urn:ietf:params:xml:ns:xmpp-streams';
export const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
export const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
export const NS_SM = 'urn:xmpp:sm:3';
export const NS_PING = 'urn:xmpp:ping';
