// The family feed end to end in Chromium, two people in two browser contexts of one daemon:
// a post with a photo appears live on the other's feed, a comment and a like come back live
// (with the author's notification), an edit and a delete propagate, and a post from a
// third-party XMPP library carrying the XSS corpus renders as harmless text: no dialog, no
// script run (the flag the payloads would set stays unset), no request to a foreign host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { xml } from '../../src/xml/element.js';
import { NS_ATOM, NS_MICROBLOG } from '../../src/linker/features/microblog/stanza.js';
import { XSS_FLAG, XSS_PAYLOADS } from '../../src/linker/features/microblog/xss-corpus.js';
import { buildCreateNode, buildPublish } from '../../src/linker/features/pubsub/stanza.js';
import { launchBrowser, LAPTOP, lowContrastTexts, openPage, PHONE, screenshot, smallTouchTargets } from '../support/browser.js';
import { befriend, createAccount } from '../support/contacts.js';
import { startFileShareProsody } from '../support/file-share.js';
import { connectThirdParty } from '../support/third-party-xmpp.js';
import { assertWebAppBuilt, logInContext } from '../support/web-daemon.js';

assertWebAppBuilt();
// Nobody is an admin: any of the family may create a community on the box's Prosody.
const files = await startFileShareProsody({});
const [mum, dad, gran] = await Promise.all(['mum', 'dad', 'gran'].map((name) => createAccount(files.prosody, name)));
await befriend(files.prosody, mum!, dad!);
await befriend(files.prosody, mum!, gran!);

/** A small PNG drawn by the browser itself (no image files in the repository). */
async function drawnPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#c8643b';
    context.fillRect(0, 0, 320, 240);
    context.fillStyle = '#2f6f4f';
    context.beginPath();
    context.arc(160, 120, 80, 0, Math.PI * 2);
    context.fill();
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

test('the feed between two browsers', async (t) => {
  const [browser, daemon] = await Promise.all([launchBrowser(t), files.startDaemon(t)]);
  const mums = await openPage(browser, daemon.url);
  const dads = await openPage(browser, daemon.url);
  await Promise.all([logInContext(mums.context, daemon, mum!), logInContext(dads.context, daemon, dad!)]);
  const mumPage = mums.page;
  const dadPage = dads.page;
  await Promise.all([mumPage.goto(`${daemon.url}/#/feed`), dadPage.goto(`${daemon.url}/#/feed`)]);
  await Promise.all([mumPage, dadPage].map((page) => page.getByRole('heading', { name: 'Feed', exact: true }).waitFor()));
  const mumsPost = (page: Page) => page.locator('article.post', { hasText: 'Back from the seaside' });

  await t.test('a post with a photo appears live on the other feed', async () => {
    await mumPage.getByLabel('Title (optional)').fill('Back from the seaside');
    await mumPage.getByLabel('What do you want to share?').fill('We had **sun** every day.\n\nMore soon.');
    await mumPage.locator('input[type=file]').setInputFiles({ name: 'beach.png', mimeType: 'image/png', buffer: await drawnPng(mumPage) });
    await mumPage.locator('.feed-composer-photo img').waitFor();
    await mumPage.getByRole('button', { name: 'Publish' }).click();
    await mumPage.getByText('Published.').waitFor();

    const post = mumsPost(dadPage);
    await post.waitFor();
    assert.equal(await post.locator('.rich strong').textContent(), 'sun');
    const photo = post.locator('.photo-grid img');
    await photo.waitFor();
    await dadPage.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.photo-grid img')].some((img) => img.complete && img.naturalWidth > 0));
    assert.match((await photo.getAttribute('src'))!, new RegExp(`^${daemon.url.replace(/[.]/g, '\\.')}|^http://127\\.0\\.0\\.1:`));

    // Mum's album shows the photo too.
    await mumPage.getByRole('link', { name: 'Albums' }).click();
    await mumPage.locator('.album', { hasText: 'You' }).locator('img').waitFor();
    await mumPage.getByRole('link', { name: 'Feed', exact: true }).first().click();
    await mumsPost(mumPage).waitFor();
  });

  await t.test('a comment and a like come back live, and mum is told', async () => {
    const post = mumsPost(dadPage);
    await post.getByLabel('Write a comment').fill('Lovely photo!');
    await post.getByRole('button', { name: 'Comment' }).click();
    await post.getByRole('button', { name: 'Like' }).click();
    await post.getByRole('button', { name: 'Unlike' }).waitFor();

    const mine = mumsPost(mumPage);
    await mine.locator('.comment', { hasText: 'Lovely photo!' }).waitFor();
    await mine.getByText('1 like').waitFor();
    await mumPage.locator('.notice', { hasText: 'commented' }).waitFor();

    // Dad takes his like back and deletes his comment: both go from mum's side too, live.
    await post.getByRole('button', { name: 'Unlike' }).click();
    await post.getByRole('button', { name: 'Like' }).waitFor();
    await mine.getByText('1 like').waitFor({ state: 'hidden' });
    await post.getByRole('button', { name: /^Delete the comment by/ }).click();
    await mine.locator('.comment', { hasText: 'Lovely photo!' }).waitFor({ state: 'detached' });
    // Mum's composer says who reads her posts (her feed's access model, asked of the server).
    await mumPage.getByText('Only your contacts can read your posts').waitFor();
  });

  await t.test('an edit and a delete propagate', async () => {
    const mine = mumsPost(mumPage);
    await mine.getByRole('button', { name: 'Edit' }).click();
    // The form starts from the post as written, formatting marks included.
    assert.equal(await mumPage.getByLabel('What do you want to share?').inputValue(), 'We had **sun** every day.\n\nMore soon.');
    await mumPage.getByLabel('Title (optional)').fill('Back from the seaside (edited)');
    await mumPage.getByRole('button', { name: 'Save changes' }).click();
    await dadPage.locator('.post-title', { hasText: 'Back from the seaside (edited)' }).waitFor();
    assert.equal(await mumsPost(dadPage).locator('.rich strong').textContent(), 'sun', 'the edit kept the bold');

    for (const colorScheme of ['light', 'dark'] as const) {
      for (const page of [mumPage, dadPage]) await page.emulateMedia({ colorScheme });
      assert.deepEqual(await lowContrastTexts(dadPage), [], `feed ${colorScheme} contrast`);
      await screenshot(dadPage, `feed-laptop-${colorScheme}`);
      await dadPage.setViewportSize(PHONE);
      assert.deepEqual(await smallTouchTargets(dadPage), [], `feed ${colorScheme} touch targets`);
      await screenshot(dadPage, `feed-phone-${colorScheme}`);
      await dadPage.setViewportSize(LAPTOP);
    }

    await mumsPost(mumPage).getByRole('button', { name: 'Delete', exact: true }).click();
    await mumsPost(mumPage).getByRole('button', { name: 'Delete it for everyone' }).click();
    await mumsPost(dadPage).waitFor({ state: 'detached' });
    await mumsPost(mumPage).waitFor({ state: 'detached' });
  });

  await t.test('the XSS corpus from a third-party client renders harmlessly', async (t) => {
    for (const page of [mumPage, dadPage]) await page.emulateMedia({ colorScheme: 'light' });
    const phone = await connectThirdParty(files.prosody, gran!);
    t.after(() => phone.stop());
    // Gran's client keeps more than Prosody's default single item, as a microblog client would.
    await phone.iq(buildCreateNode(gran!.jid, NS_MICROBLOG, { accessModel: 'presence', maxItems: 50 }));
    for (const [index, payload] of XSS_PAYLOADS.entries()) {
      const entry = xml(
        'entry', { xmlns: NS_ATOM },
        xml('title', { type: 'html' }, index === 0 ? `Gran's corpus <img src=x onerror="window.${XSS_FLAG}=1">` : `Payload ${index}`),
        xml('author', null, xml('uri', null, `xmpp:${gran!.jid}`)),
        xml('published', null, new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString()),
        xml('content', { type: 'html' }, payload),
      );
      await phone.iq(buildPublish(gran!.jid, NS_MICROBLOG, `xss-${index}`, entry));
    }
    // Mum's feed is open: the posts arrive live (PEP +notify), all of them.
    await mumPage.locator('.post-title', { hasText: "Gran's corpus" }).waitFor();
    await mumPage.locator('.post-title', { hasText: `Payload ${XSS_PAYLOADS.length - 1}` }).waitFor();
    // Let lazy images and any late handler have their chance to run.
    await mumPage.mouse.wheel(0, 20_000);
    await mumPage.waitForTimeout(1000);
    assert.equal(await mumPage.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag], XSS_FLAG), undefined);
    // What the corpus could have become: only the allowlisted elements appear in post bodies.
    const tags = await mumPage.locator('.posts .rich *').evaluateAll((elements) => [...new Set(elements.map((element) => element.localName))].sort());
    for (const tag of tags) assert.ok(['a', 'blockquote', 'br', 'button', 'code', 'em', 'h2', 'h3', 'h4', 'hr', 'img', 'li', 'ol', 'p', 'pre', 's', 'strong', 'sub', 'sup', 'u', 'ul'].includes(tag), tag);
    assert.equal(await mumPage.locator('.posts [onerror], .posts [onload], .posts [onclick], .posts [style], .posts [srcset]').count(), 0);
    const hrefs = await mumPage.locator('.posts a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    for (const href of hrefs) assert.match(href, /^(https?:|mailto:|xmpp:)/, href);
    // A remote https image waits for a click: showing the corpus fetched nothing foreign.
    await mumPage.locator('.remote-image').first().waitFor();
    await screenshot(mumPage, 'feed-xss-corpus-laptop-light');
  });

  await t.test('scrolling loads a new contact\'s older posts from the server, in order, to the end', async (t) => {
    // Uncle posted 45 times before becoming Mum's contact: only his newest reach her session
    // live, the rest are paged from his server as she scrolls.
    const uncle = await createAccount(files.prosody, 'uncle');
    const phone = await connectThirdParty(files.prosody, uncle);
    t.after(() => phone.stop());
    await phone.iq(buildCreateNode(uncle.jid, NS_MICROBLOG, { accessModel: 'presence', maxItems: 256 }));
    const titles = Array.from({ length: 45 }, (_, n) => `Uncle's post ${n}`);
    for (const [n, title] of titles.entries()) {
      const entry = xml('entry', { xmlns: NS_ATOM }, xml('title', null, title), xml('published', null, new Date(Date.UTC(2025, 5, 1, n)).toISOString()));
      await phone.iq(buildPublish(uncle.jid, NS_MICROBLOG, `uncle-${n}`, entry));
    }
    await befriend(files.prosody, mum!, uncle);
    await mumPage.reload();
    const endNote = mumPage.getByText('You have reached the oldest posts.');
    const uncles = mumPage.locator('.post-title', { hasText: "Uncle's post" });
    for (let scrolls = 0; !(await endNote.isVisible()); scrolls++) {
      assert.ok(scrolls < 40, 'the end is reached');
      const shown = await mumPage.locator('article.post').count();
      // The last post shown before the next page, marked: it must stay the same element, and
      // the page must not scroll back up when the page comes.
      await mumPage.locator('article.post').last().evaluate((element) => element.setAttribute('data-anchor', String(Date.now())));
      await mumPage.mouse.wheel(0, 50_000);
      await mumPage.waitForTimeout(200);
      const scrolled = await mumPage.evaluate(() => window.scrollY);
      // Each scroll to the bottom brings the next page, or the end note.
      await mumPage.waitForFunction((count) => document.querySelectorAll('article.post').length > count || !document.querySelector('.feed-end-note')!.hasAttribute('hidden'), shown, { timeout: 30_000 });
      assert.equal(await mumPage.locator('article.post[data-anchor]').count(), 1, 'the posts shown stay (not rebuilt)');
      await mumPage.locator('article.post[data-anchor]').evaluate((element) => element.removeAttribute('data-anchor'));
      assert.ok((await mumPage.evaluate(() => window.scrollY)) >= scrolled - 2, 'older posts join below: the page does not jump back');
    }
    assert.deepEqual(await uncles.allTextContents(), [...titles].reverse(), 'all of them, newest first, once each');
  });

  await t.test('a community with two publishers', async () => {
    await mumPage.goto(`${daemon.url}/#/feed/communities`);
    await mumPage.getByLabel('Name of a new community, e.g. Holidays 2026').fill('Holidays 2026');
    await mumPage.getByRole('button', { name: 'Create' }).click();
    await mumPage.getByRole('link', { name: 'Holidays 2026' }).click();
    await mumPage.getByLabel('Address of someone who may post here').fill(dad!.jid);
    await mumPage.getByRole('button', { name: 'Let them post' }).click();
    await mumPage.getByText(`${dad!.jid} may now post here.`).waitFor();
    await mumPage.getByLabel('What do you want to share?').fill('Sea or mountains?');
    await mumPage.getByRole('button', { name: 'Publish' }).click();
    await mumPage.locator('article.post', { hasText: 'Sea or mountains?' }).waitFor();

    await dadPage.goto(`${daemon.url}/#/feed/communities`);
    const row = dadPage.locator('.community', { hasText: 'Holidays 2026' });
    await row.getByRole('button', { name: 'Follow' }).click();
    await row.getByRole('button', { name: 'Stop following' }).waitFor();
    await row.getByRole('link', { name: 'Holidays 2026' }).click();
    await dadPage.locator('article.post', { hasText: 'Sea or mountains?' }).waitFor();
    await dadPage.getByLabel('What do you want to share?').fill('Mountains!');
    await dadPage.getByRole('button', { name: 'Publish' }).click();
    await dadPage.locator('article.post', { hasText: 'Mountains!' }).waitFor();
    // Mum created it, so she follows it: Dad's post arrives live on her page, and in both feeds.
    await mumPage.locator('article.post', { hasText: 'Mountains!' }).waitFor();
    await dadPage.goto(`${daemon.url}/#/feed`);
    await dadPage.locator('article.post', { hasText: 'Sea or mountains?' }).waitFor();
    await screenshot(mumPage, 'feed-community-laptop-light');
  });

  mums.assertClean();
  dads.assertClean();
});
