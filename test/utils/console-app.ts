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

export interface ConsoleSuite extends ConsoleApp {
  /** A fresh browser at `path`, signed in as `user` by keyboard on the login page it shows first. */
  openAs(user: Pick<WorldUser, 'username'>, path: string, opts?: { locale?: string; timezoneId?: string }): Promise<Page>;
  /** What the page of the latest openAs reported as errors (console errors, uncaught exceptions). */
  errors(): string[];
}

/**
 * A browser suite's set-up, registered on the calling file's hooks: one app and world for the
 * file, a fresh browser per openAs, closed after each test.
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
    async openAs(user, path, opts = {}) {
      browser = await launchBrowser({ locale: opts.locale ?? 'en-GB', timezoneId: opts.timezoneId });
      const page = browser.page;
      errors = watchErrors(page);
      await page.goto(ready().base + path);
      await waitForFocus(page, '#login-username');
      await page.keyboard.type(user.username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(TEST_PASSWORD);
      await page.keyboard.press('Enter');
      return page;
    },
  };
}
