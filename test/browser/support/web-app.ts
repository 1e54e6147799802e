import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createApiApp } from '@buendel/api';
import type { Clock } from '@buendel/clock';
import { berlinClock } from '@buendel/domain';
import { DEMO_LOGINS, DEMO_PASSWORD } from '@buendel/identity';
import { createTestApp, createTestWorker, TestApp } from '@buendel/testing';
import { createWorker } from '@buendel/worker';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides it */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../../test-results/browser');

/** the demo logins of Landkreis Zwickau (libs/identity demo-logins.ts), loaded by the browser tests' setup */
export const DEMO = {
  password: DEMO_PASSWORD,
  coordinator: demoLogin('coordinator'),
  /** Meerane, whose buyer has not joined the demo bundle yet */
  buyer: DEMO_LOGINS.find((d) => d.email.startsWith('einkauf@meerane'))!.email,
  supplier: demoLogin('supplier'),
} as const;

function demoLogin(role: 'coordinator' | 'supplier'): string {
  return DEMO_LOGINS.find((d) => d.role === role)!.email;
}

export interface WebApp {
  /** http://127.0.0.1:<port> of the real API, which serves the built web app at / */
  baseUrl: string;
  api: TestApp;
  browser: Browser;
  /** a fresh browser profile (no cookies), German, 1280×800 */
  newContext(): Promise<BrowserContext>;
  /** a page in a fresh context, signed in as this user (the browser's own cookie session) */
  signedInPage(email: string, password?: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts the real API (serving dist/apps/web) and a worker against the run's database, and
 * Chromium. In a browser test file:
 *
 *   let web: WebApp;
 *   beforeAll(async () => { web = await startWebApp(); });
 *   afterAll(() => web.close());
 *   it('…', async () => {
 *     const page = await web.signedInPage(DEMO.buyer);
 *     await page.goto(`${web.baseUrl}/bedarfe`);
 *     await expectAccessible(page);
 *     await screenshot(page, 'bedarfe');
 *   });
 */
export async function startWebApp(options: { clock?: Clock } = {}): Promise<WebApp> {
  // a test clock moves the API's time (a standstill of days in a moment); the worker keeps the real one
  const api = await createTestApp(() => createApiApp(options.clock ? { clock: options.clock } : {}));
  const worker: INestApplicationContext = await createTestWorker(createWorker);
  const address = api.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const contexts: BrowserContext[] = [];
  const newContext = async () => {
    const context = await browser.newContext({
      baseURL: baseUrl,
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      viewport: { width: 1280, height: 800 },
    });
    contexts.push(context);
    return context;
  };
  return {
    baseUrl,
    api,
    browser,
    newContext,
    async signedInPage(email, password = DEMO.password) {
      const context = await newContext();
      // the same request the login page sends; the context keeps the session and CSRF cookies
      const res = await context.request.post('/api/v1/auth/session', { data: { email, password } });
      if (!res.ok()) throw new Error(`signing in ${email} answered ${res.status()}: ${await res.text()}`);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await worker.close();
      await api.close();
    },
  };
}

/** axe (WCAG 2.1 A and AA rules): fails on any serious or critical violation, naming each */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  expect(bad).toEqual([]);
}

/** a full-page screenshot in test-results/browser/<name>.png, kept as test output */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** collects what the page logs as errors (a broken script, a CSP refusal), to assert none happened */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // the app's own check for a session answers 401 before the login: that is expected
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

/** a change through the signed-in context's own cookie session, with its CSRF token */
export async function apiAs<T>(
  context: BrowserContext,
  method: 'POST' | 'GET' | 'PATCH' | 'PUT',
  path: string,
  data?: unknown,
): Promise<T> {
  const csrf = (await context.cookies()).find((c) => c.name === 'buendel_csrf')?.value ?? '';
  const res = await context.request.fetch(`/api/v1${path}`, {
    method,
    headers: { 'x-csrf-token': csrf, 'accept-language': 'de' },
    ...(data === undefined ? {} : { data }),
  });
  if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** the little of the page's document the checks use */
export interface PageDocument {
  activeElement: { id: string; textContent: string | null; getAttribute(name: string): string | null } | null;
  querySelector(selector: string): { textContent: string | null } | null;
}

/** presses Tab until the focused element is the one named (keyboard only), at most `max` times */
export async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      // runs in the page; the tests compile without the DOM's types
      const document = (globalThis as unknown as { document: PageDocument }).document;
      const el = document.activeElement;
      if (!el) return '';
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : '';
      return `${label ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''}`;
    });
    if (name.test(focused)) return;
  }
  throw new Error(`no element named ${String(name)} within ${max} tabs`);
}

/**
 * a full minute at least `seconds` ahead (150 unless told), as the deadline's day and time in
 * Berlin (the forms' fields): time for the steps before it and the offers through the form on a
 * busy machine. Offers open at the real time (the vault's own check), not the API's test clock.
 */
export function deadlineAhead(seconds = 150): { at: number; date: string; time: string } {
  const at = Math.ceil((Date.now() + seconds * 1000) / 60_000) * 60_000;
  const clock = berlinClock(new Date(at));
  const date = clock.date;
  const time = clock.time.slice(0, 5);
  return { at, date, time };
}
