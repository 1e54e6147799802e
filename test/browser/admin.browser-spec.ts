import { randomInt } from 'node:crypto';
import { uniqueEmail } from '@buendel/testing';
import { WebApp, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/**
 * The platform admin in the browser: the organisations (search, type, a new central purchasing
 * body), an organisation's users (create, deactivate, reactivate) and coordination assignments.
 */
describe('platform administration in the browser', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('finds organisations, creates a purchasing body with a user, and assigns it a district', async () => {
    const page = await web.signedInPage(process.env['ADMIN_EMAIL']!, process.env['ADMIN_PASSWORD']!);
    const errors = consoleErrors(page);
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Organisationen' })
      .click();
    await page.getByRole('heading', { name: 'Organisationen', exact: true }).waitFor();
    await page.getByTestId('organisationen').waitFor();
    await page.getByLabel('Name oder AGS').fill('Zwickau');
    await page.getByTestId('organisationen').getByRole('link', { name: 'Landkreis Zwickau' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'verwaltung-organisationen');

    const name = `Zweckverband Beschaffung ${randomInt(100_000, 999_999)}`;
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Felder.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Kreisschlüssel des Sitzes (optional)').fill('14524');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByText(`„${name}“ ist angelegt.`).waitFor();
    await page.getByRole('link', { name: 'Benutzer und Koordination einrichten' }).click();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByText('Noch keine Benutzer.').waitFor();

    const email = uniqueEmail('browser-zv');
    await page.getByLabel('Name', { exact: true }).fill('Katrin Weber');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Erstes Passwort').fill('kurz');
    await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Felder.').waitFor();
    expect(await page.getByLabel('Erstes Passwort').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Erstes Passwort').fill('ein-langes-passwort-1');
    await page.getByLabel('Rolle').selectOption({ label: 'Koordination' });
    await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
    const row = page.getByTestId('benutzer').getByRole('row').filter({ hasText: email });
    await row.getByRole('cell', { name: 'aktiv', exact: true }).waitFor();
    await row.getByRole('button', { name: /Deaktivieren/ }).click();
    await row.getByRole('cell', { name: 'deaktiviert', exact: true }).waitFor();
    await row.getByRole('button', { name: /Reaktivieren/ }).click();
    await row.getByRole('cell', { name: 'aktiv', exact: true }).waitFor();

    await page.getByText(`${name} koordiniert keine Kreise.`).waitFor();
    await page.getByLabel('Kreis zuweisen').fill('14524');
    await page.getByRole('button', { name: 'Zuweisen' }).click();
    const districts = page.getByTestId('koordinierte-kreise');
    await districts.getByText('Landkreis Zwickau (zugewiesen)').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'verwaltung-organisation');

    // the coordination page finds the same organisation and removes the assignment
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Koordination' }).click();
    await page.getByRole('heading', { name: 'Koordination', exact: true }).waitFor();
    await page.getByLabel('Organisation suchen').fill(name);
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: name });
    await page.getByTestId('koordinierte-kreise').getByText('Landkreis Zwickau (zugewiesen)').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'verwaltung-koordination');
    await page.getByRole('button', { name: /Zuweisung aufheben/ }).click();
    await page.getByText(`${name} koordiniert keine Kreise.`).waitFor();
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
