// The login screen served by the real daemon (against a test Prosody): it renders in both
// themes and both languages without a single CSP violation or console error, it is usable
// from the keyboard, and it shows the daemon's refusals (wrong password, rate limit) and
// "unreachable" in its live region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpErrorLine, launchBrowser, lowContrastTexts, openPage, PHONE, LAPTOP, screenshot, smallTouchTargets } from '../support/browser.js';
import { startTestDaemon } from '../support/daemon.js';
import { startTestProsody } from '../support/prosody.js';
import { assertWebAppBuilt } from '../support/web-daemon.js';
import { createAccount } from '../support/contacts.js';

assertWebAppBuilt();
const prosody = await startTestProsody();
const mum = await createAccount(prosody, 'mum');

const HEADINGS = { 'en-GB': 'Sign in to Foyer', 'fr-FR': 'Se connecter à Foyer' } as const;
const LABELS = { 'en-GB': ['Address', 'Password'], 'fr-FR': ['Adresse', 'Mot de passe'] } as const;
const BACKGROUNDS = { light: 'rgb(250, 247, 242)', dark: 'rgb(23, 20, 18)' } as const;

test('login page', async (t) => {
  const [browser, daemon] = await Promise.all([launchBrowser(t), startTestDaemon(t, prosody)]);
  const origin = daemon.url;

  await t.test('a logged-out visit to any route shows the login screen, in both themes and languages', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const locale of ['en-GB', 'fr-FR'] as const) {
        const watched = await openPage(browser, origin, { colorScheme, locale, viewport: PHONE });
        watched.expectConsole(httpErrorLine(401)); // GET /api/session: not logged in
        const { page } = watched;
        await page.goto(`${origin}/#/contacts`);
        await page.getByRole('heading', { name: HEADINGS[locale] }).waitFor();
        assert.equal(await page.getAttribute('html', 'lang'), locale.slice(0, 2));
        for (const label of LABELS[locale]) assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `a control labelled ${label}`);
        assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), BACKGROUNDS[colorScheme]);
        assert.deepEqual(await smallTouchTargets(page), []);
        assert.deepEqual(await lowContrastTexts(page), []);
        if (locale === 'en-GB') {
          await screenshot(page, `login-phone-${colorScheme}`);
          await page.setViewportSize(LAPTOP);
          await screenshot(page, `login-laptop-${colorScheme}`);
        }
        watched.assertClean();
        await watched.context.close();
      }
    }
  });

  await t.test('the form works from the keyboard and reads out the daemon refusal', async () => {
    const watched = await openPage(browser, origin);
    watched.expectConsole(httpErrorLine(401)); // GET /api/session, then the refused login
    const { page } = watched;
    await page.goto(origin);
    await page.getByRole('heading', { name: HEADINGS['en-GB'] }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-address', 'the address field has the focus');
    await page.keyboard.type(mum.jid);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-password');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'none', 'the focus is visible');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.getByText('Wrong address or password.').waitFor();
    assert.match(await alert.innerText(), /username or password is wrong/, "the daemon's own message is shown");
    assert.equal(await page.getAttribute('#login-password', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-password', 'focus returns to the password');
    watched.assertClean();
    await watched.context.close();
  });

  await t.test('an empty form is refused before anything is sent', async () => {
    const watched = await openPage(browser, origin);
    watched.expectConsole(httpErrorLine(401));
    const { page } = watched;
    const logins: string[] = [];
    page.on('request', (request) => request.url().endsWith('/api/login') && logins.push(request.url()));
    await page.goto(origin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Enter your address and your password.').waitFor();
    assert.deepEqual(logins, []);
    watched.assertClean();
    await watched.context.close();
  });

  await t.test('too many attempts show the rate-limit message', async () => {
    const watched = await openPage(browser, origin, { locale: 'fr-FR' });
    watched.expectConsole(httpErrorLine(401));
    watched.expectConsole(httpErrorLine(429));
    const { page } = watched;
    await page.goto(origin);
    await page.getByLabel('Adresse').fill(`gran@${prosody.domain}`);
    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Mot de passe').fill(`guess ${attempt}`);
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/login'));
      await page.getByLabel('Mot de passe').press('Enter');
      const response = await answered;
      assert.equal(response.status(), attempt <= 5 ? 401 : 429, `attempt ${attempt}`);
    }
    await alert.getByText('Trop de tentatives. Patientez un peu avant de réessayer.').waitFor();
    assert.match(await alert.innerText(), /Too many login attempts for gran@/);
    watched.assertClean();
    await watched.context.close();
  });

  await t.test('an unreachable box is said so', async () => {
    const watched = await openPage(browser, origin);
    watched.expectConsole(httpErrorLine(401));
    watched.expectConsole(/net::ERR_INTERNET_DISCONNECTED/);
    const { page, context } = watched;
    await page.goto(origin);
    await page.getByLabel('Address').fill(mum.jid);
    await page.getByLabel('Password').fill(mum.password);
    await context.setOffline(true);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('alert').getByText('Foyer cannot be reached. Check that this device is on the home network.').waitFor();
    watched.assertClean();
    await context.close();
  });

  await t.test('the page watch catches what the other tests say never happened', async () => {
    // Markup injected the way a careless innerHTML would: the CSP blocks it, and the watch
    // must see each violation and the request to another host.
    const watched = await openPage(browser, origin);
    watched.expectConsole(httpErrorLine(401));
    const { page } = watched;
    await page.goto(origin);
    await page.getByLabel('Address').waitFor();
    await page.evaluate(() => {
      const injected = document.createElement('div');
      injected.innerHTML = '<img src="https://evil.example/pixel.png"><span style="color:red">x</span>';
      const script = document.createElement('script');
      script.textContent = 'alert(1)';
      document.body.append(injected, script);
    });
    await page.waitForFunction(() => document.querySelectorAll('img').length === 1);
    await watched.expectProblems((problems) => problems.cspViolations.length >= 2 && problems.foreignRequests.length >= 1);
    assert.ok(watched.problems.cspViolations.some((line) => line.startsWith('style-src')));
    assert.ok(watched.problems.cspViolations.some((line) => line.startsWith('script-src')));
    assert.deepEqual(watched.problems.foreignRequests, ['https://evil.example/pixel.png']);
    assert.deepEqual(watched.problems.dialogs, [], 'the blocked script never ran');
    assert.throws(() => watched.assertClean());
    await watched.context.close();
  });
});
