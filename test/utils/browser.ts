import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium: a browser download is impossible on these machines (.ci/run installs it with apt). */
export const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'console');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A fresh headless Chromium with its own empty profile, at the office-PC size the console must
 * work at. The background-networking flags matter here: without them Chromium keeps dialling
 * Google's hosts, which this machine's closed network refuses.
 */
export async function launchBrowser(opts: { locale?: string; timezoneId?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'hotline-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
    locale: opts.locale ?? 'zh-CN',
    timezoneId: opts.timezoneId,
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await fs.rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves what the page shows under test-artifacts/console/ (git-ignored), for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function writeArtifact(name: string, text: string): Promise<void> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await fs.writeFile(path.join(ARTIFACTS, name), text);
}

/**
 * Uncaught exceptions and console errors on the page (a CSP violation, a React error). A caller
 * looked up for the first time answers 404 CALLER_NOT_FOUND by design; Chromium logs every 4xx
 * response as a console error, so those are left out by URL.
 */
export function watchErrors(page: Page): () => string[] {
  const errors: string[] = [];
  const expected404 = new Set<string>();
  page.on('response', (r) => {
    if (r.status() === 404 && new URL(r.url()).pathname.startsWith('/api/v1/callers/')) expected404.add(r.url());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url;
    if (m.text().includes('404') && expected404.has(url)) return;
    errors.push(`console: ${m.text()} ${url}`);
  });
  return () => errors;
}

/**
 * The keyboard and mouse, counted: what an operator would press and click, one per key press
 * or character typed, to support the "under a minute" target with a number.
 */
export class CountingInput {
  keys = 0;
  /** Characters of the caller's own words (description, address): dictated, not navigation. */
  text = 0;
  clicks = 0;

  constructor(private readonly page: Page) {}

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    this.keys += 1;
  }

  /** Typing the operator must do whatever the tool: phone digits, a search word. */
  async type(chars: string): Promise<void> {
    await this.page.keyboard.type(chars);
    this.keys += [...chars].length;
  }

  /** The caller's words. */
  async dictate(chars: string): Promise<void> {
    await this.type(chars);
    this.text += [...chars].length;
  }

  async click(selector: Parameters<Page['click']>[0]): Promise<void> {
    await this.page.click(selector);
    this.clicks += 1;
  }

  get total(): number {
    return this.keys + this.clicks;
  }
}

/** Waits until the element matching `selector` has the keyboard focus. */
export async function waitForFocus(page: Page, selector: string): Promise<void> {
  // a function, not a string: the console's CSP forbids eval, which a string predicate needs;
  // typed by hand because the tests' TypeScript has no DOM types
  type Doc = { activeElement: unknown; querySelector(sel: string): unknown };
  await page.waitForFunction((sel) => {
    const doc = (globalThis as unknown as { document: Doc }).document;
    return doc.activeElement !== null && doc.activeElement === doc.querySelector(sel);
  }, selector);
}

/** Waits until the first element of `locator` contains `text`, and returns its whole text. */
export async function waitForText(locator: Locator, text: string): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor();
  return (await locator.first().textContent()) ?? '';
}
