// Debian's Chromium driven by playwright-core, for the web app's tests. One browser per test
// file; each page records what must never happen on a Foyer page: console errors, uncaught
// errors, dialogs (alert() from injected script), Content-Security-Policy violations and
// requests to any host but the test server. assertClean() fails the test on any of them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = new URL('../../../test/artifacts/', import.meta.url).pathname;

export const PHONE = { width: 390, height: 844 } as const;
export const LAPTOP = { width: 1280, height: 800 } as const;

export async function launchBrowser(t: TestContext): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  t.after(() => browser.close());
  return browser;
}

export interface Problems {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  cspViolations: string[];
  foreignRequests: string[];
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  problems: Problems;
  /**
   * Console errors the browser itself logs for expected network outcomes (a 401 from
   * /api/session, a refused connection while offline), matched by pattern.
   */
  expectConsole(pattern: RegExp): void;
  /** Fails when anything was recorded beyond the expected console lines. */
  assertClean(): void;
  /** Waits (up to 5 s) until the recorded problems satisfy `done`; for the watch's own test. */
  expectProblems(done: (problems: Problems) => boolean): Promise<void>;
}

/** A fresh context (own cookies, storage, service workers) with one watched page. */
export async function openPage(browser: Browser, origin: string, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  // Reduced motion: no colour transitions, so a theme switch is complete when checked.
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', colorScheme: 'light', reducedMotion: 'reduce', ...options });
  const problems: Problems = { consoleErrors: [], pageErrors: [], dialogs: [], cspViolations: [], foreignRequests: [] };
  const expected: RegExp[] = [];
  const allowedHost = new URL(origin).host;

  await context.exposeBinding('__foyerTestReportCsp', (_source, report: string) => {
    problems.cspViolations.push(report);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`;
      (window as unknown as { __foyerTestReportCsp(report: string): void }).__foyerTestReportCsp(report);
    });
  });
  // Recorded below, and never let out: tests talk only to loopback.
  await context.route((url) => url.host !== allowedHost && url.protocol !== 'data:' && url.protocol !== 'blob:', (route) => route.abort('blockedbyclient'));
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.host !== allowedHost) problems.foreignRequests.push(request.url());
  });
  context.on('page', (page) => watch(page));
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (!expected.some((pattern) => pattern.test(text))) problems.consoleErrors.push(text);
    });
    page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
    page.on('dialog', (dialog) => {
      problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('websocket', (socket) => {
      if (new URL(socket.url()).host !== allowedHost) problems.foreignRequests.push(socket.url());
    });
  };
  const page = await context.newPage();
  return {
    context,
    page,
    problems,
    expectConsole: (pattern) => void expected.push(pattern),
    assertClean: () => assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], dialogs: [], cspViolations: [], foreignRequests: [] }),
    expectProblems: async (done) => {
      for (let waited = 0; !done(problems); waited += 50) {
        if (waited >= 5000) throw new Error(`the watch did not record the expected problems: ${JSON.stringify(problems)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** The console line Chromium logs for any HTTP error answer, e.g. the 401 of /api/session. */
export function httpErrorLine(status: number): RegExp {
  return new RegExp(`Failed to load resource: the server responded with a status of ${status}\\b`);
}

/** Saves a screenshot under test/artifacts/web/ (ignored by git). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(ARTIFACTS, 'web');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Every visible control smaller than 44×44 CSS pixels (WCAG 2.5.5 touch target size), except
 * links inside remote text, which are part of a sentence (the inline exception).
 */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered
      if (element.closest('.remote-text')) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      if (box.width < 44 || box.height < 44) small.push(`${element.tagName.toLowerCase()} "${element.textContent?.trim() ?? ''}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return small;
  });
}

/**
 * Visible text whose colour has less contrast with the background behind it than WCAG AA
 * asks (4.5:1, or 3:1 for large text), as "ratio text" lines. The background is the first
 * opaque one among the element and its ancestors.
 */
export async function lowContrastTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgba = (colour: string): number[] => (colour.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number);
    const luminance = ([r, g, b]: number[]): number => {
      const [lr, lg, lb] = [r!, g!, b!].map((channel) => {
        const c = channel / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * lr! + 0.7152 * lg! + 0.0722 * lb!;
    };
    const background = (element: Element | null): number[] => {
      for (let node = element; node; node = node.parentElement) {
        const colour = rgba(getComputedStyle(node).backgroundColor);
        if ((colour[3] ?? 1) > 0.9) return colour;
      }
      return [255, 255, 255, 1];
    };
    const failures: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      if (!ownText || element.getClientRects().length === 0) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || Number(style.opacity) < 0.1) continue;
      const fore = luminance(rgba(style.color));
      const back = luminance(background(element));
      const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)} "${element.textContent!.trim().slice(0, 40)}"`);
    }
    return failures;
  });
}

const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * Web app modules bundled (esbuild, from web/src) into one script that sets `globalName` to
 * their exports, for a test page to load with addScriptTag. `exports` are export lines
 * relative to the repository root, e.g. "export * from './web/src/lib/dom.ts';".
 */
export async function bundleWebModules(exports: readonly string[], globalName: string): Promise<string> {
  const result = await build({
    stdin: { contents: exports.join('\n'), resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName,
    target: 'es2022',
  });
  return result.outputFiles[0]!.text;
}
