// Makes two accounts of a test server each other's contacts the way clients do it: a
// subscription request each way, each approved (RFC 6121 §3), then waits until both
// rosters say subscription="both".
import { setTimeout as sleep } from 'node:timers/promises';
import { Linker } from '../../src/linker/linker.js';
import { Ticker } from '../../src/linker/ticker.js';
import { xml } from '../../src/xml/element.js';
import { getChild } from '../../src/xml/element.js';
import { bareJid, parseJid } from '../../src/xml/jid.js';
import type { ProsodyServer } from '../../src/prosody/server.js';
import { c2sEndpoint, type Account } from '../linker/support/sessions.js';

export type TestAccount = Account;

/** Creates `name@domain` with password `<name>-secret`. */
export async function createAccount(prosody: ProsodyServer, name: string): Promise<TestAccount> {
  const password = `${name}-secret`;
  return { jid: await prosody.createAccount(name, password), password };
}

/** A plain session on the test server (no features), started. */
export async function connectAccount(server: ProsodyServer, account: TestAccount, ticker = new Ticker()): Promise<Linker> {
  const linker = new Linker({
    jid: account.jid,
    password: account.password,
    server: c2sEndpoint(server),
    tls: { pinnedCertificate: server.certificatePem },
    runtime: { ticker },
  });
  await linker.start();
  return linker;
}

async function subscriptionOf(linker: Linker, contact: string): Promise<string | undefined> {
  const result = await linker.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })));
  const query = getChild(result, 'query', 'jabber:iq:roster');
  const item = query?.children.find((child) => typeof child !== 'string' && child.attrs.jid === contact);
  return typeof item === 'object' ? item.attrs.subscription : undefined;
}

export async function befriend(server: ProsodyServer, a: TestAccount, b: TestAccount): Promise<void> {
  const [first, second] = await Promise.all([connectAccount(server, a), connectAccount(server, b)]);
  try {
    for (const linker of [first, second]) {
      // Approve every subscription request (only the other test account sends one).
      linker.router.on('presence', (presence) => {
        if (presence.attrs.type !== 'subscribe' || !presence.attrs.from) return;
        linker.send(xml('presence', { to: bareJid(parseJid(presence.attrs.from)), type: 'subscribed' }));
        return true;
      });
    }
    // Requests reach only available sessions (RFC 6121 §3.1.3), so both announce themselves.
    first.send(xml('presence'));
    second.send(xml('presence'));
    first.send(xml('presence', { to: b.jid, type: 'subscribe' }));
    second.send(xml('presence', { to: a.jid, type: 'subscribe' }));
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await subscriptionOf(first, b.jid)) === 'both' && (await subscriptionOf(second, a.jid)) === 'both') return;
      await sleep(50);
    }
    throw new Error(`${a.jid} and ${b.jid} did not become mutual contacts`);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
}
