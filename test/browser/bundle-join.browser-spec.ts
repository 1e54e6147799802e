import { BrowserContext, Page } from 'playwright-core';
import { DEMO, WebApp, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/** a change through the signed-in context's own cookie session, with its CSRF token */
async function apiAs<T>(context: BrowserContext, method: 'POST' | 'GET', path: string, data?: unknown): Promise<T> {
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
interface PageDocument {
  activeElement: { id: string; textContent: string | null; getAttribute(name: string): string | null } | null;
  querySelector(selector: string): { textContent: string | null } | null;
}

/** presses Tab until the focused element is the one named (keyboard only), at most `max` times */
async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
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
 * A bundle in the browser: the list, the detail with its aggregate, and joining and leaving
 * with the preview, by keyboard alone; a coordinator's page in a second browser context sees
 * the total and the regime change live (server-sent events), without a reload.
 */
describe('bundle detail, join and leave in the browser', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('previews and joins by keyboard; the coordinator sees the regime flip to EU live, and back after the leave', async () => {
    const coordinatorPage = await web.signedInPage(DEMO.coordinator);
    const coordinatorErrors = consoleErrors(coordinatorPage);
    const title = `E-Transporter Bauhöfe ${Date.now()}`;
    const bundle = await apiAs<{ id: string }>(coordinatorPage.context(), 'POST', '/bundles', {
      title,
      cpvPrefix: '3414',
      joinDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      deliveryFrom: '2027-01-01',
      deliveryTo: '2027-12-31',
    });

    const buyerPage = await web.signedInPage(DEMO.buyer);
    const buyerErrors = consoleErrors(buyerPage);
    // 7 e-vans at EUR 31,900: EUR 223,300, above the EU threshold of EUR 216,000
    const demand = await apiAs<{ id: string }>(buyerPage.context(), 'POST', '/demands', {
      cpvCode: '34144900-7',
      title: 'Sieben E-Transporter',
      quantity: 7,
      unit: 'H87',
      unitPriceEur: 31_900,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-06-30',
    });
    expect(demand.id).toBeTruthy();

    await coordinatorPage.goto(`/buendel/${bundle.id}`);
    await coordinatorPage.getByRole('heading', { name: title }).waitFor();
    await coordinatorPage.getByText('live', { exact: true }).waitFor();
    await coordinatorPage.getByTestId('verfahren').filter({ hasText: 'Nationales Verfahren' }).waitFor();
    await expectAccessible(coordinatorPage);
    await screenshot(coordinatorPage, 'buendel-koordination-vorher');

    // the buyer finds the bundle in the list
    await buyerPage.goto('/buendel');
    await buyerPage.getByRole('heading', { name: 'Bündel', exact: true }).waitFor();
    await buyerPage.getByRole('link', { name: title }).waitFor();
    await expectAccessible(buyerPage);
    await screenshot(buyerPage, 'buendel-liste');
    await buyerPage.getByRole('link', { name: title }).click();
    await buyerPage.getByRole('heading', { name: title }).waitFor();
    await buyerPage
      .getByTestId('frist')
      .filter({ hasText: /noch \d+ Tage/ })
      .waitFor();
    await buyerPage.getByRole('checkbox', { name: /Sieben E-Transporter/ }).waitFor();
    await expectAccessible(buyerPage);
    await screenshot(buyerPage, 'buendel-detail');

    // keyboard alone: the demand's checkbox, the preview, the binding join
    await tabTo(buyerPage, /Sieben E-Transporter/);
    await buyerPage.keyboard.press('Space');
    expect(await buyerPage.getByRole('checkbox', { name: /Sieben E-Transporter/ }).isChecked()).toBe(true);
    await tabTo(buyerPage, /Vorschau anzeigen/);
    await buyerPage.keyboard.press('Enter');
    const previewHeading = buyerPage.getByRole('heading', { name: 'Vorschau: Beitritt' });
    await previewHeading.waitFor();
    expect(
      await previewHeading.evaluate(
        (el) => el === (globalThis as unknown as { document: PageDocument }).document.activeElement,
      ),
    ).toBe(true);
    const preview = buyerPage.getByTestId('vorschau');
    await preview.getByRole('cell', { name: '223.300,00 €', exact: true }).waitFor();
    await preview.getByRole('cell', { name: /EU-weites Verfahren/ }).waitFor();
    await buyerPage
      .getByTestId('vorschau-hinweis')
      .filter({ hasText: 'erreicht das Bündel den EU-Schwellenwert' })
      .waitFor();
    await expectAccessible(buyerPage);
    await screenshot(buyerPage, 'buendel-beitritt-vorschau');
    // the preview changed nothing: the coordinator still sees the national regime
    expect(await coordinatorPage.getByTestId('beteiligte').textContent()).toMatch(/^0 /);

    await tabTo(buyerPage, /Verbindlich beitreten/);
    const joinedAt = Date.now();
    await buyerPage.keyboard.press('Enter');
    await buyerPage.getByText('Ihre Organisation ist dem Bündel beigetreten.').waitFor();

    // the coordinator's page, not reloaded, shows the new total and the EU regime
    await coordinatorPage.getByTestId('gesamtwert').filter({ hasText: '223.300,00 €' }).waitFor({ timeout: 15_000 });
    const liveMs = Date.now() - joinedAt;
    await coordinatorPage.getByTestId('verfahren').filter({ hasText: 'EU-weites Verfahren' }).waitFor();
    await coordinatorPage
      .getByTestId('teilnehmer')
      .getByText(/Meerane/)
      .waitFor();
    await expectAccessible(coordinatorPage);
    await screenshot(coordinatorPage, 'buendel-koordination-eu');
    process.stdout.write(`join seen on the coordinator's page after ${liveMs} ms\n`);

    // the buyer leaves, with the preview; the coordinator sees it flip back
    await buyerPage.getByRole('heading', { name: 'Ihre Beteiligung' }).waitFor();
    await tabTo(buyerPage, /Austritt prüfen/);
    await buyerPage.keyboard.press('Enter');
    await buyerPage.getByRole('heading', { name: 'Vorschau: Austritt' }).waitFor();
    await buyerPage
      .getByTestId('vorschau-hinweis')
      .filter({ hasText: 'fällt das Bündel unter den EU-Schwellenwert' })
      .waitFor();
    await expectAccessible(buyerPage);
    await screenshot(buyerPage, 'buendel-austritt-vorschau');
    await tabTo(buyerPage, /Austreten/);
    await buyerPage.keyboard.press('Enter');
    await buyerPage.getByText('Ihre Organisation ist aus dem Bündel ausgetreten.').waitFor();
    await buyerPage.getByRole('heading', { name: 'Beitreten' }).waitFor();
    await coordinatorPage
      .getByTestId('verfahren')
      .filter({ hasText: 'Nationales Verfahren' })
      .waitFor({ timeout: 15_000 });
    await coordinatorPage
      .getByTestId('gesamtwert')
      .filter({ hasText: /^0,00\s€$/ })
      .waitFor();

    expect(buyerErrors).toEqual([]);
    expect(coordinatorErrors).toEqual([]);
  });

  it('answers a bundle outside the view with a German message', async () => {
    const page = await web.signedInPage(DEMO.buyer);
    await page.goto('/buendel/00000000-0000-4000-8000-000000000000');
    await page.getByText('Dieses Bündel gibt es nicht oder Sie dürfen es nicht sehen.').waitFor();
    await expectAccessible(page);
  });
});
