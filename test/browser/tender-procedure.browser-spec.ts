import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEMO_LOGINS } from '@buendel/identity';
import { completeNoticeData, eventually, TestClock } from '@buendel/testing';
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

interface ItemView {
  id: string;
  cpvCode: string;
}
interface LotView {
  id: string;
  key: string;
  title: string;
  status: string;
  items: ItemView[];
}
interface TenderView {
  id: string;
  status: string;
  submissionDeadline: string;
  lots: LotView[];
}
interface Me {
  id: string;
  organisation: { id: string };
}

const GLAUCHAU = DEMO_LOGINS.find((d) => d.email.startsWith('einkauf@glauchau'))!.email;
const SECOND_SUPPLIER = DEMO_LOGINS.find((d) => d.role === 'supplier' && d.email !== DEMO.supplier)!.email;
const VAN = '34144900-7';
const WALLBOX = '31158000-8';

const isWallboxLot = (l: LotView) => l.items.every((i) => i.cpvCode === WALLBOX);
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The coordinator's side of a joint tender in the browser, from the closed bundle to the
 * contracts: the draft (lots merged and split by product, a lot renamed, criteria per lot with
 * the weights' sum shown as typed, the German reason of a deadline too short), the last check
 * and the publication; two suppliers offer through the offer form (prices, the declaration, the
 * warranty), each in its own context, and see their receipts with the digest; no page shows an
 * offer before the deadline; two coordinators open; the award; the losing bidder's
 * information letter; after the standstill (the API's test clock) the contracts; each
 * participant sees its allocation.
 */
describe('the coordinator runs a joint tender in the browser', () => {
  const clock = new TestClock();
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp({ clock });
  });
  let failing: Page | undefined;
  afterEach(async () => {
    // the page as it was when a step failed, beside the others (test output)
    if (failing) await screenshot(failing, 'vergabe-letzter-stand').catch(() => undefined);
  });
  afterAll(async () => {
    clock.reset();
    await web.close();
  });

  it('a buyer completes its master data (Stammdaten): address and contact point, a bad telephone number named', async () => {
    const buyer = await web.signedInPage(GLAUCHAU);
    const errors = consoleErrors(buyer);
    await buyer.goto('/');
    await buyer.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Stammdaten' }).click();
    await buyer.getByRole('heading', { name: 'Stammdaten' }).waitFor();
    // the demo's office of Stadt Glauchau
    expect(await buyer.getByLabel('Ort').inputValue()).toBe('Glauchau');
    await buyer.getByLabel('Straße und Hausnummer').fill('Markt 1');
    await buyer.getByLabel('Telefon').fill('Zentrale');
    await buyer.getByRole('button', { name: 'Stammdaten speichern' }).click();
    await buyer.locator('[aria-invalid="true"]').waitFor();
    const phone = buyer.getByLabel('Telefon');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(buyer);
    await screenshot(buyer, 'stammdaten-fehler');
    await phone.fill('+49 3763 0000-1');
    await buyer.getByLabel('E-Mail-Adresse').fill('zentrale.vergabe@glauchau.demo.buendel.local');
    await buyer.getByRole('button', { name: 'Stammdaten speichern' }).click();
    await buyer.getByText('Die Stammdaten sind gespeichert.').waitFor();
    await screenshot(buyer, 'stammdaten');
    const me = await apiAs<Me>(buyer.context(), 'GET', '/auth/me');
    const stored = await apiAs<Record<string, unknown>>(buyer.context(), 'GET', `/organisations/${me.organisation.id}`);
    expect(stored).toMatchObject({
      address: { street: 'Markt 1', postalCode: '08371', city: 'Glauchau', country: 'DE' },
      contactEmail: 'zentrale.vergabe@glauchau.demo.buendel.local',
      contactPhone: '+49 3763 0000-1',
    });
    // the refused save's 400, and nothing else
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('drafts, publishes, opens by two, awards and concludes; participants see their allocations', async () => {
    const coordinator = await web.signedInPage(DEMO.coordinator);
    failing = coordinator;
    const errors = consoleErrors(coordinator);
    const buyers = [await web.signedInPage(DEMO.buyer), await web.signedInPage(GLAUCHAU)];
    const suppliers = [await web.signedInPage(DEMO.supplier), await web.signedInPage(SECOND_SUPPLIER)];
    const title = `E-Mobilität Landkreis ${Date.now()}`;
    const bundle = await apiAs<{ id: string }>(coordinator.context(), 'POST', '/bundles', {
      title,
      cpvPrefix: '3414',
      additionalCpvPrefixes: ['3115'],
      joinDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      deliveryFrom: '2027-01-01',
      deliveryTo: '2027-12-31',
    });
    // 2 x 4 e-vans at EUR 31,900 and 2 x 4 wallboxes: above the EU threshold, two lots
    for (const buyer of buyers) {
      const ids: string[] = [];
      for (const demand of [
        { cpvCode: VAN, title: 'Vier E-Transporter', quantity: 4, unitPriceEur: 31_900 },
        { cpvCode: WALLBOX, title: 'Vier Wallboxen', quantity: 4, unitPriceEur: 1_200 },
      ])
        ids.push(
          (
            await apiAs<{ id: string }>(buyer.context(), 'POST', '/demands', {
              ...demand,
              unit: 'H87',
              deliveryFrom: '2027-03-01',
              deliveryTo: '2027-06-30',
            })
          ).id,
        );
      await apiAs(buyer.context(), 'POST', `/bundles/${bundle.id}/participations`, { demandIds: ids });
    }
    await apiAs(coordinator.context(), 'POST', `/bundles/${bundle.id}/close`);
    await eventually(async () => {
      const b = await apiAs<{ aggregate: { current: boolean; demandCount: number } | null }>(
        coordinator.context(),
        'GET',
        `/bundles/${bundle.id}`,
      );
      return b.aggregate?.current && b.aggregate.demandCount === 4 ? true : undefined;
    }, 30_000);
    // what an EU contract notice names of the buyers and bidders (the demo data's offices, made sure of)
    const orgs = await Promise.all(
      [coordinator, ...buyers, ...suppliers].map((p) => apiAs<Me>(p.context(), 'GET', '/auth/me')),
    );
    await completeNoticeData(
      web.api,
      orgs.map((m) => m.organisation.id),
    );

    // the draft from the bundle's page
    await coordinator.goto(`/buendel/${bundle.id}`);
    await coordinator.getByRole('button', { name: 'Ausschreibung entwerfen' }).click();
    await coordinator.waitForURL(/\/vergabe\/[0-9a-f-]{36}$/);
    const tenderId = coordinator.url().split('/').pop()!;
    await coordinator.getByRole('heading', { name: 'Lose und Positionen' }).waitFor();
    await coordinator.getByTestId('verfahrensart').filter({ hasText: 'EU' }).waitFor();
    // each item's delivery district by its name, not its key
    const items = coordinator.locator('[data-testid^="positionen-"]').first();
    await items.getByRole('cell', { name: 'Landkreis Zwickau', exact: true }).waitFor();
    expect(await items.getByRole('cell', { name: '14524', exact: true }).count()).toBe(0);
    await coordinator.getByTestId('mindestfrist').filter({ hasText: 'Mindestfrist ab Veröffentlichung' }).waitFor();
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'vergabe-entwurf');

    // a deadline in the past: the API's German reason beside the field
    await coordinator.getByLabel('Tag', { exact: true }).fill('2026-01-05');
    await coordinator.getByLabel('Uhrzeit', { exact: true }).fill('12:00');
    await coordinator.getByTestId('frist-zu-kurz').waitFor();
    await coordinator.getByRole('button', { name: 'Titel und Frist speichern' }).click();
    await coordinator
      .getByText(/muss mindestens 2 Sekunden \(TENDER_MIN_SUBMISSION_SECONDS\) nach der Veröffentlichung liegen/)
      .waitFor();
    await expectAccessible(coordinator);

    // lots: both merged into one, then split by product again, the wallbox lot renamed
    await coordinator
      .getByRole('checkbox', { name: /zum Zusammenlegen auswählen/ })
      .first()
      .check();
    await coordinator
      .getByRole('checkbox', { name: /zum Zusammenlegen auswählen/ })
      .nth(1)
      .check();
    await coordinator.getByRole('button', { name: 'Ausgewählte Lose zusammenlegen (2)' }).click();
    await coordinator.getByText('2 Lose zusammengelegt.').waitFor();
    expect(await coordinator.getByRole('heading', { level: 3 }).count()).toBe(1);
    await coordinator.getByRole('button', { name: 'Nach Produkt teilen' }).click();
    await coordinator.getByText(/nach Produkt geteilt/).waitFor();
    expect(await coordinator.getByRole('heading', { level: 3 }).count()).toBe(2);
    let tender = await apiAs<TenderView>(coordinator.context(), 'GET', `/tenders/${tenderId}`);
    const wallboxLot = tender.lots.find(isWallboxLot)!;
    const vehicleLot = tender.lots.find((l) => !isWallboxLot(l))!;
    const rename = coordinator.getByLabel(`Titel von Los ${wallboxLot.key}`);
    await rename.fill('Ladeinfrastruktur (Wallboxen)');
    await coordinator.getByTestId(`los-${wallboxLot.key}`).getByRole('button', { name: 'Umbenennen' }).click();
    await coordinator.getByRole('heading', { name: /^Ladeinfrastruktur \(Wallboxen\)/, level: 3 }).waitFor();

    // criteria: the vehicle criterion on the vehicles, a warranty that earns points on the wallboxes
    const add = async (name: RegExp, phase: string) => {
      const select = coordinator.getByLabel('Kriterium aus dem Katalog');
      const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
      await select.selectOption(value ?? '');
      await coordinator.getByLabel('Phase', { exact: true }).selectOption({ label: phase });
      await coordinator.getByRole('button', { name: 'Kriterium hinzufügen' }).click();
    };
    await add(/\(ZERO_EMISSION_VEHICLE\)$/, 'Leistungsbeschreibung');
    await coordinator
      .getByTestId('kriterium-ZERO_EMISSION_VEHICLE-specification')
      .getByRole('checkbox', { name: new RegExp(`\\(${vehicleLot.key}\\)`) })
      .check();
    await add(/\(WARRANTY_YEARS\)$/, 'Zuschlag');
    const warranty = coordinator.getByTestId('kriterium-WARRANTY_YEARS-award');
    await warranty.getByRole('checkbox', { name: new RegExp(`\\(${wallboxLot.key}\\)`) }).check();
    await coordinator.getByLabel('Gewicht des Preises (Punkte von 100)').fill('80');
    // the sum as typed: 30 is 10 too many, 20 makes 100
    await warranty.getByLabel('Gewicht von „Garantiedauer“ (Punkte)').fill('30');
    await coordinator
      .getByTestId('gewichtssummen')
      .filter({ hasText: 'Preis 80 + Zuschlagskriterien 30 = 110 von 100 Punkten' })
      .waitFor();
    await coordinator.getByTestId('pruefung').filter({ hasText: 'kommt auf 110 statt 100 Punkte' }).waitFor();
    await warranty.getByLabel('Gewicht von „Garantiedauer“ (Punkte)').fill('20');
    await coordinator
      .getByTestId('gewichtssummen')
      .filter({ hasText: 'Preis 80 + Zuschlagskriterien 20 = 100 von 100 Punkten – stimmt' })
      .waitFor();
    await warranty.getByLabel(/Wert ohne Punkte/).fill('2');
    await warranty.getByLabel(/Wert für volle Punkte/).fill('6');
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'vergabe-kriterien');
    await coordinator.getByRole('button', { name: 'Kriterien speichern' }).click();
    await coordinator.getByText('Die Kriterien sind gespeichert.').waitFor();

    // the deadline a little ahead; the last check finds nothing missing; publish
    const deadline = deadlineAhead();
    await coordinator.getByLabel('Tag', { exact: true }).fill(deadline.date);
    await coordinator.getByLabel('Uhrzeit', { exact: true }).fill(deadline.time);
    await coordinator.getByRole('button', { name: 'Titel und Frist speichern' }).click();
    await coordinator.getByText('Gespeichert.', { exact: true }).waitFor();
    await coordinator.getByTestId('pruefung').filter({ hasText: 'Es fehlt nichts' }).waitFor();
    // a buyer's office without its e-mail address: the last check (the API's dry run of publish)
    // names the buyer and what is missing before anyone presses publish, in the words of the page,
    // never the field's path with the organisation's id
    const db = web.api.app.get(DataSource);
    await db.query(`UPDATE organisations SET contact_email = NULL WHERE id = $1`, [orgs[0]!.organisation.id]);
    await coordinator.reload();
    const refusal = coordinator
      .getByTestId('pruefung')
      .getByRole('listitem')
      .filter({ hasText: /^Stammdaten: Auftraggeber „.+“: die E-Mail-Adresse der Kontaktstelle fehlt \(BT-506\)\.$/ });
    await refusal.waitFor();
    expect(await coordinator.getByTestId('pruefung').innerText()).not.toContain('Es fehlt nichts');
    await coordinator.getByTestId('pruefung').getByRole('link', { name: 'Stammdaten' }).waitFor();
    // publish refuses with the same list: the item once, not twice
    const check = await apiAs<{ ready: boolean; problems: Array<{ field: string }> }>(
      coordinator.context(),
      'GET',
      `/tenders/${tenderId}/publish-check`,
    );
    expect(check.ready).toBe(false);
    const [answer] = await Promise.all([
      coordinator.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/publish')),
      coordinator.getByRole('button', { name: 'Ausschreibung veröffentlichen' }).click(),
    ]);
    expect(answer.status()).toBe(400);
    const refused = ((await answer.json()) as { errors: Array<{ field: string }> }).errors;
    expect(refused.map((e) => e.field)).toEqual(check.problems.map((p) => p.field));
    await refusal.waitFor();
    expect(await refusal.count()).toBe(1);
    expect(await coordinator.getByTestId('pruefung').innerText()).not.toContain('organisations.');
    // and says where an organisation completes its own master data
    await coordinator.getByTestId('pruefung').getByRole('link', { name: 'Stammdaten' }).waitFor();
    await completeNoticeData(web.api, [orgs[0]!.organisation.id]);
    // the data complete: the check asked again (the window's focus, here a reload) finds nothing
    await coordinator.reload();
    await coordinator.getByTestId('pruefung').filter({ hasText: 'Es fehlt nichts' }).waitFor();
    await coordinator.getByRole('button', { name: 'Ausschreibung veröffentlichen' }).click();
    await coordinator.getByTestId('vergabe-status').filter({ hasText: 'Veröffentlicht' }).waitFor();
    // the published tender's criteria by their German names, without their codes
    const publishedCriteria = coordinator.getByTestId('kriterien');
    await publishedCriteria.getByRole('cell', { name: 'Emissionsfreies Fahrzeug', exact: true }).first().waitFor();
    expect(await publishedCriteria.innerText()).not.toMatch(/[A-Z]{3,}_[A-Z_]+/);
    tender = await apiAs<TenderView>(coordinator.context(), 'GET', `/tenders/${tenderId}`);
    expect(Date.parse(tender.submissionDeadline)).toBe(deadline.at);

    // two suppliers offer through the offer form, each in its own context: A cheaper on vans,
    // better warranty on wallboxes; each sees its receipt with the digest the API keeps
    const vans = tender.lots.find((l) => l.id === vehicleLot.id)!;
    const wallboxes = tender.lots.find((l) => l.id === wallboxLot.id)!;
    const supplierNames = await Promise.all(
      suppliers.map(
        async (s) =>
          (await apiAs<{ organisation: { name: string } }>(s.context(), 'GET', '/auth/me')).organisation.name,
      ),
    );
    const offer = async (
      supplier: Page,
      lot: LotView,
      price: string,
      criterion: { declare?: true; value?: string },
    ) => {
      const form = supplier.getByRole('form', { name: `Angebot abgeben: ${lot.title}`, exact: true });
      const prices = form.getByLabel(/^Preis je /);
      await prices.first().waitFor();
      for (const field of await prices.all()) await field.fill(price);
      if (criterion.declare) await form.getByRole('checkbox', { name: 'Erfüllt: Emissionsfreies Fahrzeug' }).check();
      if (criterion.value) await form.getByLabel(/^Ihr Wert/).fill(criterion.value);
      await form.getByRole('button', { name: /Angebot abgeben/ }).click();
      const section = supplier.getByRole('region', { name: lot.title, exact: true });
      const receipt = section.getByTestId('eingangsbestaetigung');
      await section.getByText('Ihr Angebot ist eingegangen.').waitFor();
      const digest = (await receipt.getByTestId('pruefsumme').textContent()) ?? '';
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      return digest;
    };
    const bids = [
      { van: '30.000,00', wallbox: '1.000,00', warranty: '5' },
      { van: '31.000,00', wallbox: '950,00', warranty: '2' },
    ];
    for (const [i, bid] of bids.entries()) {
      const supplier = suppliers[i]!;
      await supplier.goto(`/markt/ausschreibungen/${tenderId}`);
      await supplier.getByRole('heading', { name: title, level: 1 }).waitFor();
      const digests = {
        [vans.id]: await offer(supplier, vans, bid.van, { declare: true }),
        [wallboxes.id]: await offer(supplier, wallboxes, bid.wallbox, { value: bid.warranty }),
      };
      if (i === 0) {
        await expectAccessible(supplier);
        await screenshot(supplier, 'vergabe-angebot-eingangsbestaetigung');
      }
      const mine = await apiAs<{ items: Array<{ lotId: string; version: number; digest: string }> }>(
        supplier.context(),
        'GET',
        `/tenders/${tenderId}/offers/mine`,
      );
      expect(Object.fromEntries(mine.items.map((r) => [r.lotId, r.digest]))).toEqual(digests);
      expect(mine.items.map((r) => r.version)).toEqual([1, 1]);
    }

    // before the deadline no page shows an offer: the tender page says sealed, the evaluation is closed
    await coordinator.reload();
    await coordinator.getByText('Die Angebote sind verschlossen').waitFor();
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'vergabe-veroeffentlicht');
    await coordinator.goto(`/vergabe/${tenderId}/wertung`);
    await coordinator.getByText('Die Angebote sind noch nicht geöffnet.').waitFor();
    for (const name of supplierNames) expect(await coordinator.getByText(name).count()).toBe(0);
    await suppliers[1]!.goto(`/markt/ausschreibungen/${tenderId}`);
    await suppliers[1]!.getByRole('heading', { level: 1 }).waitFor();
    expect(await suppliers[1]!.getByText(supplierNames[0]!).count()).toBe(0);

    // after the deadline: the first coordinator begins the opening, a second one confirms
    const secondEmail = `zweite-koordination-${Date.now()}@zwickau.demo.buendel.local`;
    await db.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, role)
       SELECT organisation_id, 'Zweite Koordinatorin', $1, password_hash, role FROM users WHERE email = $2`,
      [secondEmail, DEMO.coordinator],
    );
    const second = await web.signedInPage(secondEmail);
    await coordinator.goto(`/vergabe/${tenderId}`);
    const begin = coordinator.getByRole('button', { name: 'Öffnung beginnen' });
    await begin.waitFor({ timeout: Math.max(5_000, deadline.at - Date.now() + 15_000) });
    await expectAccessible(coordinator);
    await begin.click();
    await coordinator.getByTestId('oeffnung-wartet').waitFor();
    await second.goto(`/vergabe/${tenderId}`);
    await second.getByText(/hat die Öffnung am .* begonnen/).waitFor();
    await expectAccessible(second);
    await screenshot(second, 'vergabe-oeffnung-bestaetigen');
    await second.getByRole('button', { name: 'Öffnung bestätigen' }).click();
    await second.getByTestId('vergabe-status').filter({ hasText: 'Angebote geöffnet' }).waitFor();

    // the evaluation: ranked, price and criteria points; the award of each lot
    await coordinator.goto(`/vergabe/${tenderId}/wertung`);
    const wallboxRanking = coordinator.getByTestId(`rangfolge-${wallboxes.key}`);
    await wallboxRanking.getByRole('cell', { name: 'WARRANTY_YEARS: 15,00', exact: false }).waitFor();
    // A: 950/1,000 of 80 price points and 3/4 of 20 warranty points
    await wallboxRanking.getByRole('cell', { name: '91,00', exact: true }).waitFor();
    // the award is chosen in the ranking's rows, the best offer preselected
    expect(await wallboxRanking.getByRole('radio', { name: /^Rang 1: / }).isChecked()).toBe(true);
    expect(await wallboxRanking.getByRole('radio', { name: /^Rang 2: / }).isChecked()).toBe(false);
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'vergabe-wertung');
    for (const lot of [vans, wallboxes]) {
      const section = coordinator.getByTestId(`wertung-${lot.key}`);
      // another than the best needs a written reason: the field appears, then the best is chosen again
      await section.getByRole('radio', { name: new RegExp(`^Rang 2: ${escaped(supplierNames[1]!)}`) }).check();
      await section.getByLabel(/Begründung, warum nicht das bestbewertete Angebot/).waitFor();
      await section.getByRole('radio', { name: new RegExp(`^Rang 1: ${escaped(supplierNames[0]!)}`) }).check();
      await section.getByRole('button', { name: `Zuschlag für ${lot.key} entscheiden` }).click();
      await section.getByTestId(`zuschlag-${lot.key}`).filter({ hasText: supplierNames[0] }).waitFor();
      await section
        .getByTestId(`wartefrist-${lot.key}`)
        .filter({ hasText: /frühestens am/ })
        .waitFor();
    }
    // before the standstill ends the API refuses the contract, and the page says why
    await coordinator.getByRole('button', { name: `Verträge für ${vans.key} schließen` }).click();
    await coordinator.getByTestId(`wertung-${vans.key}`).getByRole('alert').waitFor();
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'vergabe-zuschlag-wartefrist');

    // the losing supplier reads its information letter of each lot on the tender's page
    const loser = suppliers[1]!;
    await loser.goto(`/markt/ausschreibungen/${tenderId}`);
    for (const lot of [vans, wallboxes]) {
      await loser
        .getByTestId(`vorabinformation-${lot.key}`)
        .getByText(`Vorabinformation: Der Zuschlag soll auf das Angebot von ${supplierNames[0]} erteilt werden.`)
        .waitFor();
    }
    await expectAccessible(loser);
    await screenshot(loser, 'vergabe-vorabinformation-unterlegen');

    // after the standstill: the contracts
    clock.advance(16 * 86_400_000);
    await coordinator.reload();
    for (const lot of [vans, wallboxes]) {
      const button = coordinator.getByRole('button', { name: `Verträge für ${lot.key} schließen` });
      await button.click();
      await coordinator.getByTestId(`vertraege-${lot.key}`).waitFor();
    }
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'vergabe-vertraege');
    await coordinator.goto(`/vergabe/${tenderId}`);
    await coordinator.getByTestId('downloads').getByRole('link', { name: 'Vergabevermerk (PDF)' }).waitFor();
    const pdf = await coordinator.context().request.get(`/api/v1/tenders/${tenderId}/record?format=pdf`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await expectAccessible(coordinator);

    // each participant sees its allocation
    for (const buyer of buyers) {
      await buyer.goto(`/vertraege/${tenderId}`);
      await buyer.getByTestId(`zuteilung-${vans.key}`).waitFor();
      await buyer.getByTestId(`zuteilung-${wallboxes.key}`).waitFor();
    }
    // the winning supplier finds the contracts it holds in its navigation: one per buyer and lot,
    // and per lot each buyer's share with its delivery places and the buyer's procurement office
    const winner = suppliers[0]!;
    const buyerNames = await Promise.all(
      buyers.map(
        async (b) =>
          (await apiAs<{ organisation: { name: string } }>(b.context(), 'GET', '/auth/me')).organisation.name,
      ),
    );
    await winner.goto('/');
    await winner.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verträge' }).click();
    await winner.getByRole('heading', { name: 'Verträge', level: 1 }).waitFor();
    const held = winner
      .getByTestId('vertraege')
      .getByRole('row')
      .filter({ hasText: `BUENDEL-${tenderId.slice(0, 8).toUpperCase()}` });
    await held.nth(3).waitFor();
    expect(await held.count()).toBe(4);
    for (const name of buyerNames) expect(await held.filter({ hasText: name }).count()).toBe(2);
    await expectAccessible(winner);
    await screenshot(winner, 'lieferant-vertraege');
    await held.first().getByRole('link').click();
    for (const lot of [vans, wallboxes]) {
      const shares = winner.getByTestId(`zuteilung-${lot.key}`);
      const offices = winner.getByTestId(`vergabestellen-${lot.key}`);
      for (const name of buyerNames) {
        await shares.getByRole('row').filter({ hasText: name }).first().waitFor();
        await offices.getByText(name).waitFor();
      }
    }
    await expectAccessible(winner);
    await screenshot(winner, 'lieferant-zuteilung');
    // the refusals the test asked for (the deadline in the past, the contract before the standstill)
    expect(errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
    // the submission deadline is a full minute 150-210 s ahead (the forms take minutes), and the
    // procedure's steps come on top of the wait
  }, 540_000);
});
