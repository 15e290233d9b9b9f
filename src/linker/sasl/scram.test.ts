import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScramClient, deriveScramKeys, type ScramMechanism } from './scram.js';
import { LinkerError } from '../errors.js';

interface Vector {
  rfc: string; mechanism: ScramMechanism; clientNonce: string;
  clientFirst: string; serverFirst: string; clientFinal: string; serverFinal: string;
}

// RFC 5802 §5 and RFC 7677 §3: user "user", password "pencil".
const VECTORS: Vector[] = [
  {
    rfc: 'RFC 5802', mechanism: 'SCRAM-SHA-1', clientNonce: 'fyko+d2lbbFgONRv9qkxdawL',
    clientFirst: 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
    serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    rfc: 'RFC 7677', mechanism: 'SCRAM-SHA-256', clientNonce: 'rOprNGfwEbeRWgbNEkqO',
    clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
    serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
];

for (const vector of VECTORS) {
  test(`${vector.mechanism} matches the ${vector.rfc} example with the password`, async () => {
    const client = new ScramClient(vector.mechanism, 'user', { password: 'pencil' }, vector.clientNonce);
    assert.equal(client.initial(), vector.clientFirst);
    assert.equal(await client.respond(vector.serverFirst), vector.clientFinal);
    client.verifyFinal(vector.serverFinal);
    const keys = client.keys;
    assert.ok(keys);
    assert.equal(keys.iterations, 4096);
    assert.equal(JSON.stringify(keys).includes('pencil'), false);
  });

  test(`${vector.mechanism} logs in from the stored keys alone (${vector.rfc} example)`, async () => {
    const first = new ScramClient(vector.mechanism, 'user', { password: 'pencil' }, vector.clientNonce);
    await first.respond(vector.serverFirst);
    const keys = first.keys!;
    const again = new ScramClient(vector.mechanism, 'user', { keys }, vector.clientNonce);
    assert.equal(await again.respond(vector.serverFirst), vector.clientFinal);
    again.verifyFinal(vector.serverFinal);
  });

  test(`${vector.mechanism} refuses a server signature that does not verify`, async () => {
    const client = new ScramClient(vector.mechanism, 'user', { password: 'pencil' }, vector.clientNonce);
    await client.respond(vector.serverFirst);
    const forged = `v=${Buffer.alloc(vector.mechanism === 'SCRAM-SHA-1' ? 20 : 32, 7).toString('base64')}`;
    assert.throws(() => client.verifyFinal(forged), { code: 'E_LINKER_AUTH_SERVER' });
    assert.throws(() => client.verifyFinal('e=invalid-proof'), { code: 'E_LINKER_AUTH', condition: 'not-authorized' });
  });
}

test('SCRAM refuses a nonce the server did not extend, a weak iteration count and changed salts', async () => {
  const client = () => new ScramClient('SCRAM-SHA-1', 'user', { password: 'pencil' }, 'abc');
  await assert.rejects(client().respond('r=xyz123,s=QSXCR+Q6sek8bf92,i=4096'), { code: 'E_LINKER_AUTH_SERVER' });
  await assert.rejects(client().respond('r=abc,s=QSXCR+Q6sek8bf92,i=4096'), { code: 'E_LINKER_AUTH_SERVER' });
  await assert.rejects(client().respond('r=abcdef,s=QSXCR+Q6sek8bf92,i=1000'), { condition: 'mechanism-too-weak' });
  await assert.rejects(client().respond('m=ext,r=abcdef,s=QSXCR+Q6sek8bf92,i=4096'), LinkerError);
  const keys = await deriveScramKeys('SCRAM-SHA-1', 'pencil', Buffer.from('QSXCR+Q6sek8bf92', 'base64'), 4096);
  const stored = new ScramClient('SCRAM-SHA-1', 'user', { keys }, 'abc');
  await assert.rejects(stored.respond('r=abcdef,s=c2FsdHNhbHQ=,i=4096'), { code: 'E_LINKER_CREDENTIALS', condition: 'credentials-expired' });
});

test('SCRAM escapes "," and "=" in the username (RFC 5802 §5.1)', () => {
  const client = new ScramClient('SCRAM-SHA-256', 'a,b=c', { password: 'x' }, 'n0nce');
  assert.equal(client.initial(), 'n,,n=a=2Cb=3Dc,r=n0nce');
});
