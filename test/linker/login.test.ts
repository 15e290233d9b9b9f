// Login against the real Prosody: password, wrong password, stored SCRAM keys only, and
// certificate trust (verification on by default, pinning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestProsody } from '../support/prosody.js';
import { generateSelfSignedCertificate } from '../../src/prosody/certificate.js';
import { LinkerError } from '../../src/linker/errors.js';
import { Ticker } from '../../src/linker/ticker.js';
import { xml } from '../../src/xml/element.js';
import { parseJid } from '../../src/xml/jid.js';
import { createAccounts, createLinker } from './support/sessions.js';

const prosody = await startTestProsody();
const ticker = new Ticker(1000);

test('a session logs in with its password over STARTTLS, binds a full JID and closes cleanly', async (t) => {
  const [alice] = await createAccounts(prosody, 1, 'alice');
  const linker = createLinker(t, prosody, ticker, { jid: alice!.jid, password: alice!.password });
  const online: boolean[] = [];
  linker.on('online', ({ resumed }) => online.push(resumed));
  await linker.start();
  const bound = parseJid(linker.jid);
  assert.equal(`${bound.local}@${bound.domain}`, alice!.jid);
  assert.notEqual(bound.resource, '');
  assert.deepEqual(online, [false]);
  const pong = await linker.iq(xml('iq', { type: 'get', to: prosody.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
  assert.equal(pong.attrs.type, 'result');
  const stopped: Array<LinkerError | undefined> = [];
  linker.on('stopped', (error) => stopped.push(error));
  assert.equal(await linker.stop(), true, 'the server closed its stream in turn');
  assert.equal(linker.state, 'stopped');
  assert.deepEqual(stopped, [undefined]);
  assert.equal(await linker.stop(), false, 'stopping twice is harmless');
  assert.throws(() => linker.send(xml('message', { to: alice!.jid })), { code: 'E_LINKER_STOPPED' });
});

test('a wrong password fails with not-authorized and a message a person understands', async (t) => {
  const [bob] = await createAccounts(prosody, 1, 'bob');
  const linker = createLinker(t, prosody, ticker, { jid: bob!.jid, password: `${bob!.password}-typo` });
  const stopped: Array<LinkerError | undefined> = [];
  linker.on('stopped', (error) => stopped.push(error));
  await assert.rejects(linker.start(), (error: unknown) => {
    assert.ok(error instanceof LinkerError);
    assert.equal(error.code, 'E_LINKER_AUTH');
    assert.equal(error.condition, 'not-authorized');
    assert.match(error.message, /^The username or password is wrong\./);
    return true;
  });
  assert.equal(linker.state, 'stopped');
  assert.equal(stopped[0]?.code, 'E_LINKER_AUTH');
  assert.equal(linker.exportCredentials(), undefined);
});

test('after the first login only SCRAM keys are kept, and they log in again without the password', async (t) => {
  const [carol] = await createAccounts(prosody, 1, 'carol');
  const first = createLinker(t, prosody, ticker, { jid: carol!.jid, password: carol!.password });
  const announced: unknown[] = [];
  first.on('credentials', (credentials) => announced.push(credentials));
  await first.start();
  const credentials = first.exportCredentials();
  assert.ok(credentials);
  assert.deepEqual(announced, [credentials]);
  assert.equal(credentials.jid, carol!.jid);
  const mechanisms = Object.keys(credentials.scram);
  assert.ok(mechanisms.length === 1 && mechanisms[0]!.startsWith('SCRAM-SHA-'), mechanisms.join());
  const stored = JSON.stringify(credentials);
  assert.equal(stored.includes(carol!.password), false, 'the password is not kept');
  await first.stop();

  // As after a daemon restart: a new session from the stored JSON alone.
  const again = createLinker(t, prosody, ticker, { jid: carol!.jid, credentials: JSON.parse(stored) });
  await again.start();
  assert.equal(parseJid(again.jid).local, parseJid(carol!.jid).local);
  await again.stop();

  // Keys that do not match the account are refused like a wrong password.
  const forged = JSON.parse(stored) as typeof credentials;
  for (const keys of Object.values(forged.scram)) keys!.clientKey = Buffer.alloc(Buffer.from(keys!.clientKey, 'base64').length, 1).toString('base64');
  const refused = createLinker(t, prosody, ticker, { jid: carol!.jid, credentials: forged });
  await assert.rejects(refused.start(), { code: 'E_LINKER_AUTH', condition: 'not-authorized' });
});

test('certificates are verified by default, and a pin accepts only its own certificate', async (t) => {
  const [dave] = await createAccounts(prosody, 1, 'dave');
  const unpinned = createLinker(t, prosody, ticker, { jid: dave!.jid, password: dave!.password, tls: {} });
  await assert.rejects(unpinned.start(), (error: unknown) => {
    assert.ok(error instanceof LinkerError);
    assert.equal(error.code, 'E_LINKER_TLS');
    assert.equal(error.condition, 'certificate-untrusted');
    return true;
  });

  const dir = await mkdtemp(join(tmpdir(), 'foyer-other-cert-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const other = await generateSelfSignedCertificate({ domain: prosody.domain, outDir: dir, extraNames: ['localhost', '127.0.0.1'] });
  const wrongPin = createLinker(t, prosody, ticker, { jid: dave!.jid, password: dave!.password, tls: { pinnedCertificate: other.certificatePem } });
  await assert.rejects(wrongPin.start(), (error: unknown) => {
    assert.ok(error instanceof LinkerError);
    assert.equal(error.code, 'E_LINKER_TLS');
    assert.match(error.message, /neither the pinned certificate nor signed by it/);
    return true;
  });
});

test('PLAIN is used only when no SCRAM is offered, and stored keys cannot stand in for it', async (t) => {
  const plainOnly = await startTestProsody(t, { extraSettings: { disable_sasl_mechanisms: 'SCRAM-SHA-1' } });
  const [erin] = await createAccounts(plainOnly, 1, 'erin');
  const withPassword = createLinker(t, plainOnly, ticker, { jid: erin!.jid, password: erin!.password });
  await withPassword.start();
  assert.equal(withPassword.state, 'online');
  assert.equal(withPassword.exportCredentials(), undefined, 'PLAIN yields no keys to store');
  await withPassword.stop();

  // Keys derived for SCRAM elsewhere are useless here: a clear error, not a PLAIN attempt.
  const [frank] = await createAccounts(prosody, 1, 'frank');
  const scramLogin = createLinker(t, prosody, ticker, { jid: frank!.jid, password: frank!.password });
  await scramLogin.start();
  const credentials = scramLogin.exportCredentials()!;
  await scramLogin.stop();
  const [frankThere] = await createAccounts(plainOnly, 1, 'frank');
  const keysOnly = createLinker(t, plainOnly, ticker, { jid: frankThere!.jid, credentials: { ...credentials, jid: frankThere!.jid } });
  await assert.rejects(keysOnly.start(), (error: unknown) => {
    assert.ok(error instanceof LinkerError);
    assert.equal(error.code, 'E_LINKER_CREDENTIALS');
    assert.match(error.message, /Sign in again with the password/);
    return true;
  });
});
