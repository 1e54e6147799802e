import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEMO_LOGINS } from '@buendel/identity';
import { insertFrameworkRows } from '@buendel/testing';
import {
  DEMO,
  WebApp,
  apiAs,
  consoleErrors,
  deadlineAhead,
  expectAccessible,
  screenshot,
  startWebApp,
} from './support/web-app';

const SECOND_SUPPLIER = DEMO_LOGINS.find((d) => d.role === 'supplier' && d.email !== DEMO.supplier)!;
const FIRST_SUPPLIER = DEMO_LOGINS.find((d) => d.email === DEMO.supplier)!;

/**
 * Issue 16 in the browser, each party in its own browser context: a buyer calls off by
 * ranking and the first-ranked supplier accepts (the 80 % warning shows); the supplier reports
 * a delivery; a mini-competition where both framework suppliers submit sealed offers (the first
 * reloads, finds its own receipt and replaces its offer, and after the deadline reads its own
 * prices), no offer readable before the deadline (a real one, a minute or two ahead), the buyer awards the
 * cheaper; each ordered call-off is a contract on the Verträge page of its buyer, its supplier
 * and the coordinator, linked to the call-off; the coordinator reads the consumption with every
 * call-off, the downloads, and makes the next bundle from it. A call-off past the maximum is
 * refused in German with what is left; the 80 % warning shows to the buyer and the coordinator;
 * an ended framework says why nothing can be called off. The framework's rows (two suppliers in rank order) are inserted directly.
 */
describe('framework call-offs in the browser', () => {
  let web: WebApp;
  let failing: Page | undefined;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterEach(async () => {
    if (failing) await screenshot(failing, 'rahmenvereinbarung-letzter-stand').catch(() => undefined);
  });
  afterAll(async () => {
    await web.close();
  });

  it('calls off by ranking and by mini-competition, reports a delivery and shows the consumption', async () => {
    const buyer = await web.signedInPage(DEMO.buyer);
    failing = buyer;
    const coordinator = await web.signedInPage(DEMO.coordinator);
    const first = await web.signedInPage(DEMO.supplier);
    const second = await web.signedInPage(SECOND_SUPPLIER.email);
    const orgOf = async (p: Page) =>
      (await apiAs<{ organisationId: string }>(p.context(), 'GET', '/auth/me')).organisationId;
    const title = `Rahmenvereinbarung Kopierpapier ${Date.now()}`;
    const { frameworkId } = await insertFrameworkRows(web.api, {
      coordinator: await orgOf(coordinator),
      participant: await orgOf(buyer),
      supplier: await orgOf(first),
      secondSupplier: await orgOf(second),
      title,
    });
    const errors = consoleErrors(buyer);
    const number = (await apiAs<{ number: string }>(buyer.context(), 'GET', `/frameworks/${frameworkId}`)).number;
    const buyerOrganisation = DEMO_LOGINS.find((d) => d.email === DEMO.buyer)!.organisation;
    const card = (p: Page, n: number) => p.getByTestId(`abruf-${number}-A${String(n).padStart(4, '0')}`);
    const consumptionCell = (p: Page, column: number, text: string) =>
      p
        .getByTestId('verbrauch')
        .getByRole('row')
        .nth(1)
        .getByRole('cell')
        .nth(column)
        .filter({ hasText: text })
        .waitFor();

    // the buyer calls off 95 of its 120 by ranking: asked from the first-ranked supplier; 96 of 120 is 80 %
    await buyer.goto(`/rahmenvereinbarungen/${frameworkId}`);
    await buyer.getByRole('heading', { name: title, level: 1 }).waitFor();
    await buyer.getByRole('radio', { name: 'Nach Rangfolge' }).check();
    await buyer.getByLabel(/^Menge in Stück:/).fill('95');
    await buyer
      .getByLabel('Hinweis für den Lieferanten (optional)')
      .fill('Lieferung an das Rathaus, Kostenstelle 4711');
    await buyer.getByRole('button', { name: 'Abrufen' }).click();
    await buyer
      .getByRole('status')
      .filter({ hasText: `Abruf ${number}-A0002 angefragt.` })
      .waitFor();
    await card(buyer, 2).getByText('Angefragt, wartet auf Annahme').first().waitFor();
    await buyer
      .getByTestId('hoechstmengen-warnung')
      .getByText(/zu 80 % abgerufen, noch 24\u00a0Stück/)
      .waitFor();
    await consumptionCell(buyer, 5, '96\u00a0Stück');
    await expectAccessible(buyer);
    await screenshot(buyer, 'rahmenvereinbarung-abruf-rangfolge');

    // the first supplier finds it through its navigation and accepts
    await first.goto('/');
    await first
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Rahmenvereinbarungen' })
      .click();
    await first.getByRole('heading', { name: 'Rahmenvereinbarungen', level: 1 }).waitFor();
    await first.getByRole('link', { name: title }).click();
    await card(first, 2).getByText('Lieferung an das Rathaus, Kostenstelle 4711').waitFor();
    await expectAccessible(first);
    await screenshot(first, 'rahmenvereinbarung-lieferant-anfrage');
    await first.getByRole('button', { name: `Abruf ${number}-A0002 annehmen` }).click();
    await card(first, 2)
      .getByRole('heading', { name: `Abruf ${number}-A0002: Erteilt` })
      .waitFor();
    // the framework price of the first-ranked supplier: 95 x 10 €
    await card(first, 2).getByText('950,00\u00a0€').first().waitFor();
    // the second supplier was not asked: it does not see the call-off
    await second.goto(`/rahmenvereinbarungen/${frameworkId}`);
    await second.getByRole('heading', { name: title, level: 1 }).waitFor();
    await second.getByTestId('abrufe').waitFor();
    expect(await card(second, 2).count()).toBe(0);

    // the first supplier reports a delivery of 10
    const delivery = card(first, 2);
    await delivery.getByLabel(/^Gelieferte Menge in Stück:/).fill('10');
    await delivery.getByRole('button', { name: 'Lieferung melden' }).click();
    await first
      .getByRole('status')
      .filter({ hasText: `Lieferung zu ${number}-A0002 gemeldet.` })
      .waitFor();
    await delivery.getByRole('row').nth(1).getByRole('cell').nth(3).filter({ hasText: '10\u00a0Stück' }).waitFor();
    await expectAccessible(first);
    await screenshot(first, 'rahmenvereinbarung-lieferung');

    // the buyer starts a mini-competition for 5, its deadline a minute or two ahead
    await buyer.reload();
    await buyer.getByRole('radio', { name: 'Kleinwettbewerb' }).check();
    const deadline = deadlineAhead(75);
    await buyer.getByLabel('Tag', { exact: true }).fill(deadline.date);
    await buyer.getByLabel('Uhrzeit', { exact: true }).fill(deadline.time);
    await buyer.getByLabel(/^Menge in Stück:/).fill('5');
    await buyer.getByRole('button', { name: 'Kleinwettbewerb starten' }).click();
    await buyer
      .getByRole('status')
      .filter({ hasText: `Kleinwettbewerb ${number}-A0003 gestartet.` })
      .waitFor();
    // before the deadline the offers stay sealed
    await buyer.getByRole('button', { name: `Angebote zu ${number}-A0003 öffnen` }).click();
    await card(buyer, 3).getByText('Die Angebote sind noch versiegelt.').waitFor();
    await expectAccessible(buyer);

    // each supplier offers in its own context and keeps its receipt
    const digests: string[] = [];
    for (const [supplier, price] of [
      [first, '9,50'],
      [second, '9,20'],
    ] as const) {
      await supplier.goto(`/rahmenvereinbarungen/${frameworkId}`);
      const competition = card(supplier, 3);
      await competition.getByLabel(/^Preis je Stück:/).fill(price);
      await competition.getByRole('button', { name: 'Angebot versiegelt abgeben' }).click();
      await competition.getByTestId('pruefsumme').waitFor();
      digests.push((await competition.getByTestId('pruefsumme').textContent()) ?? '');
      expect(digests.at(-1)).toMatch(/^[0-9a-f]{64}$/);
      await expectAccessible(supplier);
    }
    await screenshot(second, 'rahmenvereinbarung-kleinwettbewerb-angebot');
    // after a reload the first supplier sees its own receipt again (not the other's) and replaces its offer
    await first.reload();
    const again = card(first, 3);
    await again.getByText(`Ihr Angebot für ${number}-A0003 liegt versiegelt vor.`).waitFor();
    expect(await again.getByTestId('pruefsumme').textContent()).toBe(digests[0]);
    expect(await first.getByText(digests[1]!).count()).toBe(0);
    await expectAccessible(first);
    await screenshot(first, 'rahmenvereinbarung-kleinwettbewerb-eigenes-angebot');
    await again.getByLabel(/^Preis je Stück:/).fill('9,40');
    await again.getByRole('button', { name: 'Angebot ersetzen' }).click();
    await again.getByText(`Ihr Angebot für ${number}-A0003 ist eingegangen.`).waitFor();
    const replaced = await again.getByTestId('pruefsumme').textContent();
    expect(replaced).toMatch(/^[0-9a-f]{64}$/);
    expect(replaced).not.toBe(digests[0]);
    // still sealed for the buyer: no price of an offer on its page
    await buyer.reload();
    await buyer.getByRole('button', { name: `Angebote zu ${number}-A0003 öffnen` }).click();
    await card(buyer, 3).getByText('Die Angebote sind noch versiegelt.').waitFor();
    expect(await buyer.getByText('9,20\u00a0€').count()).toBe(0);
    expect(await buyer.getByText('46,00\u00a0€').count()).toBe(0);

    // past the deadline: the first supplier reads its own prices (9,40 € x 5), still not the other's
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.at - Date.now()) + 1_000));
    await first.reload();
    const ownOffer = card(first, 3).getByTestId('eigenes-angebot');
    await ownOffer.getByText(/Gesamtpreis 47,00\u00a0€/).waitFor();
    await ownOffer.getByText('9,40\u00a0€').waitFor();
    expect(await ownOffer.getByTestId('pruefsumme').textContent()).toBe(replaced);
    // past the deadline the receipt no longer promises a seal until the deadline
    expect(await ownOffer.getByText(/niemand kann es vor Ablauf/).count()).toBe(0);
    await ownOffer.getByText(/Bewahren Sie Prüfsumme und Salz auf/).waitFor();
    expect(await first.getByText('9,20\u00a0€').count()).toBe(0);
    await expectAccessible(first);
    // the buyer opens: ranked by total; it awards the cheaper
    await buyer.getByRole('button', { name: `Angebote zu ${number}-A0003 öffnen` }).click();
    const offers = buyer.getByTestId(`angebote-${number}-A0003`);
    await offers.waitFor();
    await offers
      .getByRole('row')
      .nth(1)
      .getByRole('cell', { name: SECOND_SUPPLIER.organisation, exact: true })
      .waitFor();
    await offers.getByRole('row').nth(1).getByText('46,00\u00a0€').waitFor();
    await offers
      .getByRole('row')
      .nth(2)
      .getByRole('cell', { name: FIRST_SUPPLIER.organisation, exact: true })
      .waitFor();
    await expectAccessible(buyer);
    await screenshot(buyer, 'rahmenvereinbarung-kleinwettbewerb-wertung');
    await offers
      .getByRole('row')
      .nth(1)
      .getByRole('button', { name: /^Zuschlag erteilen/ })
      .click();
    await card(buyer, 3)
      .getByRole('heading', { name: `Abruf ${number}-A0003: Erteilt` })
      .waitFor();
    await card(buyer, 3).getByText(SECOND_SUPPLIER.organisation).first().waitFor();
    // the awarded supplier holds it now and may report its delivery
    await second.reload();
    await card(second, 3)
      .getByRole('heading', { name: `Abruf ${number}-A0003: Erteilt` })
      .waitFor();
    await card(second, 3).getByRole('button', { name: 'Lieferung melden' }).waitFor();

    // past the maximum (101 of 120 called off): refused in German with what is left, beside the field too
    await buyer.getByRole('radio', { name: 'Direktabruf' }).check();
    await buyer.getByLabel(/^Menge in Stück:/).fill('30');
    await buyer.getByRole('button', { name: 'Abrufen' }).click();
    const refusal = buyer.getByRole('alert').filter({ hasText: 'Abruf nicht möglich' });
    await refusal
      .getByText(/noch 19\sStück abrufbar \(Höchstmenge 120\sStück\), abgerufen werden sollten 30\sStück/)
      .waitFor();
    await buyer.getByText('Es sind nur noch 19\u00a0Stück abrufbar (Höchstmenge 120\u00a0Stück).').waitFor();
    await expectAccessible(buyer);
    await screenshot(buyer, 'rahmenvereinbarung-hoechstmenge-ueberschritten');

    // each ordered call-off is a contract: on the buyer's Verträge page with its framework, lot, items and parties
    await buyer.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verträge' }).click();
    const callOffContracts = buyer.getByTestId('abrufvertraege');
    const contractRow = (p: Page, n: number) =>
      p
        .getByTestId('abrufvertraege')
        .getByRole('row')
        .filter({ has: p.getByRole('link', { name: `${number}-A${String(n).padStart(4, '0')}`, exact: true }) });
    await contractRow(buyer, 3).getByText(SECOND_SUPPLIER.organisation).waitFor();
    await contractRow(buyer, 3).getByText('5\u00a0Stück Elektrofahrzeuge').waitFor();
    await contractRow(buyer, 3).getByText('46,00\u00a0€').waitFor();
    await contractRow(buyer, 3).getByText(`${title} (${number})`).waitFor();
    await contractRow(buyer, 2).getByText('950,00\u00a0€').waitFor();
    await contractRow(buyer, 2).getByText(FIRST_SUPPLIER.organisation).waitFor();
    // the mini-competition that was never ordered (A0001) is no contract
    expect(await contractRow(buyer, 1).count()).toBe(0);
    await expectAccessible(buyer);
    await screenshot(buyer, 'vertraege-abrufe');
    await callOffContracts.getByRole('link', { name: `${number}-A0003`, exact: true }).click();
    await card(buyer, 3)
      .getByRole('heading', { name: `Abruf ${number}-A0003: Erteilt` })
      .waitFor();
    expect(buyer.url()).toContain(`/rahmenvereinbarungen/${frameworkId}#abruf-`);
    // the awarded supplier holds A0003 only; the first supplier A0002 only
    await second.goto('/vertraege');
    await contractRow(second, 3).getByText(title, { exact: false }).waitFor();
    expect(await contractRow(second, 2).count()).toBe(0);
    await first.goto('/vertraege');
    await contractRow(first, 2).getByText(buyerOrganisation).waitFor();
    expect(await contractRow(first, 3).count()).toBe(0);
    await expectAccessible(first);

    // the coordinator sees the call-off contracts of its framework among its contracts
    await coordinator.goto('/vertraege');
    await contractRow(coordinator, 2).waitFor();
    await contractRow(coordinator, 3).waitFor();

    // the coordinator: every call-off in the consumption (1 + 95 + 5 called off, 10 delivered), the downloads
    await coordinator.goto(`/rahmenvereinbarungen/${frameworkId}`);
    await consumptionCell(coordinator, 5, '101\u00a0Stück');
    await consumptionCell(coordinator, 6, '19\u00a0Stück');
    await consumptionCell(coordinator, 8, '10\u00a0Stück');
    // the coordinator is warned at 80 % too
    await coordinator
      .getByTestId('hoechstmengen-warnung')
      .getByText(
        new RegExp(`${buyerOrganisation}: .* zu 84(,\\d+)? % abgerufen, noch 19\u00a0Stück von 120\u00a0Stück`),
      )
      .waitFor();
    for (const n of [1, 2, 3]) await card(coordinator, n).waitFor();
    const downloads = coordinator.getByTestId('downloads');
    const xlsx = await downloads
      .getByRole('link', { name: 'Verbrauch als Excel-Datei herunterladen' })
      .getAttribute('href');
    const workbook = await coordinator.context().request.get(xlsx!);
    expect(workbook.status()).toBe(200);
    expect(workbook.headers()['content-type']).toContain('spreadsheetml');
    const ocdsHref = await downloads.getByRole('link', { name: /OCDS/ }).getAttribute('href');
    const ocds = (await (await coordinator.context().request.get(ocdsHref!)).json()) as { releases: unknown[] };
    expect(ocds.releases.length).toBeGreaterThanOrEqual(3);
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'rahmenvereinbarung-koordination');

    // the next bundle from the consumption
    await coordinator.getByRole('button', { name: 'Nächstes Bündel anlegen' }).click();
    const made = coordinator.getByRole('status').filter({ hasText: /Bündel „.*“ angelegt\./ });
    await made.waitFor();
    await coordinator.getByTestId('folgebuendel-bedarfe').getByRole('row').nth(1).waitFor();
    await expectAccessible(coordinator);
    await made.getByRole('link', { name: 'Zum neuen Bündel' }).click();
    await coordinator.getByRole('heading', { level: 1 }).waitFor();
    expect(coordinator.url()).toMatch(/\/buendel\/[0-9a-f-]{36}$/);

    // an ended framework: the buyer reads why it can no longer call off, and finds no call-off form
    const ended = await insertFrameworkRows(web.api, {
      coordinator: await orgOf(coordinator),
      participant: await orgOf(buyer),
      supplier: await orgOf(first),
      title: `${title} (beendet)`,
    });
    await web.api.app
      .get(DataSource)
      .query(`UPDATE frameworks SET status = 'expired', ended_at = now(), end_reason = 'term' WHERE id = $1`, [
        ended.frameworkId,
      ]);
    await buyer.goto(`/rahmenvereinbarungen/${ended.frameworkId}`);
    await buyer
      .getByTestId('rahmenvereinbarung-beendet')
      .getByText(/beendet: ihre Laufzeit endete am/)
      .waitFor();
    expect(await buyer.getByRole('button', { name: 'Abrufen' }).count()).toBe(0);
    await expectAccessible(buyer);

    // the sealed offers' 409 twice and the refusal past the maximum; nothing else went wrong in the buyer's page
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  }, 240_000);
});
