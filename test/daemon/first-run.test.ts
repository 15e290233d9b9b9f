// The box's first run against a real Prosody: the setup code shown on the box's console
// creates the administrator through Prosody's admin socket, exactly once; wrong codes are
// refused and limited; the done file closes the setup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestProsody } from '../support/prosody.js';
import { login, startTestDaemon } from '../support/daemon.js';
import { makeTempDir } from '../support/temp-dir.js';
import { FirstRun, SetupError, prosodyAccountCreator } from '../../src/daemon/first-run.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.js';
import { assertWebAppBuilt } from '../support/web-daemon.js';

assertWebAppBuilt();
const prosody = await startTestProsody();
const CODE = 'K7QM-3XHP-ZD9A';

async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** A daemon on a box that waits for its administrator (the image's first run). */
async function newBox(t: Parameters<typeof startTestDaemon>[0]) {
  const dir = makeTempDir(t);
  const codeFile = join(dir, 'setup-code');
  const doneFile = join(dir, 'setup-complete');
  writeFileSync(codeFile, `${CODE}\n`, { mode: 0o600 });
  const daemon = await startTestDaemon(t, prosody, undefined, {
    FOYER_SETUP_CODE_FILE: codeFile,
    FOYER_SETUP_DONE_FILE: doneFile,
    FOYER_PROSODY_ADMIN_SOCKET: prosody.paths.adminSocket,
    FOYER_XMPP_DOMAIN: prosody.domain,
  });
  return { daemon, doneFile };
}

test('the setup code creates the administrator once, through the web API', async (t) => {
  const { daemon, doneFile } = await newBox(t);
  const state = async () => (await (await fetch(`${daemon.url}/api/setup`)).json()) as { pending: boolean };
  assert.deepEqual(await state(), { pending: true });

  const wrong = await post(daemon.url, { code: 'AAAA-BBBB-CCCC', name: 'granny', password: 'long enough' });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.error.code, 'E_SETUP_BAD_CODE');
  const short = await post(daemon.url, { code: CODE, name: 'granny', password: 'short' });
  assert.equal(short.status, 400);
  assert.match(short.body.error.message, /at least 8 characters/);
  const badName = await post(daemon.url, { code: CODE, name: 'gran ny@x', password: 'long enough' });
  assert.equal(badName.body.error.code, 'E_SETUP_BAD_PARAMS');
  assert.equal(existsSync(doneFile), false);

  // Typed as people type it: lower case, spaces instead of dashes.
  const done = await post(daemon.url, { code: 'k7qm 3xhp zd9a', name: 'Granny', password: 'granny-secret' });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.jid, `granny@${prosody.domain}`);
  assert.equal(readFileSync(doneFile, 'utf8').trim(), done.body.jid);
  assert.equal((await login(daemon, done.body.jid, 'granny-secret')).status, 200, 'the administrator can sign in');

  // The code stops working.
  assert.deepEqual(await state(), { pending: false });
  const again = await post(daemon.url, { code: CODE, name: 'intruder', password: 'intruder-secret' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'E_SETUP_DONE');
  assert.equal((await login(daemon, `intruder@${prosody.domain}`, 'intruder-secret')).status, 401);
});

test('guesses are limited per device and for all devices together', async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'setup-code'), CODE);
  let now = 0;
  const firstRun = new FirstRun({
    codeFile: join(dir, 'setup-code'),
    doneFile: join(dir, 'setup-complete'),
    domain: prosody.domain,
    createAccount: prosodyAccountCreator(prosody.paths.adminSocket),
    now: () => now,
  });
  const attempt = (code: string, ip: string) => firstRun.complete({ code, name: 'admin', password: 'admin-secret' }, ip)
    .then(() => 'created', (error: SetupError) => error.code);
  for (let i = 0; i < 5; i++) assert.equal(await attempt(`WRONG-${i}`, '192.0.2.1'), 'E_SETUP_BAD_CODE');
  assert.equal(await attempt(CODE, '192.0.2.1'), 'E_SETUP_RATE_LIMITED', 'even the right code waits once the device is over its limit');
  for (let device = 2; device <= 16; device++) assert.equal(await attempt('WRONG', `192.0.2.${device}`), 'E_SETUP_BAD_CODE');
  assert.equal(await attempt(CODE, '192.0.2.99'), 'E_SETUP_RATE_LIMITED', 'twenty guesses from any devices close it for everyone for a while');
  now += 15 * 60_000;
  assert.equal(await attempt(CODE, '192.0.2.1'), 'created');
  assert.equal(firstRun.pending(), false);
});

test('the web app opens on the first-run screen, then signs the administrator in', async (t) => {
  const browser = await launchBrowser(t);
  const { daemon } = await newBox(t);
  const watched = await openPage(browser, daemon.url);
  const { page } = watched;
  watched.expectConsole(/401|403/); // GET /api/session before logging in; the wrong code below
  await page.goto(daemon.url);
  await page.getByRole('heading', { name: 'Set up your Foyer' }).waitFor();
  await page.getByLabel('Setup code').fill('ZZZZ-ZZZZ-ZZZZ');
  await page.getByLabel('Administrator name').fill('mum');
  await page.getByLabel('Password').fill('mum-secret-1');
  await page.getByRole('button', { name: 'Create the administrator' }).click();
  await page.getByText('This is not the code shown on the box.').waitFor();
  await screenshot(page, 'first-run-wrong-code');
  await page.getByLabel('Setup code').fill(CODE);
  await page.getByRole('button', { name: 'Create the administrator' }).click();
  await page.getByText(`The administrator mum@${prosody.domain} is ready.`).waitFor();
  await page.getByLabel('Address').fill(`mum@${prosody.domain}`);
  await page.getByLabel('Password').fill('mum-secret-1');
  await page.getByLabel('Password').press('Enter');
  await page.getByTestId('connection-state').getByText('Online').waitFor();
});
