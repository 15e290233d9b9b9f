// Malformed or oversized XML from the server ends only that session's stream, with the
// parser's condition sent back as a stream error and reported; the other sessions carry on.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { LinkerError } from '../../src/linker/errors.js';
import { Ticker } from '../../src/linker/ticker.js';
import type { Linker } from '../../src/linker/linker.js';
import type { OnlineInfo } from '../../src/linker/feature.js';
import { xml } from '../../src/xml/element.js';
import { createAccounts, createLinker } from './support/sessions.js';
import { TlsProxy, type ProxiedConnection } from './support/tls-proxy.js';
import { waitUntil } from './support/wait.js';

const prosody = await startTestProsody();
const proxy = await TlsProxy.start(prosody);
after(() => proxy.stop());
const ticker = new Ticker(1000);
const MAX_STANZA_BYTES = 64 * 1024;

interface Watched {
  linker: Linker;
  errors: LinkerError[];
  online: OnlineInfo[];
  connection: ProxiedConnection;
}

async function sessionsThroughProxy(t: Parameters<typeof createLinker>[0], count: number): Promise<Watched[]> {
  const accounts = await createAccounts(prosody, count, 'garbage');
  return Promise.all(accounts.map(async (account) => {
    const linker = createLinker(t, prosody, ticker, { ...account, server: proxy.endpoint, maxStanzaBytes: MAX_STANZA_BYTES });
    const watched = { linker, errors: [] as LinkerError[], online: [] as OnlineInfo[] };
    linker.on('error', (error: LinkerError) => watched.errors.push(error));
    linker.on('online', (info: OnlineInfo) => watched.online.push(info));
    await linker.start();
    const [connection] = proxy.connectionsOf(account.jid);
    assert.ok(connection);
    return { ...watched, connection };
  }));
}

async function assertStillServed(sessions: Watched[]): Promise<void> {
  for (const { linker, errors, online } of sessions) {
    const pong = await linker.iq(xml('iq', { type: 'get', to: prosody.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
    assert.equal(pong.attrs.type, 'result');
    assert.deepEqual(errors, []);
    assert.equal(online.length, 1, 'never went offline');
  }
}

const CASES = [
  { what: 'malformed XML', garbage: '<message from="x"><body>unclosed</message>', condition: 'not-well-formed', parserCode: 'E_XML_MISMATCHED_TAG' },
  { what: 'a stanza over the size limit', garbage: `<message><body>${'a'.repeat(MAX_STANZA_BYTES + 1)}</body></message>`, condition: 'policy-violation', parserCode: 'E_XML_TOO_BIG' },
  { what: 'restricted XML (a comment)', garbage: '<!-- not allowed in XMPP -->', condition: 'restricted-xml', parserCode: 'E_XML_RESTRICTED' },
];

for (const { what, garbage, condition, parserCode } of CASES) {
  test(`${what} from the server: that session reports ${condition}, sends the stream error, and the others carry on`, async (t) => {
    const [victim, ...others] = await sessionsThroughProxy(t, 3) as [Watched, ...Watched[]];
    proxy.inject(victim.connection, garbage);
    await waitUntil(() => victim.errors.length > 0, 'the victim reports the error');
    const [error] = victim.errors;
    assert.ok(error instanceof LinkerError);
    assert.equal(error.code, 'E_LINKER_XML');
    assert.equal(error.condition, condition);
    assert.equal((error.cause as { code?: string }).code, parserCode);
    // The victim told the server why, then reconnected by itself.
    const streamError = `<stream:error><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>`;
    await waitUntil(() => victim.connection.sent.endsWith(streamError), `the proxy saw ${streamError}`);
    await waitUntil(() => victim.online.length === 2, 'the victim is online again');
    await assertStillServed(others);
    const pong = await victim.linker.iq(xml('iq', { type: 'get', to: prosody.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
    assert.equal(pong.attrs.type, 'result');
  });
}
