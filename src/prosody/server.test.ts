// Against the real Prosody installed on this machine (Debian package `prosody`).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { prosodyBinaries, startTestProsody } from '../../test/support/prosody.js';
import { RawXmpp, saslMechanisms } from '../../test/support/raw-xmpp.js';
import { ProsodyError, type ProsodyServer } from './server.js';

const prosody = await startTestProsody();

/** STARTTLS and SASL PLAIN; on <success/> also restarts the stream and binds a resource. */
async function login(server: ProsodyServer, localpart: string, password: string): Promise<{ outcome: string; client: RawXmpp }> {
  const { client } = await RawXmpp.connectStartTls(server.bindAddress, server.c2sPort, server.domain, server.certificatePem);
  try {
    const credentials = Buffer.from(`\0${localpart}\0${password}`).toString('base64');
    client.send(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${credentials}</auth>`);
    const reply = await client.waitFor(/<success[^>]*(?:\/>|<\/success>)|<\/failure>/);
    if (!/<success/.test(reply)) {
      return { outcome: /<failure[^>]*>\s*<([\w-]+)/.exec(reply)?.[1] ?? reply, client };
    }
    client.openStream(server.domain);
    await client.waitFor(/<\/stream:features>/);
    client.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    await client.waitFor(/<jid>[^<]+<\/jid>/);
    return { outcome: 'success', client };
  } catch (error) {
    client.close();
    throw error;
  }
}

async function plainLogin(server: ProsodyServer, localpart: string, password: string): Promise<string> {
  const { outcome, client } = await login(server, localpart, password);
  client.close();
  return outcome;
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

test('Prosody 13 with passwordHash SHA-256 offers SCRAM-SHA-256', async (t) => {
  if (prosody.version === '0.12') {
    t.skip('0.12 stores SCRAM-SHA-1 keys only (no password_hash option)');
    return;
  }
  const server = await startTestProsody(t, { passwordHash: 'SHA-256' });
  const { client, features } = await RawXmpp.connectStartTls(server.bindAddress, server.c2sPort, server.domain, server.certificatePem);
  client.close();
  const mechanisms = saslMechanisms(features);
  t.diagnostic(`with SHA-256 storage: ${mechanisms.join(' ')}`);
  assert.ok(mechanisms.includes('SCRAM-SHA-256'));
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

test('prosodyctl check config passes on the generated config', async () => {
  const { stdout } = await promisify(execFile)(prosodyBinaries.prosodyctl, ['--config', prosody.paths.configFile, 'check', 'config']);
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

for (const [how, ending] of [['exits', 'process.exit(0)'], ['is killed', "process.kill(process.pid, 'SIGKILL')"]]) {
  test(`Prosody does not outlive the Node process that started it when that process ${how}`, async (t) => {
    const baseDir = await mkdtemp(join(tmpdir(), 'foyer-prosody-orphan-'));
    t.after(() => rm(baseDir, { recursive: true, force: true }));
    // Started, then the process ends without calling stop().
    const script = `import { ProsodyServer } from ${JSON.stringify(new URL('./server.js', import.meta.url).href)};
      const server = await ProsodyServer.start(${JSON.stringify({ baseDir, ...prosodyBinaries })});
      console.log(server.pid); ${ending};`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    await once(child, 'exit');
    const pid = Number(stdout.trim());
    assert.ok(pid > 0, `pid printed: ${stdout}`);
    assert.equal(await isGone(pid), true, `Prosody ${pid} still running`);
  });
}

/** Gone, or a zombie waiting for its new parent (a container's init may be slow to reap). */
async function isGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      process.kill(pid, 0);
      const state = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.[0];
      if (state === 'Z') return true;
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** In-band registration (XEP-0077) of a new account, after STARTTLS: the server's reply. */
async function registerInBand(server: ProsodyServer, localpart: string): Promise<string> {
  const { client } = await RawXmpp.connectStartTls(server.bindAddress, server.c2sPort, server.domain, server.certificatePem);
  try {
    client.send(`<iq type='set' id='reg1'><query xmlns='jabber:iq:register'><username>${localpart}</username><password>pw</password></query></iq>`);
    return await client.waitFor(/<\/iq>|<iq[^>]*\/>/);
  } finally {
    client.close();
  }
}

test('the box refuses registration by strangers; test servers allow it', async (t) => {
  const box = await startTestProsody(t, { openRegistration: false });
  assert.match(await registerInBand(box, 'stranger'), /type=.error.[\s\S]*invitation only/);
  assert.equal(await plainLogin(box, 'stranger', 'pw'), 'not-authorized');

  assert.match(await registerInBand(prosody, 'newcomer'), /type=.result./);
  assert.equal(await plainLogin(prosody, 'newcomer', 'pw'), 'success');
});

test('HTTP file share: a slot from upload.<domain>, PUT, then GET on the loopback port', async () => {
  await prosody.createAccount('uploader', 'pw');
  const { client } = await login(prosody, 'uploader', 'pw');
  const body = 'family photo bytes';
  try {
    client.send(`<iq type='get' id='slot1' to='${prosody.upload}'><request xmlns='urn:xmpp:http:upload:0' `
      + `filename='photo.txt' size='${body.length}' content-type='text/plain'/></iq>`);
    const slot = await client.waitFor(/<\/slot>/);
    const putUrl = (/<put url='([^']+)'/.exec(slot)?.[1] ?? '').replace(/&amp;/g, '&');
    const getUrl = (/<get url='([^']+)'/.exec(slot)?.[1] ?? '').replace(/&amp;/g, '&');
    const authorization = /<header name='Authorization'>([^<]+)<\/header>/.exec(slot)?.[1] ?? '';
    assert.ok(putUrl.startsWith(`http://${prosody.bindAddress}:${prosody.httpPort}/file_share/`), putUrl);

    const put = await fetch(putUrl, { method: 'PUT', body, headers: { authorization, 'content-type': 'text/plain' } });
    assert.equal(put.status, 201);
    const get = await fetch(getUrl);
    assert.equal(get.status, 200);
    assert.equal(await get.text(), body);
  } finally {
    client.close();
  }
});
