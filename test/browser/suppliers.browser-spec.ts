import { randomInt } from 'node:crypto';
import { DEMO_LOGINS, germanVatIdFrom } from '@buendel/identity';
import { MarketService } from '@buendel/tendering';
import { uniqueEmail } from '@buendel/testing';
import { DEMO, WebApp, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/** the buyers of the demo district: no one of them may be named in the market view */
const BUYER_NAMES = DEMO_LOGINS.filter((d) => d.role === 'buyer').map((d) => d.organisation);

/**
 * The supplier's side in the browser: registering without a login (German reasons beside the
 * fields), the anonymised market view with its chart and table alternative and its filters, and
 * the subscriptions (add, remove).
 */
describe('suppliers in the browser', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
    // the market view is a snapshot computed on a fixed rhythm: compute it now from the demo bundle
    await web.api.app.get(MarketService).refresh();
  });
  afterAll(async () => {
    await web.close();
  });

  it('registers a supplier without a login, naming bad fields in German, and signs it in', async () => {
    const page = await (await web.newContext()).newPage();
    const errors = consoleErrors(page);
    await page.goto('/anmelden');
    await page.getByRole('link', { name: 'Als Lieferant registrieren' }).click();
    await page.getByRole('heading', { name: 'Als Lieferant registrieren' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'registrieren');

    await page.getByLabel('Umsatzsteuer-Identifikationsnummer').fill('DE12');
    await page.getByLabel('Passwort').fill('kurz');
    await page.getByRole('button', { name: 'Registrieren' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Felder.').waitFor();
    const invalid = page.locator('[aria-invalid="true"]');
    await invalid.nth(5).waitFor();
    const vat = page.getByLabel('Umsatzsteuer-Identifikationsnummer');
    expect(await vat.getAttribute('aria-invalid')).toBe('true');
    // the reasons are German (Accept-Language: de)
    expect(await page.locator('.kern-error').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/Zeichen/)]),
    );
    await expectAccessible(page);
    await screenshot(page, 'registrieren-fehler');

    const email = uniqueEmail('browser-lieferant');
    await page.getByLabel('Firmenname').fill('Westsächsische Bürotechnik GmbH');
    await vat.fill(germanVatIdFrom(String(randomInt(10_000_000, 99_999_999))));
    await page.getByLabel('Straße und Hausnummer').fill('Hauptstraße 1');
    await page.getByLabel('Postleitzahl').fill('08056');
    await page.getByLabel('Ort', { exact: true }).fill('Zwickau');
    await page.getByLabel('Ansprechperson').fill('Grit Köhler');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill('ein-langes-passwort-1');
    await page.getByRole('button', { name: 'Registrieren' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('current-user').getByText(email).waitFor();
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Marktübersicht' })
      .waitFor();
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('shows a supplier the anonymised cell: at least three organisations, no buyer named', async () => {
    const page = await web.signedInPage(DEMO.supplier);
    const errors = consoleErrors(page);
    await page.goto('/markt');
    await page.getByRole('heading', { name: 'Marktübersicht' }).waitFor();
    const table = page.getByTestId('markt');
    await table.waitFor();
    await page.getByTestId('markt-diagramm').waitFor();
    await page.getByTestId('markt-diagramm-tabelle').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'markt');

    // the demo bundle of Landkreis Zwickau (office paper): one aggregated cell, never a buyer
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const api = await page.request.get('/api/v1/market/demand?pageSize=100&nuts=DED');
    const cells = (await api.json()).items as Array<{ organisationCount: number; estimatedValueEur: number }>;
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c.organisationCount).toBeGreaterThanOrEqual(3);
    const text = await page.locator('main').innerText();
    for (const name of BUYER_NAMES) expect(text).not.toContain(name);
    for (const bare of ['Glauchau', 'Werdau', 'Crimmitschau', 'Meerane', 'Callenberg'])
      expect(text).not.toContain(bare);
    // each row's organisation count is three or more
    const counts = await table.locator('tbody tr td:nth-child(4)').allInnerTexts();
    for (const c of counts) expect(Number(c.replace(/\./g, ''))).toBeGreaterThanOrEqual(3);
    // money as 1.234,56 €
    expect(await table.locator('tbody tr td:nth-child(7)').first().innerText()).toMatch(
      /^\d{1,3}(\.\d{3})*,\d{2}\u00a0€$/,
    );
    // the CPV prefix with the German name of the code heading it ("341449 – Elektrofahrzeuge")
    for (const c of await table.locator('tbody tr td:nth-child(1)').allInnerTexts()) expect(c).toMatch(/^\d{2,8} – \S/);
    expect(await page.getByTestId('markt-diagramm-tabelle').locator('thead').innerText()).toMatch(/\d{2,8} – \S/);
    // a district by its name alone ("Landkreis Zwickau"), not "Landkreis Zwickau (Kreis)"
    const regions = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
    for (const r of regions) expect(r).not.toMatch(/\((Kreis|Region \(NUTS 2\))\)/);
    if (regions.some((r) => r.includes('Zwickau'))) expect(regions).toContain('Landkreis Zwickau');
    // at 390 px the chart's value table stays within the screen: it scrolls on its own
    await page.setViewportSize({ width: 390, height: 800 });
    const valueTable = page.getByTestId('markt-diagramm-tabelle');
    const fit = await valueTable.evaluate((el) => {
      const scroller = el.parentElement!;
      const win = globalThis as unknown as {
        document: { documentElement: { clientWidth: number } };
        getComputedStyle: (e: unknown) => { overflowX: string };
      };
      return {
        right: scroller.getBoundingClientRect().right,
        captionRight: el.querySelector('caption')!.getBoundingClientRect().right,
        viewport: win.document.documentElement.clientWidth,
        scrolls: scroller.scrollWidth <= scroller.clientWidth || win.getComputedStyle(scroller).overflowX === 'auto',
      };
    });
    process.stdout.write(`market value table at 390 px: ${JSON.stringify(fit)}\n`);
    expect(fit.right).toBeLessThanOrEqual(fit.viewport);
    expect(fit.captionRight).toBeLessThanOrEqual(fit.right);
    expect(fit.scrolls).toBe(true);
    await screenshot(page, 'markt-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    // filters: Land Sachsen keeps the cell, another Land has none
    await page.getByLabel('Land').selectOption({ label: 'Sachsen' });
    await page.waitForURL(/nuts=DED/);
    await table.waitFor();
    await page.getByLabel('Land').selectOption({ label: 'Bremen' });
    await page.getByText('Für diese Auswahl gibt es keinen veröffentlichten Bedarf.').waitFor();
    await page.getByLabel('Land').selectOption({ label: 'ganz Deutschland' });
    const cpv = page.getByLabel('CPV-Code oder Anfang');
    await cpv.fill('03');
    await cpv.press('Enter');
    await page.waitForURL(/cpv=03/);
    await page.getByText('Für diese Auswahl gibt es keinen veröffentlichten Bedarf.').waitFor();
    await cpv.fill('');
    await cpv.press('Enter');
    // the district filter by name
    const district = page.getByLabel('Kreis');
    await district.fill('Zwickau');
    const option = await page
      .locator('datalist option')
      .filter({ has: page.locator('xpath=self::*[contains(@value, "14524")]') })
      .first()
      .getAttribute('value');
    expect(option).toMatch(/^14524 /);
    await district.fill(option!);
    await page.waitForURL(/districtKey=14524/);
    await table.waitFor();
    expect(errors).toEqual([]);
  });

  it('adds a subscription with a CPV prefix and a district, and removes it', async () => {
    const page = await web.signedInPage(DEMO.supplier);
    const errors = consoleErrors(page);
    await page.goto('/abonnements');
    await page.getByRole('heading', { name: 'Abonnements', exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'abonnements');

    const cpv = page.getByLabel('CPV-Codes oder Anfänge');
    await cpv.fill('12x');
    await page.getByRole('button', { name: 'Abonnieren' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Felder.').waitFor();
    expect(await cpv.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    const prefix = `30${randomInt(10, 99)}`;
    await cpv.fill(`${prefix}, 30192000-1`);
    await page.getByLabel('Kreis (optional)').fill('14524');
    await page.getByRole('button', { name: 'Abonnieren' }).click();
    await page.getByText('Das Abonnement ist angelegt.').waitFor();
    const row = page.getByTestId('abonnements').getByRole('row').filter({ hasText: prefix });
    await row.getByRole('cell', { name: 'Landkreis Zwickau', exact: true }).waitFor();
    // the CPV codes with their German names, as on the market page
    await row.getByText(/30192\d* – Bürobedarf/).waitFor();
    await screenshot(page, 'abonnements-angelegt');
    await row.getByRole('button', { name: /Beenden/ }).click();
    await row.waitFor({ state: 'detached' });
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
