import type { Page } from 'playwright-core';
import { TEST_PASSWORD, createWorld, type World, type WorldUser } from '../factories/world.js';
import { launchBrowser, waitForFocus, watchErrors, type Browser } from './browser.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface ConsoleApp {
  t: TestApp;
  w: World;
  /** Where the browser opens the console: the app on a free loopback port. */
  base: string;
}

/** The app as production builds it, serving the built console on a loopback port, with a world of its own. */
export async function startConsoleApp(env: Record<string, string> = {}): Promise<ConsoleApp> {
  const t = await startTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  return { t, w: await createWorld(t), base };
}

/** Signs in on the login page the browser shows. */
export async function logIn(page: Page, user: Pick<WorldUser, 'username'>, password = TEST_PASSWORD): Promise<void> {
  await page.locator('#login-username').fill(user.username);
  await page.locator('#login-password').fill(password);
  await page.keyboard.press('Enter');
}

export interface OpenOptions {
  /** The browser's language (default en-GB). */
  locale?: string;
  /** The PC's time zone, when a test needs it to differ from the deployment's. */
  timezoneId?: string;
  /** A narrower screen, 1024 px high: 768 is a tablet held upright. */
  width?: number;
  /** The PC's clock set wrong by this much (ms; positive: fast), as office PCs often are. */
  clockSkewMs?: number;
}

export interface ConsoleSuite extends ConsoleApp {
  /** A fresh browser (the test's previous one closed) at `path`, not signed in: the login page, for a route that needs a session. */
  open(path: string, opts?: OpenOptions): Promise<Page>;
  /** As open, then signed in as `user` by keyboard on the login page it shows first. */
  openAs(user: Pick<WorldUser, 'username'>, path: string, opts?: OpenOptions): Promise<Page>;
  /** What the page of the latest open or openAs reported as errors (console errors, uncaught exceptions). */
  errors(): string[];
}

/**
 * A browser suite's set-up, registered on the calling file's hooks: one app and world for the
 * file, a fresh browser per open, closed after each test.
 */
export function consoleSuite(env: Record<string, string> = {}): ConsoleSuite {
  let app: ConsoleApp | undefined;
  let browser: Browser | undefined;
  let errors: () => string[] = () => [];
  beforeAll(async () => {
    app = await startConsoleApp(env);
  });
  afterAll(async () => {
    await app?.t.close();
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  const ready = () => {
    if (!app) throw new Error('consoleSuite: the app is not started yet (use it inside tests)');
    return app;
  };
  const open = async (path: string, opts: OpenOptions = {}): Promise<Page> => {
    // a second open in one test replaces the first browser: left open, its page's requests
    // (the board's alert stream) kept the app from closing after the file's tests
    await browser?.close();
    browser = await launchBrowser({ locale: opts.locale ?? 'en-GB', timezoneId: opts.timezoneId });
    const page = browser.page;
    errors = watchErrors(page);
    if (opts.width) await page.setViewportSize({ width: opts.width, height: 1024 });
    if (opts.clockSkewMs) await page.clock.install({ time: Date.now() + opts.clockSkewMs });
    await page.goto(ready().base + path);
    return page;
  };
  return {
    get t() {
      return ready().t;
    },
    get w() {
      return ready().w;
    },
    get base() {
      return ready().base;
    },
    errors: () => errors(),
    open,
    async openAs(user, path, opts = {}) {
      const page = await open(path, opts);
      await waitForFocus(page, '#login-username');
      await page.keyboard.type(user.username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(TEST_PASSWORD);
      await page.keyboard.press('Enter');
      return page;
    },
  };
}
