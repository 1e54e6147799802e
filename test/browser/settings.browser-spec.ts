import { DEMO_LOGINS } from '@buendel/identity';
import { DEMO, WebApp, apiAs, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/** Werdau's buyer: no other browser test signs in as it, so its rule does not touch their joins */
const WERDAU = DEMO_LOGINS.find((d) => d.email.startsWith('einkauf@werdau'))!.email;

interface Organisation {
  id: string;
  name: string;
  joinMandateAboveEur?: number;
}

/**
 * The settings of an organisation on its Stammdaten page: a municipality sets the value above
 * which its join to a bundle needs the decision of its council or mayor, sees the API's German
 * reason beside the field, and removes the rule again; another municipality does not read it.
 */
describe('the Stammdaten page: the rule for the mandate to join', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('a buyer sets the value in German notation, sees a bad one named, the rule applied and removes it', async () => {
    const buyer = await web.signedInPage(WERDAU);
    const errors = consoleErrors(buyer);
    const me = await apiAs<{ organisation: { id: string } }>(buyer.context(), 'GET', '/auth/me');
    const read = () => apiAs<Organisation>(buyer.context(), 'GET', `/organisations/${me.organisation.id}`);
    await buyer.goto('/stammdaten');
    const section = buyer.getByRole('region', { name: 'Beschluss für den Beitritt (Rat/Bürgermeister)' });
    await section.waitFor();
    const rule = section.getByTestId('beschluss-regel');
    expect(await rule.innerText()).toBe('Derzeit ist für keinen Beitritt ein Beschluss nötig.');
    const field = section.getByLabel('Beschluss nötig ab einem Wert über (Euro, netto)');

    // three decimals: the API's German reason beside the field
    await field.fill('1.234,567');
    await section.getByRole('button', { name: 'Regel speichern' }).click();
    await section.locator('[aria-invalid="true"]').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await section.getByRole('alert').innerText()).toMatch(/Nachkommastellen/);
    await expectAccessible(buyer);
    await screenshot(buyer, 'stammdaten-beschluss-fehler');

    await field.fill('100.000,50');
    await section.getByRole('button', { name: 'Regel speichern' }).click();
    await section.getByText('Die Regel für den Beschluss ist gespeichert.').waitFor();
    expect(await rule.innerText()).toBe('Derzeit braucht ein Beitritt über 100.000,50\u00a0€ einen Beschluss.');
    expect((await read()).joinMandateAboveEur).toBe(100_000.5);
    // another municipality reads Werdau, not its rule
    const other = await web.signedInPage(DEMO.buyer);
    const foreign = await apiAs<Organisation>(other.context(), 'GET', `/organisations/${me.organisation.id}`);
    expect(foreign.id).toBe(me.organisation.id);
    expect(foreign).not.toHaveProperty('joinMandateAboveEur');

    // the page read again shows the rule stored
    await buyer.reload();
    await rule.filter({ hasText: '100.000,50' }).waitFor();
    expect(await field.inputValue()).toBe('100.000,5');
    await expectAccessible(buyer);
    await screenshot(buyer, 'stammdaten-beschluss');

    await section.getByRole('button', { name: 'Regel entfernen' }).click();
    await section.getByText('Die Regel ist entfernt: kein Beitritt braucht einen Beschluss.').waitFor();
    expect(await rule.innerText()).toBe('Derzeit ist für keinen Beitritt ein Beschluss nötig.');
    expect(await field.inputValue()).toBe('');
    expect(await read()).not.toHaveProperty('joinMandateAboveEur');
    // the refused save's 400, and nothing else
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
