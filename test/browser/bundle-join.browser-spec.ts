import {
  DEMO,
  PageDocument,
  WebApp,
  apiAs,
  consoleErrors,
  expectAccessible,
  screenshot,
  startWebApp,
  tabTo,
} from './support/web-app';

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
      mandatoryCriteria: ['ZERO_EMISSION_VEHICLE'],
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
    // the bundle's districts by name, from the reference data
    await coordinatorPage.getByRole('definition').filter({ hasText: 'Landkreis Zwickau' }).waitFor();
    // its CPV range with the German name of the code the prefix stands for (34140000-0)
    await coordinatorPage.getByRole('definition').filter({ hasText: '3414 – Schwerlastfahrzeuge' }).waitFor();
    // its mandatory criteria by name, from the catalogue, not by code
    await coordinatorPage.getByRole('definition').filter({ hasText: 'Emissionsfreies Fahrzeug' }).waitFor();
    expect(await coordinatorPage.locator('main').innerText()).not.toContain('ZERO_EMISSION_VEHICLE');
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
    // the join may answer slowly while the shared machine of the test run is loaded (as in the journey)
    await buyerPage.getByText('Ihre Organisation ist dem Bündel beigetreten.').waitFor({ timeout: 60_000 });

    // the coordinator's page, not reloaded, shows the new total and the EU regime
    await coordinatorPage.getByTestId('gesamtwert').filter({ hasText: '223.300,00 €' }).waitFor({ timeout: 15_000 });
    const liveMs = Date.now() - joinedAt;
    await coordinatorPage.getByTestId('verfahren').filter({ hasText: 'EU-weites Verfahren' }).waitFor();
    await coordinatorPage
      .getByTestId('teilnehmer')
      .getByText(/Meerane/)
      .waitFor();
    // Meerane set no value for a mandate of its council: its join needs none (issue 17)
    const meerane = coordinatorPage.getByTestId('teilnehmer').getByRole('row').filter({ hasText: 'Meerane' });
    expect(await meerane.getByRole('cell').last().innerText()).toBe('nicht nötig');
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

    // a demand outside the bundle's CPV range: the start page says why it does not fit, with the range's name
    const paperTitle = `Druckpapier ${Date.now()}`;
    await apiAs<{ id: string }>(buyerPage.context(), 'POST', '/demands', {
      cpvCode: '30197630-1',
      title: paperTitle,
      quantity: 40,
      unit: 'H87',
      unitPriceEur: 25,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-06-30',
    });
    await buyerPage.goto('/');
    await buyerPage
      .getByTestId('start-passende-buendel')
      .getByRole('row')
      .filter({ hasText: paperTitle })
      .filter({ hasText: title })
      .getByText('Der CPV-Code 30197630-1 liegt außerhalb des CPV-Bereichs des Bündels (3414 – Schwerlastfahrzeuge).')
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
