import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CertificateError, generateSelfSignedCertificate, subjectAltNames } from './certificate.js';

test('self-signed certificate names the domain, its components and the extra names', async (t) => {
  const outDir = await mkdtemp(join(tmpdir(), 'foyer-cert-'));
  t.after(() => rm(outDir, { recursive: true, force: true }));
  const generated = await generateSelfSignedCertificate({ domain: 'foyer.local', outDir, extraNames: ['localhost', '127.0.0.1'] });
  const certificate = new X509Certificate(generated.certificatePem);
  assert.equal(certificate.subjectAltName,
    'DNS:foyer.local, DNS:upload.foyer.local, DNS:groups.foyer.local, DNS:pubsub.foyer.local, DNS:localhost, IP Address:127.0.0.1');
  assert.equal(certificate.checkHost('groups.foyer.local'), 'groups.foyer.local');
  assert.equal(certificate.checkIP('127.0.0.1'), '127.0.0.1');
  assert.ok(certificate.verify(certificate.publicKey), 'self-signed');
  assert.ok(certificate.checkPrivateKey(createPrivateKey(await readFile(generated.key))));
  assert.ok(new Date(certificate.validTo).getTime() > Date.now() + 5 * 365 * 86400_000, 'valid for years');
  assert.equal((await stat(generated.key)).mode & 0o077, 0, 'key readable by its owner only');
});

test('names that could smuggle openssl arguments are refused', () => {
  assert.throws(() => subjectAltNames('evil.local,DNS:other'), CertificateError);
  assert.throws(() => subjectAltNames('a/CN=b'), CertificateError);
  assert.deepEqual(subjectAltNames('x.y', ['::1']), ['DNS:x.y', 'DNS:upload.x.y', 'DNS:groups.x.y', 'DNS:pubsub.x.y', 'IP:::1']);
});
