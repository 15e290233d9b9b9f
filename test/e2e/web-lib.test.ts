// The web app's building blocks, run in Chromium: the DOM helper that keeps remote content
// as text, safe linkification, bidi isolation and clamping of hostile text, contact sorting
// and search, reconnection backoff, and the message tables. The modules are bundled from
// web/src with esbuild and loaded into a blank page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, bundleWebModules } from '../support/browser.js';
import type { Page } from 'playwright-core';

const repoRoot = new URL('../../../', import.meta.url).pathname;

function bundleLibrary(): Promise<string> {
  return bundleWebModules([
    "export * from './web/src/lib/dom.ts';",
    "export * from './web/src/lib/linkify.ts';",
    "export * from './web/src/lib/roster.ts';",
    "export * from './web/src/lib/i18n.ts';",
    "export { backoffDelay } from './web/src/lib/connection.ts';",
    "export { Thread } from './web/src/lib/chat.ts';",
    "export { remoteName, remoteText } from './web/src/ui/text.ts';",
    "export { contactRow, contactDetails } from './web/src/ui/contacts.ts';",
    "export { en } from './web/src/lib/messages/en.ts';",
    "export { fr } from './web/src/lib/messages/fr.ts';",
  ], 'foyer');
}

const HOSTILE_MARKUP = '<script>alert(1)</script><img src=x onerror="alert(2)"><b>bold</b>';

test('web building blocks in Chromium', async (t) => {
  const [browser, library] = await Promise.all([launchBrowser(t), bundleLibrary()]);
  // about:blank has no server; any request at all would be recorded as foreign.
  const watched = await openPage(browser, 'http://127.0.0.1:9');
  const page: Page = watched.page;
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body><div id="stage"></div></body></html>');
  await page.addStyleTag({ path: `${repoRoot}web/styles/app.css` });
  await page.addScriptTag({ content: library });

  await t.test('h() renders markup-looking text as text and refuses unsafe attributes', async () => {
    const result = await page.evaluate((hostile) => {
      const { h } = (window as any).foyer;
      const element = h('p', { class: 'x', 'data-id': '1', 'aria-label': hostile }, hostile, 42);
      const refusals = [
        () => h('a', { href: 'javascript:alert(1)' }),
        () => h('a', { href: ' JaVaScRiPt:alert(1)' }),
        () => h('a', { href: 'data:text/html,<script>alert(1)</script>' }),
        () => h('div', { style: 'color:red' }),
        () => h('div', { onclick: 'alert(1)' }),
        () => h('img', { src: 'x' }),
        () => h('div', { srcdoc: '<b>' }),
      ].map((make) => {
        try {
          make();
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      });
      return { text: element.textContent, children: element.children.length, label: element.getAttribute('aria-label'), refusals };
    }, HOSTILE_MARKUP);
    assert.equal(result.text, HOSTILE_MARKUP + '42');
    assert.equal(result.children, 0);
    assert.equal(result.label, HOSTILE_MARKUP);
    for (const refusal of result.refusals) assert.match(refusal, /^h: /);
  });

  await t.test('linkify makes links of http(s), mailto and xmpp URLs only', async () => {
    const links = await page.evaluate(() => {
      const { linkify, h } = (window as any).foyer;
      const text =
        'see https://example.org/wiki/Foyer_(home)), or http://a.example/x?y=1&z=2. ' +
        'javascript:alert(1) JAVASCRIPT://x%0aalert(1) data:text/html;base64,PHNjcmlwdD4= vbscript:x ' +
        'mail mailto:mum@home.example, chat xmpp:dad@home.example?message! ' +
        'quote https://evil.example/"onmouseover="alert(1) and file:///etc/passwd';
      const block = h('p', null, linkify(text));
      return {
        text: block.textContent,
        text_matches: block.textContent === text,
        links: [...block.querySelectorAll('a')].map((a: HTMLAnchorElement) => ({ href: a.getAttribute('href'), text: a.textContent, rel: a.rel, target: a.target })),
      };
    });
    assert.equal(links.text_matches, true, 'linkify keeps every character of the text');
    assert.deepEqual(
      links.links.map((link) => link.href),
      ['https://example.org/wiki/Foyer_(home)', 'http://a.example/x?y=1&z=2', 'mailto:mum@home.example', 'xmpp:dad@home.example?message', 'https://evil.example/'],
    );
    for (const link of links.links) {
      assert.equal(link.href, link.text);
      assert.equal(link.rel, 'noopener noreferrer nofollow');
      assert.equal(link.target, '_blank');
    }
  });

  await t.test('hostile names and bodies stay isolated and inside their box', async () => {
    const result = await page.evaluate(() => {
      const { remoteName, remoteText } = (window as any).foyer;
      const stage = document.getElementById('stage')!;
      stage.className = 'page';
      const zalgo = 'Z' + '\u0336\u0321\u0334\u0358\u0322'.repeat(60) + 'algo';
      const spoof = '\u202Egnp.exe';
      const huge = 'word '.repeat(40_000);
      const name = remoteName(spoof);
      const zalgoBlock = remoteText(zalgo);
      const hugeBlock = remoteText(huge);
      const markup = remoteText('<img src=x onerror=alert(1)> https://example.org');
      stage.append(name, zalgoBlock, hugeBlock, markup);
      const hugeBody = hugeBlock.querySelector('.remote-text') as HTMLElement;
      const zalgoBody = zalgoBlock.querySelector('.remote-text') as HTMLElement;
      return new Promise<Record<string, unknown>>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            resolve({
              nameTag: name.tagName,
              nameBidi: getComputedStyle(name).unicodeBidi,
              bodyDir: hugeBody.getAttribute('dir'),
              hugeHeight: hugeBody.getBoundingClientRect().height,
              lineHeight: parseFloat(getComputedStyle(hugeBody).lineHeight),
              hugeKeepsText: hugeBody.textContent === huge,
              hugeToggleShown: !(hugeBlock.querySelector('button') as HTMLButtonElement).hidden,
              zalgoHeight: zalgoBody.getBoundingClientRect().height,
              zalgoOverflow: getComputedStyle(zalgoBody).overflow,
              markupImages: markup.querySelectorAll('img').length,
              markupLinks: markup.querySelectorAll('a').length,
            }),
          ),
        ),
      );
    });
    assert.equal(result.nameTag, 'BDI');
    assert.equal(result.nameBidi, 'isolate');
    assert.equal(result.bodyDir, 'auto');
    assert.equal(result.hugeKeepsText, true);
    assert.ok((result.hugeHeight as number) <= 12 * (result.lineHeight as number) + 1, `huge body clamped to 12 lines, got ${result.hugeHeight}px`);
    assert.equal(result.hugeToggleShown, true);
    assert.ok((result.zalgoHeight as number) <= 12 * (result.lineHeight as number) + 1);
    assert.equal(result.zalgoOverflow, 'hidden');
    assert.equal(result.markupImages, 0);
    assert.equal(result.markupLinks, 1);
  });

  await t.test('a hostile contact (markup name, spoofing bidi, script link in the status) renders as text', async () => {
    const result = await page.evaluate((hostile) => {
      const { contactRow, contactDetails, setLanguage } = (window as any).foyer;
      setLanguage('en');
      const item = {
        jid: 'evil@home.example',
        name: hostile + '\u202E' + 'Z\u0336\u0321\u0334'.repeat(50),
        groups: ['<i>group</i>'],
        subscription: 'both',
        ask: true,
        presence: { show: 'dnd', status: 'click javascript:alert(1) or https://example.org/ok ' + 'spam '.repeat(5000) },
      };
      const stage = document.getElementById('stage')!;
      const list = document.createElement('ul');
      list.append(contactRow(item, true));
      stage.replaceChildren(list, contactDetails(item));
      const links = [...stage.querySelectorAll('a')].map((a) => a.getAttribute('href'));
      const row = stage.querySelector('.row') as HTMLElement;
      return {
        scripts: stage.querySelectorAll('script, img, b, i').length,
        links,
        nameInBdi: [...stage.querySelectorAll('bdi.name')].every((bdi) => bdi.textContent === item.name),
        rowHeight: row.getBoundingClientRect().height,
        presence: stage.querySelector('.presence')!.textContent,
        pending: stage.textContent!.includes('Waiting for them to accept'),
      };
    }, HOSTILE_MARKUP);
    assert.equal(result.scripts, 0, 'no element made from the remote text');
    assert.deepEqual(result.links, ['#/contacts/evil%40home.example', 'https://example.org/ok', '#/conversations/evil%40home.example']);
    assert.equal(result.nameInBdi, true);
    assert.ok(result.rowHeight < 100, `a row keeps its height, got ${result.rowHeight}px`);
    assert.equal(result.presence, 'Busy');
    assert.equal(result.pending, true);
  });

  await t.test('contacts sort online first, then by name in the UI language; search folds accents', async () => {
    const result = await page.evaluate(() => {
      const { sortContacts, matchesQuery, collator, setLanguage } = (window as any).foyer;
      setLanguage('fr');
      const item = (jid: string, name: string | null, show: string) => ({ jid, name, groups: jid.startsWith('g') ? ['Famille'] : [], subscription: 'both', ask: false, presence: { show, status: null } });
      const items = [
        item('zoe@h', 'Zoé', 'offline'),
        item('emile@h', 'Émile', 'away'),
        item('bob@h', null, 'online'),
        item('anna@h', 'anna', 'offline'),
        item('gran@h', 'Granny', 'dnd'),
        item('carl@h', 'Carl', 'chat'),
      ];
      return {
        order: sortContacts(items, collator()).map((contact: { jid: string }) => contact.jid),
        zoe: items.filter((contact) => matchesQuery(contact, ' zoe ')).map((contact) => contact.jid),
        emile: items.filter((contact) => matchesQuery(contact, 'EMI')).map((contact) => contact.jid),
        family: items.filter((contact) => matchesQuery(contact, 'famille')).map((contact) => contact.jid),
        byAddress: items.filter((contact) => matchesQuery(contact, 'bob@')).map((contact) => contact.jid),
        everyone: items.filter((contact) => matchesQuery(contact, '')).length,
      };
    });
    assert.deepEqual(result.order, ['bob@h', 'carl@h', 'emile@h', 'gran@h', 'anna@h', 'zoe@h']);
    assert.deepEqual(result.zoe, ['zoe@h']);
    assert.deepEqual(result.emile, ['emile@h']);
    assert.deepEqual(result.family, ['gran@h']);
    assert.deepEqual(result.byAddress, ['bob@h']);
    assert.equal(result.everyone, 6);
  });

  await t.test('reconnection delays grow exponentially, capped, with jitter in the upper half', async () => {
    const delays = await page.evaluate(() => {
      const { backoffDelay } = (window as any).foyer;
      return {
        low: [0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, 1000, 30_000, () => 0)),
        high: [0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, 1000, 30_000, () => 1)),
      };
    });
    assert.deepEqual(delays.low, [500, 1000, 2000, 4000, 15_000]);
    assert.deepEqual(delays.high, [1000, 2000, 4000, 8000, 30_000]);
  });

  await t.test('languages come from the browser preferences; counts follow each plural rule', async () => {
    const result = await page.evaluate(() => {
      const { pickLanguage, setLanguage, tn, t: translate, en, fr } = (window as any).foyer;
      const picks = [['fr-CA', 'en'], ['de', 'fr'], ['de', 'es'], ['EN-us'], []].map((list) => pickLanguage(list));
      const counts: string[] = [];
      for (const language of ['en', 'fr']) {
        setLanguage(language);
        for (const count of [0, 1, 2, 1500]) counts.push(tn('contacts.summary', count, { total: 2000 }));
      }
      setLanguage('fr');
      const filled = translate('contacts.noMatch', { query: '<b>x</b>' });
      const placeholders = (table: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(table).map(([key, value]) => [key, JSON.stringify(value).match(/\{\w+\}/g)?.sort().join() ?? '']));
      return { picks, counts, filled, lang: document.documentElement.lang, enPlaceholders: placeholders(en), frPlaceholders: placeholders(fr) };
    });
    assert.deepEqual(result.picks, ['fr', 'fr', 'en', 'en', 'en']);
    assert.deepEqual(result.counts, [
      '0 contacts online out of 2000',
      '1 contact online out of 2000',
      '2 contacts online out of 2000',
      '1,500 contacts online out of 2000',
      '0 contact en ligne sur 2000',
      '1 contact en ligne sur 2000',
      '2 contacts en ligne sur 2000',
      '1\u202f500 contacts en ligne sur 2000',
    ]);
    assert.equal(result.filled, 'Aucun contact ne correspond à « <b>x</b> ».');
    assert.equal(result.lang, 'fr');
    assert.deepEqual(result.frPlaceholders, result.enPlaceholders, 'each translation uses the same placeholders');
  });

  await t.test('a message never goes back in a thread: a late answer does not undo a bounce or a receipt', async () => {
    const states = await page.evaluate(() => {
      const { Thread } = (window as any).foyer;
      const thread = new Thread('dad@example.org', null);
      const message = { id: 'm1', peer: 'dad@example.org', from: 'mum@example.org', to: 'dad@example.org', time: 1, body: 'hi', direction: 'out' };
      const shown = () => `${thread.messages[0].state}${thread.messages[0].failure ? ':' + thread.messages[0].failure.condition : ''}`;
      const seen: string[] = [];
      thread.upsert({ ...message, state: 'queued' });
      thread.upsert({ ...message, state: 'failed', failure: { condition: 'service-unavailable' } });
      thread.upsert({ ...message, state: 'queued' }); // chat.retry's answer, taken before the bounce
      seen.push(shown());
      thread.upsert({ ...message, id: 'm2', state: 'delivered' });
      thread.upsert({ ...message, id: 'm2', state: 'sent', body: 'hi!', edited: true });
      seen.push(`${thread.messages[1].state} ${thread.messages[1].body}`);
      return seen;
    });
    assert.deepEqual(states, ['failed:service-unavailable', 'delivered hi!']);
  });

  watched.assertClean();
});
