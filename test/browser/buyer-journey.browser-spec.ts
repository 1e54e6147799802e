import { Page } from 'playwright-core';
import { DEMO, WebApp, apiAs, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/** yyyy-mm-dd of a day this many days from now (the value a date input takes) */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const started = Date.now();
/** progress of the long journey in the test's output */
function step(what: string): void {
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}\n`);
}

/** the same check as bundle-join's: the element has the focus */
async function isFocused(page: Page, testId: string): Promise<boolean> {
  return page
    .getByTestId(testId)
    .evaluate(
      (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
    );
}

/**
 * The journey over the pages of web part 1: a coordinator opens a bundle in the form
 * (German reasons beside the fields first); a buyer imports a CSV with one bad row, sees the
 * row reported with its line, column and reason, imports the rest, is notified of the bundle,
 * finds it on the start page among the bundles its demands fit, previews and joins; the
 * coordinator's start page, in a second browser context, follows the total and the regime to
 * EU and back after the buyer leaves; the coordinator closes the bundle early. A supplier's
 * start page shows the market and its subscriptions.
 */
describe('start pages, import, bundle creation and notifications in the browser', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('import with a bad row, the matching bundle from the start page, join and leave seen live, close early', async () => {
    const stamp = Date.now();
    // not "Sieben E-Transporter": bundle-join's checkbox is found by that name, and the demand stays
    const demandTitle = `E-Lieferwagen Import ${stamp}`;
    const bundleTitle = `E-Transporter Kreis ${stamp}`;

    // the buyer imports: a dry run that reports line 3's quantity, then the real import
    const buyer = await web.signedInPage(DEMO.buyer);
    const buyerErrors = consoleErrors(buyer);
    await buyer.goto('/bedarfe/import');
    await buyer.getByRole('heading', { name: 'Bedarfe importieren' }).waitFor();
    await expectAccessible(buyer);
    await screenshot(buyer, 'import');
    const csv =
      '\ufeffCPV;Bezeichnung;Menge;Einheit;Einzelpreis;Lieferung ab;Lieferung bis\r\n' +
      `34144900-7;${demandTitle};7;Stück;31.900,00;01.03.2027;30.06.2027\r\n` +
      `34144900-7;Fehlerhafte Zeile ${stamp};sieben;Stück;100,00;01.03.2027;30.06.2027\r\n`;
    await buyer.getByLabel('Datei (CSV oder XLSX)').setInputFiles({
      name: 'bedarfe.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await buyer.getByRole('button', { name: 'Datei prüfen' }).click();
    await buyer.getByText('Prüfung: 1 von 2 Zeilen sind fehlerhaft').waitFor();
    expect(await isFocused(buyer, 'import-bericht')).toBe(true);
    const bad = buyer.getByTestId('import-fehler').getByRole('row').filter({ hasText: 'Menge' });
    await bad.getByRole('cell', { name: '3', exact: true }).waitFor();
    expect(await bad.count()).toBe(1);
    // the API words the reason in German for the web app
    expect(await bad.getByRole('cell').nth(2).textContent()).toBe(
      'muss eine Zahl mit höchstens 3 Nachkommastellen sein',
    );
    await expectAccessible(buyer);
    await screenshot(buyer, 'import-pruefung');
    await buyer.getByRole('button', { name: 'Jetzt importieren (ohne die 1 fehlerhaften Zeilen)' }).click();
    await buyer.getByText('Import abgeschlossen: 1 angelegt, 0 geändert, 0 unverändert').waitFor();
    await screenshot(buyer, 'import-fertig');

    step('import done');
    // the coordinator opens a bundle in the form: first empty (reasons beside the fields)
    const coordinator = await web.signedInPage(DEMO.coordinator);
    const coordinatorErrors = consoleErrors(coordinator);
    await coordinator.goto('/buendel/neu');
    await coordinator.getByRole('heading', { name: 'Bündel anlegen' }).waitFor();
    await coordinator.getByRole('checkbox', { name: 'Landkreis Zwickau', exact: true }).waitFor();
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'buendel-anlegen');
    await coordinator.getByLabel('Tag').fill(inDays(7));
    await coordinator.getByRole('button', { name: 'Bündel anlegen' }).click();
    const invalid = coordinator.locator('[aria-invalid="true"]');
    await invalid.first().waitFor();
    expect(await invalid.count()).toBeGreaterThanOrEqual(3);
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'buendel-anlegen-fehler');
    await coordinator.getByLabel('Titel').fill(bundleTitle);
    await coordinator.getByLabel('CPV-Bereich', { exact: true }).fill('3414');
    await coordinator.getByLabel('Lieferung ab').fill('2027-01-01');
    await coordinator.getByLabel('Lieferung bis').fill('2027-12-31');
    await coordinator.getByRole('button', { name: 'Bündel anlegen' }).click();
    await coordinator.getByRole('heading', { name: bundleTitle }).waitFor();
    await coordinator.getByText('01.01.2027 bis 31.12.2027').waitFor();

    // the coordinator's start page: its open bundle, national so far
    await coordinator.goto('/');
    const ownRow = coordinator.getByTestId('start-eigene-buendel').getByRole('row').filter({ hasText: bundleTitle });
    await ownRow.getByText('National').waitFor({ timeout: 15_000 });
    // live through the bundles' event stream, not by reading the list again
    await coordinator
      .getByTestId('start-live')
      .filter({ hasText: /^live$/ })
      .waitFor();
    const listReads: string[] = [];
    coordinator.on('request', (r) => {
      if (/\/api\/v1\/bundles\?/.test(r.url())) listReads.push(r.url());
    });
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'start-koordination');

    step('bundle created');
    // the buyer is notified of the bundle (the worker's job), with the count in the navigation
    await buyer.goto('/benachrichtigungen');
    const note = buyer.getByTestId('benachrichtigungen').getByRole('row').filter({ hasText: bundleTitle });
    for (let i = 0; i < 30 && (await note.count()) === 0; i++) {
      await buyer.waitForTimeout(500);
      await buyer.reload();
      await buyer.getByRole('heading', { name: 'Benachrichtigungen' }).waitFor();
    }
    await note.getByText('ungelesen').waitFor();
    await buyer.getByTestId('ungelesen').waitFor();
    const unreadBefore = Number((await buyer.getByTestId('ungelesen').textContent())?.match(/\d+/)?.[0]);
    await expectAccessible(buyer);
    await screenshot(buyer, 'benachrichtigungen');
    await note.getByRole('button', { name: /Als gelesen markieren/ }).click();
    await note.getByText(/^gelesen \d{2}\.\d{2}\.\d{4}/).waitFor();
    await buyer.waitForFunction((before) => {
      const badge = (
        globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
      ).document.querySelector('[data-testid="ungelesen"]');
      return !badge || Number(/\d+/.exec(badge.textContent)?.[0]) < before;
    }, unreadBefore);

    step('notification read');
    // the buyer's start page: the imported demand, the bundle it fits, the deadline soon
    await buyer.goto('/');
    await buyer.getByTestId('start-bedarfe').getByText(demandTitle).waitFor();
    const fit = buyer
      .getByTestId('start-passende-buendel')
      .getByRole('row')
      .filter({ hasText: demandTitle })
      .filter({ hasText: bundleTitle });
    await fit.getByText('passt').waitFor();
    await buyer
      .getByTestId('start-fristen')
      .getByRole('row')
      .filter({ hasText: bundleTitle })
      .getByText(/noch \d+ Tage/)
      .waitFor();
    await expectAccessible(buyer);
    await screenshot(buyer, 'start-einkauf');
    await fit.getByRole('link', { name: bundleTitle }).click();

    // preview and join
    await buyer.getByRole('heading', { name: bundleTitle }).waitFor();
    await buyer.getByRole('checkbox', { name: new RegExp(demandTitle) }).check();
    await buyer.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await buyer.getByTestId('vorschau').getByRole('cell', { name: '223.300,00 €', exact: true }).waitFor();
    await buyer.getByRole('button', { name: 'Verbindlich beitreten' }).click();
    // the join may answer slowly while the shared machine of the test run is loaded
    await buyer.getByText('Ihre Organisation ist dem Bündel beigetreten.').waitFor({ timeout: 60_000 });

    // the coordinator's start page, not reloaded, follows: the total and EU
    await ownRow.getByText('223.300,00 €').waitFor({ timeout: 15_000 });
    await ownRow.getByText('EU-weit').waitFor();
    await ownRow.getByRole('cell', { name: '1', exact: true }).waitFor();
    await screenshot(coordinator, 'start-koordination-eu');

    step('joined, seen live');
    // the buyer leaves; the coordinator's start page flips back
    await buyer.getByRole('button', { name: 'Austritt prüfen' }).click();
    await buyer.getByRole('heading', { name: 'Vorschau: Austritt' }).waitFor();
    await buyer.getByRole('button', { name: 'Austreten', exact: true }).click();
    await buyer.getByText('Ihre Organisation ist aus dem Bündel ausgetreten.').waitFor();
    await ownRow.getByText('National').waitFor({ timeout: 15_000 });
    await ownRow.getByText(/^0,00\s€$/).waitFor();
    // the join and the leave came by the event stream: the start page did not read the list again
    expect(listReads).toEqual([]);

    step('left, seen live');
    // the coordinator closes it early, after the confirmation
    await ownRow.getByRole('link', { name: bundleTitle }).click();
    await coordinator.getByRole('heading', { name: bundleTitle }).waitFor();
    await coordinator.getByRole('button', { name: 'Bündel vorzeitig schließen' }).click();
    await coordinator.getByText(/Wirklich schließen\?/).waitFor();
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: 'Jetzt schließen' }).click();
    await coordinator.getByText('Das Bündel ist geschlossen.', { exact: true }).waitFor();
    await coordinator.getByText(/^Geschlossen · koordiniert von/).waitFor();
    await expect(coordinator.getByRole('button', { name: 'Bündel vorzeitig schließen' }).count()).resolves.toBe(0);
    await screenshot(coordinator, 'buendel-geschlossen');

    // the empty form's refusal is the one 400, on purpose
    expect(coordinatorErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    expect(buyerErrors).toEqual([]);
  }, 300_000);

  it('a file that is not CSV is refused with its reason beside the file field', async () => {
    const page = await web.signedInPage(DEMO.buyer);
    await page.goto('/bedarfe/import');
    await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles({
      name: 'leer.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('', 'utf8'),
    });
    await page.getByRole('button', { name: 'Datei prüfen' }).click();
    await page.locator('[aria-invalid="true"]').waitFor();
    await page.getByRole('alert').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'import-abgelehnt');
  });

  it('the e-mail settings the mails point to, on the notifications page: one switched off stays off', async () => {
    const page = await web.signedInPage(DEMO.supplier);
    const errors = consoleErrors(page);
    await page.goto('/benachrichtigungen');
    await page.getByRole('heading', { name: 'E-Mail-Einstellungen' }).waitFor();
    // the information letters of § 134 GWB cannot be switched off
    const letters = page.getByRole('checkbox', { name: /Informationsschreiben nach § 134 GWB/ });
    expect(await letters.isChecked()).toBe(true);
    expect(await letters.isDisabled()).toBe(true);
    const evidence = page.getByRole('checkbox', { name: 'Nachweise, die bald ablaufen' });
    expect(await evidence.isChecked()).toBe(true);
    await evidence.uncheck();
    await page.getByRole('button', { name: 'E-Mail-Einstellungen speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Ihre E-Mail-Einstellungen sind gespeichert.' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'e-mail-einstellungen');
    await page.reload();
    await page.getByRole('heading', { name: 'E-Mail-Einstellungen' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Nachweise, die bald ablaufen' }).isChecked()).toBe(false);
    const stored = await apiAs<{ items: Array<{ category: string; enabled: boolean }> }>(
      page.context(),
      'GET',
      '/auth/me/mail-preferences',
    );
    expect(stored.items.find((i) => i.category === 'evidence')?.enabled).toBe(false);
    // as it was, for the other tests of the run
    await apiAs(page.context(), 'PUT', '/auth/me/mail-preferences', { evidence: true });
    expect(errors).toEqual([]);
  });

  it("a supplier's start page: the aggregated demand and its subscriptions", async () => {
    const page = await web.signedInPage(DEMO.supplier);
    const errors = consoleErrors(page);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Gebündelte Nachfrage (Auszug)' }).waitFor();
    await page.getByRole('heading', { name: 'Ihre Abonnements' }).waitFor();
    await page.getByRole('link', { name: 'Zur Marktübersicht' }).waitFor();
    await page.getByRole('link', { name: 'Abonnements verwalten' }).waitFor();
    await page.locator('[role="status"]').filter({ hasText: 'geladen' }).waitFor({ state: 'detached' });
    await expectAccessible(page);
    await screenshot(page, 'start-lieferant');
    expect(errors).toEqual([]);
  });
});
