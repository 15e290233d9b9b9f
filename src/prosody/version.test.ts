import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectProsodyVersion, parseProsodyVersion, ProsodyVersionError } from './version.js';
import { prosodyBinaries } from '../../test/support/prosody.js';

test('parses the release line of `prosodyctl about`', () => {
  assert.equal(parseProsodyVersion('Prosody 0.12.3\n\n# Prosody directories\n'), '0.12');
  assert.equal(parseProsodyVersion('Prosody 13.0.2\n'), '13');
  assert.equal(parseProsodyVersion('Prosody 14.1.0\n'), '13');
  assert.equal(parseProsodyVersion('Prosody trunk\n'), '13');
  assert.throws(() => parseProsodyVersion('Prosody 0.11.9\n'), ProsodyVersionError);
  assert.throws(() => parseProsodyVersion('lua: cannot open'), /no "Prosody <version>" line/);
});

test('detects the installed Prosody without reading /etc/prosody', async (t) => {
  const version = await detectProsodyVersion(prosodyBinaries.prosodyctl);
  t.diagnostic(`installed Prosody: ${version}`);
  assert.ok(version === '0.12' || version === '13');
});
