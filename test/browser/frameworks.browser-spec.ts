import { insertFrameworkRows } from '@buendel/testing';
import { DEMO, WebApp, apiAs, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/**
 * Issue 16 in the browser: a participating municipality finds its framework agreement, reads
 * what it may still call off (estimated, maximum, called off, left), is refused past its
 * maximum with the API's German 409, and calls off within it; the coordinator reads every
 * participant's consumption without the form. The framework's rows are inserted directly.
 */
describe('framework agreements in the browser', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('shows the consumption and calls off within what is left, with the 409 in German past it', async () => {
    const page = await web.signedInPage(DEMO.buyer);
    const coordinatorPage = await web.signedInPage(DEMO.coordinator);
    const supplierPage = await web.signedInPage(DEMO.supplier);
    const orgOf = async (p: typeof page) =>
      (await apiAs<{ organisationId: string }>(p.context(), 'GET', '/auth/me')).organisationId;
    const title = `Rahmenvereinbarung E-Transporter ${Date.now()}`;
    await insertFrameworkRows(web.api, {
      coordinator: await orgOf(coordinatorPage),
      participant: await orgOf(page),
      supplier: await orgOf(supplierPage),
      title,
    });
    const errors = consoleErrors(page);

    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Rahmenvereinbarungen' })
      .click();
    await page.getByRole('heading', { name: 'Rahmenvereinbarungen', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    const table = page.getByTestId('verbrauch');
    const row = table.getByRole('row').nth(1);
    // columns: lot, item, organisation, estimated, maximum, called off, left, used
    const cell = (n: number, text: string) => row.getByRole('cell').nth(n).filter({ hasText: text }).waitFor();
    await cell(3, '100\u00a0Stück');
    await cell(4, '120\u00a0Stück');
    await cell(5, '1\u00a0Stück');
    await cell(6, '119\u00a0Stück');
    await page.getByText('noch 119\u00a0Stück abrufbar').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'rahmenvereinbarung-abruf');

    // past the maximum: the API's 409 in German, nothing called off
    const quantity = page.getByLabel(/^Menge in Stück:/);
    await quantity.fill('200');
    await page.getByRole('button', { name: 'Abrufen' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Abruf nicht möglich' });
    await refused.waitFor();
    await refused
      .getByText(/noch 119 Stück abrufbar \(Höchstmenge 120 Stück\), abgerufen werden sollten 200 Stück/)
      .waitFor();
    await expectAccessible(page);

    // within it: ordered from the first-ranked supplier, the table reads it again
    await quantity.fill('19');
    await page.getByRole('button', { name: 'Abrufen' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Abruf .*-A0002 erteilt/ })
      .waitFor();
    await cell(5, '20\u00a0Stück');
    await cell(6, '100\u00a0Stück');
    await expectAccessible(page);
    // the browser logs the refused call-off's 409 itself; nothing else went wrong
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);

    // the coordinator's organisation does not take part here: the consumption, no form
    await coordinatorPage.goto('/rahmenvereinbarungen');
    await coordinatorPage.getByRole('link', { name: title }).click();
    await coordinatorPage
      .getByTestId('verbrauch')
      .getByRole('row')
      .nth(1)
      .getByRole('cell')
      .nth(5)
      .filter({ hasText: '20\u00a0Stück' })
      .waitFor();
    expect(await coordinatorPage.getByRole('button', { name: 'Abrufen' }).count()).toBe(0);
    await expectAccessible(coordinatorPage);
  });
});
