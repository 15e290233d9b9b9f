// Namespaces the connection core speaks, then those several features share. A namespace only
// one feature uses lives in that feature's stanza.ts.
export const NS_CLIENT = 'jabber:client';
export const NS_STREAMS = 'http://etherx.jabber.org/streams';
export const NS_XMPP_STREAMS = 'urn:ietf:params:xml:ns:xmpp-streams';
export const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
export const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
export const NS_SM = 'urn:xmpp:sm:3';
export const NS_PING = 'urn:xmpp:ping';

// Shared by features.
export const NS_DATA_FORMS = 'jabber:x:data'; // XEP-0004
export const NS_DELAY = 'urn:xmpp:delay'; // XEP-0203
export const NS_FORWARD = 'urn:xmpp:forward:0'; // XEP-0297
export const NS_NICK = 'http://jabber.org/protocol/nick'; // XEP-0172
export const NS_RSM = 'http://jabber.org/protocol/rsm'; // XEP-0059
export const NS_SID = 'urn:xmpp:sid:0'; // XEP-0359
