// Photos and files from the browser (web/src/lib/upload.ts, web/src/ui/upload-progress.ts)
// through the daemon to the real Prosody, in Chromium: a 4000×3000 photo drawn in the page
// is shrunk to 2048 px before it leaves the browser, the progress bar follows the upload
// (on a throttled link, so it can be seen and photographed), a cancel aborts it, a file over
// the box's limit is refused before sending, and an HTML file opened from its URL downloads
// instead of running as a page of Foyer's origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAPTOP, launchBrowser, lowContrastTexts, openPage, PHONE, screenshot, bundleWebModules } from '../support/browser.js';
import { befriend, createAccount } from '../support/contacts.js';
import { startFileShareProsody } from '../support/file-share.js';
import type { TestAccount } from '../support/contacts.js';
import { assertWebAppBuilt, logInContext } from '../support/web-daemon.js';

const LIMIT = 8 * 1024 * 1024;

assertWebAppBuilt();
const files = await startFileShareProsody({ sizeLimitBytes: LIMIT });
const [mum, dad] = await Promise.all(['mum', 'dad'].map((name) => createAccount(files.prosody, name))) as [TestAccount, TestAccount];
await befriend(files.prosody, mum, dad);

/** The upload modules as a global `foyerUpload`, evaluated in a page of the daemon's origin. */
function bundleUploadModules(): Promise<string> {
  return bundleWebModules([
    "export { uploadFile } from './web/src/lib/upload.ts';",
    "export { uploadProgress } from './web/src/ui/upload-progress.ts';",
    "export { attachButton } from './web/src/ui/attach-button.ts';",
  ], 'foyerUpload');
}

test('uploads from the browser', async (t) => {
  const [browser, daemon, modules] = await Promise.all([launchBrowser(t), files.startDaemon(t), bundleUploadModules()]);
  const watched = await openPage(browser, daemon.url);
  const { page, context } = watched;
  await logInContext(context, daemon, mum);
  await page.goto(daemon.url);
  await page.getByRole('heading', { name: 'Chats' }).waitFor();
  // DevTools evaluation is not script the page's CSP governs; the app's own code is untouched.
  await page.evaluate(modules);
  const cdp = await context.newCDPSession(page);
  const throttle = (bytesPerSecond: number) => cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond,
  });

  await t.test('a 4000×3000 photo is resized to 2048 px before upload, with a progress bar', async () => {
    await throttle(300 * 1024);
    const uploading = page.evaluate(async () => {
      const { uploadFile, uploadProgress } = (window as any).foyerUpload;
      const canvas = new OffscreenCanvas(4000, 3000);
      const draw = canvas.getContext('2d')!;
      const sky = draw.createLinearGradient(0, 0, 4000, 3000);
      sky.addColorStop(0, '#2a6fdb');
      sky.addColorStop(1, '#f6c453');
      draw.fillStyle = sky;
      draw.fillRect(0, 0, 4000, 3000);
      for (let i = 0; i < 200; i++) {
        draw.fillStyle = `hsl(${(i * 37) % 360} 70% 50%)`;
        draw.beginPath();
        draw.arc((i * 997) % 4000, (i * 613) % 3000, 40 + (i % 7) * 20, 0, Math.PI * 2);
        draw.fill();
      }
      const original = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
      const file = new File([original], 'beach.jpg', { type: 'image/jpeg' });
      const controller = new AbortController();
      const view = uploadProgress(file.name, () => controller.abort());
      view.element.id = 'test-upload';
      document.querySelector('.pane-list')!.prepend(view.element);
      const progress: number[] = [];
      const attachment = await uploadFile(file, {
        signal: controller.signal,
        onProgress: (sent: number, total: number) => {
          progress.push(sent / total);
          view.update(sent, total);
        },
      });
      view.element.remove();
      const decoded = await createImageBitmap(await (await fetch(attachment.url)).blob());
      return { attachment, progress, originalSize: file.size, decoded: { width: decoded.width, height: decoded.height } };
    });
    const bar = page.locator('#test-upload [role="progressbar"]');
    await page.waitForFunction(() => {
      const now = Number(document.querySelector('#test-upload [role="progressbar"]')?.getAttribute('aria-valuenow'));
      return now >= 20 && now < 90;
    });
    assert.equal(await bar.getAttribute('aria-label'), 'Uploading beach.jpg');
    assert.match(await bar.getAttribute('aria-valuetext') ?? '', /^\d+% \(.+ of .+\)$/);
    await screenshot(page, 'upload-progress-laptop-light');
    const { attachment, progress, decoded } = await uploading;
    await throttle(-1);

    assert.equal(attachment.mediaType, 'image/jpeg');
    assert.equal(attachment.name, 'beach.jpg');
    assert.deepEqual({ width: attachment.width, height: attachment.height }, { width: 2048, height: 1536 });
    assert.deepEqual(decoded, { width: 2048, height: 1536 }, 'the stored file is the resized one');
    assert.ok(attachment.url.startsWith(`${files.publicUrl}file_share/`));
    assert.ok(progress.length >= 3, `progress was reported along the way: ${progress.join(', ')}`);
    assert.equal(progress.at(-1), 1);
  });

  await t.test('a small transparent PNG stays PNG at its own size', async () => {
    const result = await page.evaluate(async () => {
      const { uploadFile } = (window as any).foyerUpload;
      const canvas = new OffscreenCanvas(300, 200);
      const draw = canvas.getContext('2d')!;
      draw.fillStyle = 'rgba(200, 30, 30, 0.5)';
      draw.fillRect(20, 20, 100, 100);
      const png = new File([await canvas.convertToBlob({ type: 'image/png' })], 'sticker.png', { type: 'image/png' });
      return uploadFile(png, {});
    });
    assert.deepEqual({ ...result, url: undefined, size: undefined }, { url: undefined, size: undefined, name: 'sticker.png', mediaType: 'image/png', width: 300, height: 200 });
  });

  await t.test('cancelling aborts the upload', async () => {
    await throttle(100 * 1024);
    const outcome = page.evaluate(async () => {
      const { uploadFile, uploadProgress } = (window as any).foyerUpload;
      const file = new File([new Uint8Array(2_000_000)], 'archive.zip', { type: 'application/zip' });
      const controller = new AbortController();
      const view = uploadProgress(file.name, () => controller.abort());
      view.element.id = 'cancel-upload';
      document.querySelector('.pane-list')!.prepend(view.element);
      try {
        await uploadFile(file, { signal: controller.signal, onProgress: (sent: number, total: number) => view.update(sent, total) });
        return 'uploaded';
      } catch (error) {
        return (error as Error).name;
      }
    });
    await page.waitForFunction(() => Number(document.querySelector('#cancel-upload [role="progressbar"]')?.getAttribute('aria-valuenow')) > 0);
    // Meanwhile: readable in both themes, and a 44 px cancel button on a phone.
    await page.setViewportSize(PHONE);
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      assert.deepEqual(await lowContrastTexts(page), [], `progress ${colorScheme} contrast`);
      await screenshot(page, `upload-progress-phone-${colorScheme}`);
    }
    const cancel = await page.getByRole('button', { name: 'Cancel uploading archive.zip' }).boundingBox();
    assert.ok(cancel && cancel.width >= 44 && cancel.height >= 44, `a 44 px touch target: ${JSON.stringify(cancel)}`);
    await page.setViewportSize(LAPTOP);
    await page.getByRole('button', { name: 'Cancel uploading archive.zip' }).click();
    assert.equal(await outcome, 'AbortError');
    await throttle(-1);
  });

  await t.test('a file over the box limit is refused before it is sent', async () => {
    const failure = await page.evaluate(async () => {
      const { uploadFile } = (window as any).foyerUpload;
      try {
        await uploadFile(new File([new Uint8Array(9 * 1024 * 1024)], 'film.mp4', { type: 'video/mp4' }), {});
        return null;
      } catch (error) {
        return { name: (error as Error).name, code: (error as { code: string }).code, message: (error as Error).message };
      }
    });
    assert.deepEqual(failure, { name: 'UploadFailure', code: 'E_UPLOAD_TOO_LARGE', message: 'This file is too large: the box accepts files up to 8.4 MB.' });
  });

  await t.test('a photo attached in a chat is seen inline by the other person, its space reserved', async (t) => {
    const dads = await openPage(browser, daemon.url);
    t.after(() => dads.context.close());
    await logInContext(dads.context, daemon, dad);
    await dads.page.goto(`${daemon.url}/#/conversations/${encodeURIComponent(mum.jid)}`);
    await page.goto(`${daemon.url}/#/conversations/${encodeURIComponent(dad.jid)}`);
    await page.getByRole('textbox', { name: /Dad|dad@/ }).waitFor();

    const photo = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(4000, 3000);
      const draw = canvas.getContext('2d')!;
      const light = draw.createRadialGradient(2800, 900, 100, 2000, 1500, 2600);
      light.addColorStop(0, '#ffe9a8');
      light.addColorStop(1, '#1f5f8b');
      draw.fillStyle = light;
      draw.fillRect(0, 0, 4000, 3000);
      draw.fillStyle = '#2d6a2d';
      draw.fillRect(0, 2200, 4000, 800);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    });
    await throttle(200 * 1024);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a photo or file' }).click();
    await (await chooser).setFiles([{ name: 'picnic.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo, 'base64') }]);
    const bar = page.locator('.composer [role="progressbar"]');
    await page.waitForFunction(() => Number(document.querySelector('.composer [role="progressbar"]')?.getAttribute('aria-valuenow')) >= 10);
    assert.equal(await bar.getAttribute('aria-label'), 'Uploading picnic.jpg');
    await screenshot(page, 'upload-progress-composer-laptop-light');
    await throttle(-1);

    const image = dads.page.locator('.message-in .attachment-image img');
    await image.waitFor();
    assert.deepEqual(await image.evaluate((img: HTMLImageElement) => ({ width: img.getAttribute('width'), height: img.getAttribute('height'), alt: img.alt })),
      { width: '2048', height: '1536', alt: 'picnic.jpg' }, 'the size is known before the image loads');
    await dads.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.message-in .attachment-image img');
      return img?.complete && img.naturalWidth === 2048 && img.naturalHeight === 1536;
    });
    const box = (await image.boundingBox())!;
    assert.ok(Math.abs(box.width / box.height - 2048 / 1536) < 0.02, `shown at its own proportions: ${box.width}×${box.height}`);
    assert.ok(new URL(await image.getAttribute('src') ?? '').pathname.startsWith('/file_share/'), 'loaded from the box\'s own origin');
    await page.locator('.message-out .attachment-image img').waitFor();
    assert.equal(await page.locator('.composer [role="progressbar"]').count(), 0, 'the bar goes once the photo is sent');
    await screenshot(dads.page, 'upload-inline-photo-laptop-light');
    await dads.page.setViewportSize(PHONE);
    await screenshot(dads.page, 'upload-inline-photo-phone-light');
    dads.assertClean();
  });

  await t.test('the attach button uploads the picked files and shows failures until dismissed', async () => {
    const photo = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(3000, 2000);
      const draw = canvas.getContext('2d')!;
      draw.fillStyle = '#3a7';
      draw.fillRect(0, 0, 3000, 2000);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    });
    await page.evaluate(() => {
      const { attachButton } = (window as any).foyerUpload;
      const host = document.createElement('div');
      host.id = 'attach-test';
      const uploaded: unknown[] = [];
      (window as any).uploaded = uploaded;
      host.append(attachButton({ progressHost: host, onUploaded: (attachment: unknown) => void uploaded.push(attachment) }));
      document.querySelector('.pane-list')!.prepend(host);
    });
    const chooser = page.waitForEvent('filechooser');
    await page.locator('#attach-test').getByRole('button', { name: 'Attach a photo or file' }).click();
    await (await chooser).setFiles([
      { name: 'garden.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo, 'base64') },
      { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(LIMIT + 1) },
    ]);
    await page.waitForFunction(() => (window as any).uploaded.length === 1);
    const [garden] = await page.evaluate(() => (window as any).uploaded);
    assert.deepEqual({ name: garden.name, width: garden.width, height: garden.height }, { name: 'garden.jpg', width: 2048, height: 1365 });
    const failure = page.locator('#attach-test .upload-progress.failed');
    await failure.getByRole('alert').getByText('This file is too large: the box accepts files up to 8.4 MB.').waitFor();
    await failure.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await page.locator('#attach-test .upload-progress').count(), 0);
    await page.evaluate(() => document.getElementById('attach-test')!.remove());
  });

  await t.test('an uploaded HTML page downloads instead of opening on Foyer\'s origin', async () => {
    const url = await page.evaluate(async () => {
      const { uploadFile } = (window as any).foyerUpload;
      const html = '<!doctype html><title>pwned</title><script>document.cookie; fetch("/api/session")</script>';
      return (await uploadFile(new File([html], 'invitation.html', { type: 'text/html' }), {})).url as string;
    });
    const visitor = await context.newPage();
    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      visitor.goto(url).catch((error: Error) => assert.match(error.message, /Download is starting/)),
    ]);
    assert.equal(download.suggestedFilename(), 'invitation.html');
    assert.notEqual(await visitor.title(), 'pwned');
    await visitor.close();
  });

  watched.assertClean();
});
