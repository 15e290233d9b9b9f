import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../../native/expat-stream/index.js';
import { parseDiscoInfo } from '../disco/stanza.js';
import { capsVerificationString, computeCapsVer, verifyCaps } from './ver.js';

// XEP-0115 v1.6 §5.2 (simple) and §5.3 (complex, with extended info and xml:lang).
const SIMPLE = `<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity category='client' name='Exodus 0.9.1' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
</query>`;

const COMPLEX = `<query xmlns='http://jabber.org/protocol/disco#info' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
  <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
  <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
  <x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
    <field var='ip_version' type='text-multi'><value>ipv4</value><value>ipv6</value></field>
    <field var='os'><value>Mac</value></field>
    <field var='os_version'><value>10.5.1</value></field>
    <field var='software'><value>Psi</value></field>
    <field var='software_version'><value>0.11</value></field>
  </x>
</query>`;

test('caps ver of the XEP-0115 §5.2 simple example', () => {
  const info = parseDiscoInfo(parseElement(SIMPLE));
  assert.equal(capsVerificationString(info),
    'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<');
  assert.equal(computeCapsVer(info), 'QgayPKawpkPSDYmwT/WM94uAlu0=');
});

test('caps ver of the XEP-0115 §5.3 complex example (languages, extended info form)', () => {
  const info = parseDiscoInfo(parseElement(COMPLEX));
  assert.equal(capsVerificationString(info),
    'client/pc/el/Ψ 0.11<client/pc/en/Psi 0.11<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<'
    + 'http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<urn:xmpp:dataforms:softwareinfo<'
    + 'ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<software<Psi<software_version<0.11<');
  assert.equal(computeCapsVer(info), 'q07IKJEyjvHSyhy//CH0CxmKi8w=');
  assert.deepEqual(verifyCaps(info, 'q07IKJEyjvHSyhy//CH0CxmKi8w=', 'sha-1'), { ok: true });
});

test('caps verification refuses a ver that does not match, and poisoned info (XEP-0115 §5.4)', () => {
  const info = parseDiscoInfo(parseElement(SIMPLE));
  const mismatch = verifyCaps(info, 'q07IKJEyjvHSyhy//CH0CxmKi8w=', 'sha-1');
  assert.equal(mismatch.ok, false);
  const duplicated = { ...info, features: [...info.features, info.features[0]!] };
  assert.deepEqual(verifyCaps(duplicated, computeCapsVer(duplicated), 'sha-1'), { ok: false, reason: 'duplicate feature' });
  const twoIdentities = { ...info, identities: [info.identities[0]!, info.identities[0]!] };
  assert.deepEqual(verifyCaps(twoIdentities, computeCapsVer(twoIdentities), 'sha-1'), { ok: false, reason: 'duplicate identity' });
  assert.equal(computeCapsVer(info, 'sha-256').length, 44);
  assert.throws(() => computeCapsVer(info, 'md5'), TypeError);
});
