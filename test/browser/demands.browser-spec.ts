import { DEMO, WebApp, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/** The demands page: recording a demand with the CPV search and the unit picker, German field errors, editing, withdrawing. */
describe('demands in the browser', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('names every bad field in German beside it, records a demand found by a German word, edits and withdraws it', async () => {
    const page = await web.signedInPage(DEMO.buyer);
    const errors = consoleErrors(page);
    await page.goto('/bedarfe');
    await page.getByRole('heading', { name: 'Bedarfe', exact: true }).waitFor();
    await page.getByTestId('bedarfe').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'bedarfe');

    await page.getByRole('button', { name: 'Bedarf erfassen' }).click();
    await page.getByRole('alert').first().waitFor();
    const invalid = page.locator('[aria-invalid="true"]');
    await invalid.first().waitFor();
    expect(await invalid.count()).toBeGreaterThanOrEqual(4);
    // an empty field says it must be given, not the format no empty field can have
    expect(await page.getByText('muss angegeben werden').count()).toBeGreaterThanOrEqual(6);
    expect(await page.getByText(/JJJJ-MM-TT|muss eine Zahl sein/).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'bedarfe-fehler');

    const cpv = page.getByLabel('CPV-Code');
    await cpv.fill('Kopierpapier');
    await page.getByText(/\d+ Treffer/).waitFor();
    const option = await page.locator('datalist option').first().getAttribute('value');
    expect(option).toMatch(/^\d{8}-\d /);
    await cpv.fill(option!);
    const title = `Kopierpapier ${Date.now()}`;
    await page.getByLabel('Titel').fill(title);
    await page.getByLabel('Menge').fill('250');
    await page.getByLabel('Einheit').selectOption({ label: 'Karton (XCT)' });
    await page.getByLabel('Geschätzter Stückpreis (netto, €)').fill('4,29');
    await page.getByLabel('Lieferung ab').fill('2027-02-01');
    await page.getByLabel('Lieferung bis').fill('2027-03-31');
    await page.getByRole('button', { name: 'Bedarf erfassen' }).click();
    await page.getByText(`Der Bedarf „${title}“ ist erfasst.`).waitFor();
    const row = page.getByTestId('bedarfe').getByRole('row').filter({ hasText: title });
    await row.getByText('1.072,50 €').waitFor();
    await row.getByText('250 Karton').waitFor();
    await row.getByText('01.02.2027 bis 31.03.2027').waitFor();
    await screenshot(page, 'bedarfe-erfasst');

    // edit: the same form, filled with the demand, takes the focus; the list shows the change
    await row.getByRole('button', { name: /Bearbeiten/ }).click();
    const editHeading = page.getByRole('heading', { name: `Bedarf bearbeiten: ${title}` });
    await editHeading.waitFor();
    expect(await editHeading.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await page.getByLabel('Menge').inputValue()).toBe('250');
    expect(await page.getByLabel('Geschätzter Stückpreis (netto, €)').inputValue()).toBe('4,29');
    await expectAccessible(page);
    await page.getByLabel('Menge').fill('300');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await row.getByText('300 Karton').waitFor();
    await row.getByText('1.287,00 €').waitFor();
    await page.getByRole('heading', { name: 'Bedarf erfassen' }).waitFor();
    await screenshot(page, 'bedarfe-bearbeitet');

    await row.getByRole('button', { name: /Zurückziehen/ }).click();
    await row.getByText('Zurückgezogen').waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Zurückgezogen' });
    await page.waitForURL(/status=withdrawn/);
    await page.getByTestId('bedarfe').getByText(title).waitFor();
    // the one refused request is the empty form's, on purpose
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
