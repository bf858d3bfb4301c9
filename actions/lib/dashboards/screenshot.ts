import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium, freshProfile } from './chromium.js';

/** Wide enough for the 12-column grid to lay out as designed. */
const VIEWPORT = { width: 1440, height: 900 };
const READY_TIMEOUT_MS = 30_000;

/** What happened while the page was open. */
export interface PageVisit<T> {
  readonly result: T;
  /** Requests that tried to leave the machine (blocked): a self-contained page makes none. */
  readonly blockedRequests: readonly string[];
  /** Uncaught exceptions and console errors of the page. */
  readonly pageErrors: readonly string[];
}

/** Which browser to use. */
export interface OpenOptions {
  /** A Chromium executable; default `findChromium()`. */
  readonly chromiumPath?: string;
}

/**
 * Opens a local HTML file in headless Chromium with every non-`file:` request blocked, waits for
 * `<body data-ready>`, runs `fn` on the page and closes the browser.
 */
export async function visitPage<T>(
  htmlPath: string,
  fn: (page: Page) => Promise<T>,
  options: OpenOptions = {},
): Promise<PageVisit<T>> {
  const executablePath = options.chromiumPath ?? (await findChromium());
  // playwright-core is only needed for screenshots; a plain run does not load it.
  const { chromium } = await import('playwright-core');
  const profile = await freshProfile();
  const blockedRequests: string[] = [];
  const pageErrors: string[] = [];
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS.filter((flag) => flag !== '--headless'),
    viewport: VIEWPORT,
  });
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blockedRequests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    return { result: await fn(page), blockedRequests, pageErrors };
  } finally {
    await context.close();
    await profile.remove();
  }
}

/**
 * Writes a full-page PNG of a dashboard page. Fails when the page throws or tries to fetch
 * anything, since then it is broken or not self-contained.
 */
export async function screenshotDashboard(
  htmlPath: string,
  pngPath: string,
  options: OpenOptions = {},
): Promise<void> {
  const visit = await visitPage(
    htmlPath,
    (page) => page.screenshot({ path: pngPath, fullPage: true }),
    options,
  );
  const problems = [
    ...visit.pageErrors.map((e) => `page error: ${e}`),
    ...visit.blockedRequests.map(
      (url) => `request blocked (the page must be self-contained): ${url}`,
    ),
  ];
  if (problems.length > 0)
    throw new Error(`${htmlPath} did not render cleanly in Chromium:\n  ${problems.join('\n  ')}`);
}
