// Against the real Prosody installed on this machine (Debian package `prosody`).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startTestProsody } from '../../test/support/prosody.js';
import { RawXmpp, saslMechanisms } from '../../test/support/raw-xmpp.js';
import { ProsodyError, type ProsodyServer } from './server.js';

const prosody = await startTestProsody();

/** STARTTLS then SASL PLAIN: resolves with the server's <success/> or <failure/>. */
async function plainLogin(server: ProsodyServer, localpart: string, password: string): Promise<string> {
  const client = await RawXmpp.connect(server.bindAddress, server.c2sPort);
  try {
    client.openStream(server.domain);
    await client.waitFor(/<\/stream:features>/);
    await client.startTls(server.certificatePem, server.domain);
    client.openStream(server.domain);
    await client.waitFor(/<\/stream:features>/);
    const credentials = Buffer.from(`\0${localpart}\0${password}`).toString('base64');
    client.send(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${credentials}</auth>`);
    const reply = await client.waitFor(/<success[^>]*(?:\/>|<\/success>)|<\/failure>/);
    return /<success/.test(reply) ? 'success' : /<failure[^>]*>\s*<([\w-]+)/.exec(reply)?.[1] ?? reply;
  } finally {
    client.close();
  }
}

test('c2s offers STARTTLS, then SCRAM over the pinned self-signed certificate', async (t) => {
  const client = await RawXmpp.connect(prosody.bindAddress, prosody.c2sPort);
  try {
    client.openStream(prosody.domain);
    const plainFeatures = await client.waitFor(/<\/stream:features>/);
    assert.match(plainFeatures, /<starttls xmlns=['"]urn:ietf:params:xml:ns:xmpp-tls['"]>\s*<required\/>/);
    assert.deepEqual(saslMechanisms(plainFeatures), [], 'no SASL before TLS (c2s_require_encryption)');

    await client.startTls(prosody.certificatePem, prosody.domain);
    assert.equal(client.isEncrypted, true);
    client.openStream(prosody.domain);
    const mechanisms = saslMechanisms(await client.waitFor(/<\/stream:features>/));
    t.diagnostic(`Prosody ${prosody.version} offers SASL ${mechanisms.join(' ')}`);
    assert.ok(mechanisms.includes('SCRAM-SHA-1'), `SCRAM-SHA-1 in ${mechanisms.join(' ')}`);
    assert.ok(mechanisms.includes('PLAIN'), 'PLAIN, over TLS only');
  } finally {
    client.close();
  }
});

test('direct TLS port (XEP-0368) presents the same certificate', async () => {
  const client = await RawXmpp.connectTls(prosody.bindAddress, prosody.c2sDirectTlsPort, prosody.certificatePem, prosody.domain);
  try {
    client.openStream(prosody.domain);
    const features = await client.waitFor(/<\/stream:features>/);
    assert.ok(saslMechanisms(features).includes('SCRAM-SHA-1'));
    assert.doesNotMatch(features, /<starttls/);
  } finally {
    client.close();
  }
});

test('the certificate is rejected when not pinned', async () => {
  const client = await RawXmpp.connect(prosody.bindAddress, prosody.c2sPort);
  try {
    client.openStream(prosody.domain);
    await client.waitFor(/<\/stream:features>/);
    await assert.rejects(client.startTls('', prosody.domain), /self[- ]signed|unable to verify|certificate/i);
  } finally {
    client.close();
  }
});

test('accounts are created in bulk, can log in, and are deleted', async (t) => {
  const accounts = Array.from({ length: 200 }, (_, i) => ({ localpart: `bulk${i}`, password: `secret ${i} ünïcode "q"` }));
  const started = performance.now();
  const jids = await prosody.createAccounts(accounts);
  t.diagnostic(`200 accounts in ${Math.round(performance.now() - started)} ms (figures: bench/prosody-accounts.ts)`);
  assert.equal(jids.length, 200);
  assert.equal(jids[199], `bulk199@${prosody.domain}`);

  assert.equal(await plainLogin(prosody, 'bulk7', 'secret 7 ünïcode "q"'), 'success');
  assert.equal(await plainLogin(prosody, 'bulk7', 'wrong'), 'not-authorized');

  await prosody.deleteAccount('bulk7');
  assert.equal(await plainLogin(prosody, 'bulk7', 'secret 7 ünïcode "q"'), 'not-authorized');
  await assert.rejects(prosody.deleteAccount('bulk7'), (error: unknown) => error instanceof ProsodyError && error.code === 'E_PROSODY_ACCOUNT');
  await assert.rejects(prosody.createAccount('bulk8', 'x'), /User exists/);
  await assert.rejects(prosody.createAccount('a@b', 'x'), /not a localpart/);
});

test('restart keeps the ports and the data', async () => {
  const jid = await prosody.createAccount('survivor', 'still here');
  assert.equal(jid, `survivor@${prosody.domain}`);
  const before = { c2s: prosody.c2sPort, http: prosody.httpPort, tls: prosody.c2sDirectTlsPort, pid: prosody.pid };
  await prosody.restart();
  assert.deepEqual({ c2s: prosody.c2sPort, http: prosody.httpPort, tls: prosody.c2sDirectTlsPort }, { c2s: before.c2s, http: before.http, tls: before.tls });
  assert.notEqual(prosody.pid, before.pid);
  assert.equal(await plainLogin(prosody, 'survivor', 'still here'), 'success');
  // The admin shell reconnects to the new process.
  await prosody.deleteAccount('survivor');
});

test('HTTP (file share) listens on the given loopback port', async () => {
  const response = await fetch(`http://${prosody.bindAddress}:${prosody.httpPort}/`, { headers: { host: prosody.upload } });
  assert.equal(response.headers.get('server')?.startsWith('Prosody') ?? true, true);
  assert.ok(response.status >= 200 && response.status < 500, `status ${response.status}`);
});

test('prosodyctl check config passes on the generated config', async () => {
  const { stdout } = await promisify(execFile)('prosodyctl', ['--config', prosody.paths.configFile, 'check', 'config']);
  assert.match(stdout, /All checks passed/);
});

test('stop ends the process and frees the port', async (t) => {
  const server = await startTestProsody(t);
  const pid = server.pid as number;
  assert.doesNotThrow(() => process.kill(pid, 0));
  await server.stop();
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  await assert.rejects(RawXmpp.connect(server.bindAddress, server.c2sPort), { code: 'ECONNREFUSED' });
  await server.stop(); // idempotent
});
