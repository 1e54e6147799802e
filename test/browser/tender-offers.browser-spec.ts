import { createHash } from 'node:crypto';
import { BrowserContext, Page } from 'playwright-core';
import { eventually } from '@buendel/testing';
import {
  DEMO,
  WebApp,
  apiAs,
  consoleErrors,
  expectAccessible,
  screenshot,
  startWebApp,
  tabTo,
} from './support/web-app';

interface LotView {
  id: string;
  key: string;
  title: string;
  items: Array<{ id: string; specificationText: string | null; cpvLabel: string }>;
}
interface TenderView {
  id: string;
  title: string;
  status: string;
  lots: LotView[];
}
interface Receipt {
  id: string;
  lotId: string;
  version: number;
  digest: string;
  salt: string;
}

/** a piece of evidence in the supplier's profile (POST /suppliers/me/evidence, multipart), a small PDF */
async function uploadEvidence(context: BrowserContext): Promise<string> {
  const csrf = (await context.cookies()).find((c) => c.name === 'buendel_csrf')?.value ?? '';
  const res = await context.request.post('/api/v1/suppliers/me/evidence', {
    headers: { 'x-csrf-token': csrf },
    multipart: {
      kind: 'EU_DECLARATION_OF_CONFORMITY',
      title: 'EG-Konformitätserklärung E-Transporter',
      issuer: 'Sachsen Mobil GmbH',
      number: 'EG-2026-17',
      validFrom: '2026-01-01',
      file: {
        name: 'konformitaet.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
      },
    },
  });
  if (res.status() !== 201) throw new Error(`evidence upload answered ${res.status()}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** the receipt's digest as the supplier computes it from what it sent (offer-vault.ts) */
function digestOf(tenderId: string, r: Receipt, content: unknown): string {
  return createHash('sha256')
    .update(
      `buendel-offer-receipt-v2|${r.salt}|${tenderId}|${r.lotId}|${r.id}|v${r.version}|${JSON.stringify(content)}`,
    )
    .digest('hex');
}

/**
 * A joint tender of the demo district through the API, as far as the test needs: a bundle of
 * e-vans of Meerane, closed, drafted with a vehicle criterion and a warranty that earns points,
 * published with its submission deadline `deadlineMs` ahead.
 */
async function publishedTender(
  coordinator: BrowserContext,
  buyer: BrowserContext,
  title: string,
  deadlineMs: number,
  criteria: unknown[] = [
    { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification' },
    { code: 'WARRANTY_YEARS', phase: 'award', weight: 20, scoring: { rule: 'linear', floor: 2, best: 6 } },
  ],
): Promise<TenderView> {
  const bundle = await apiAs<{ id: string }>(coordinator, 'POST', '/bundles', {
    title,
    cpvPrefix: '3414',
    joinDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    deliveryFrom: '2027-01-01',
    deliveryTo: '2027-12-31',
  });
  const demand = await apiAs<{ id: string }>(buyer, 'POST', '/demands', {
    cpvCode: '34144900-7',
    title: 'Zwei E-Transporter',
    specificationKey: 'e-transporter-3-5t',
    specificationText: 'E-Transporter 3,5 t',
    quantity: 2,
    unit: 'H87',
    unitPriceEur: 31_900,
    deliveryFrom: '2027-03-01',
    deliveryTo: '2027-06-30',
  });
  await apiAs(buyer, 'POST', `/bundles/${bundle.id}/participations`, { demandIds: [demand.id] });
  await apiAs(coordinator, 'POST', `/bundles/${bundle.id}/close`);
  await eventually(async () => {
    const b = await apiAs<{ aggregate: { current: boolean; demandCount: number } | null }>(
      coordinator,
      'GET',
      `/bundles/${bundle.id}`,
    );
    return b.aggregate?.current && b.aggregate.demandCount === 1 ? true : undefined;
  }, 30_000);
  const draft = await apiAs<TenderView>(coordinator, 'POST', `/bundles/${bundle.id}/tender`, {
    submissionDeadline: new Date(Date.now() + deadlineMs).toISOString(),
    criteria,
    priceWeight: 80,
  });
  return apiAs<TenderView>(coordinator, 'POST', `/tenders/${draft.id}/publish`);
}

/** the receipt shown on the page: its version and its 64 hex digits */
async function shownReceipt(page: Page): Promise<{ version: string; digest: string }> {
  const receipt = page.getByTestId('eingangsbestaetigung').first();
  const digest = (await receipt.getByTestId('pruefsumme').textContent()) ?? '';
  const version = (await receipt.locator('dd').first().textContent()) ?? '';
  return { version, digest };
}

/**
 * The supplier's and the participant's side of a joint tender in the browser: a supplier finds
 * the tender by its filters, reads lots, items and criteria, submits an offer by keyboard alone,
 * keeps the receipt with its digest and replaces the offer before the deadline.
 */
describe('tenders for suppliers and participants in the browser', () => {
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('finds a tender, submits an offer by keyboard, sees the receipt with its digest and replaces it', async () => {
    const coordinator = await web.signedInPage(DEMO.coordinator);
    const buyer = await web.signedInPage(DEMO.buyer);
    const title = `E-Transporter für Bauhöfe ${Date.now()}`;
    const tender = await publishedTender(coordinator.context(), buyer.context(), title, 7 * 86_400_000);
    const lot = tender.lots[0]!;

    const page = await web.signedInPage(DEMO.supplier);
    const errors = consoleErrors(page);
    const evidenceId = await uploadEvidence(page.context());
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Ausschreibungen' })
      .click();
    await page.getByRole('heading', { name: 'Ausschreibungen', level: 1 }).waitFor();
    await page.getByTestId('ausschreibungen').waitFor();
    await page.getByLabel('CPV-Code oder Anfang').fill('3414');
    await page.getByLabel('CPV-Code oder Anfang').press('Enter');
    await page.waitForURL(/cpv=3414/);
    await page.getByRole('link', { name: title }).waitFor();
    // a paper CPV finds no e-vans
    await page.getByLabel('CPV-Code oder Anfang').fill('3019');
    await page.getByLabel('CPV-Code oder Anfang').press('Enter');
    await page.getByText('Keine Ausschreibung passt zu dieser Auswahl.').waitFor();
    await page.getByLabel('CPV-Code oder Anfang').fill('3414');
    await page.getByLabel('CPV-Code oder Anfang').press('Enter');
    await expectAccessible(page);
    await screenshot(page, 'ausschreibungen-lieferant');

    await page.getByRole('link', { name: title }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page
      .getByTestId('countdown')
      .filter({ hasText: /noch \d+ Tage/ })
      .waitFor();
    await page.getByTestId(`positionen-${lot.key}`).getByRole('cell', { name: 'E-Transporter 3,5 t' }).waitFor();
    // the delivery places by the municipality's name, not its AGS
    await page.getByTestId(`positionen-${lot.key}`).getByRole('cell', { name: 'Stadt Meerane', exact: true }).waitFor();
    await page.getByTestId(`kriterien-${lot.key}`).getByRole('cell', { name: 'Zuschlagskriterium' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'ausschreibung-lieferant');

    // by keyboard alone: the price, the declaration with its evidence, the warranty, send
    await tabTo(page, /Preis je Stück: E-Transporter 3,5 t/);
    await page.keyboard.type('41.500,50');
    await tabTo(page, /Erfüllt:/);
    await page.keyboard.press('Space');
    await tabTo(page, /Nachweis aus Ihrem Profil: Emissionsfreies Fahrzeug/);
    await page.keyboard.press('ArrowDown');
    await tabTo(page, /Ihr Wert/);
    await page.keyboard.type('4');
    await tabTo(page, /^\s*Angebot abgeben/);
    await page.keyboard.press('Enter');
    await page.getByText('Ihr Angebot ist eingegangen.').waitFor();
    const first = await shownReceipt(page);
    expect(first.version).toBe('1');
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    const mine = await apiAs<{ items: Receipt[] }>(page.context(), 'GET', `/tenders/${tender.id}/offers/mine`);
    expect(mine.items).toEqual([expect.objectContaining({ lotId: lot.id, version: 1, digest: first.digest })]);
    // the page sent what was typed: the German price, the declaration, the value and the evidence
    expect(
      digestOf(tender.id, mine.items[0]!, {
        prices: [{ itemId: lot.items[0]!.id, unitPriceEur: 41_500.5 }],
        criteria: ['ZERO_EMISSION_VEHICLE'],
        values: [{ code: 'WARRANTY_YEARS', value: 4 }],
        evidence: [{ code: 'ZERO_EMISSION_VEHICLE', evidenceId }],
      }),
    ).toBe(first.digest);
    await expectAccessible(page);
    await screenshot(page, 'angebot-eingangsbestaetigung');

    // replaced before the deadline: a new version with a new digest; Enter in a field sends the form
    await page.getByRole('button', { name: /Angebot ersetzen/ }).waitFor();
    await page.getByLabel('Preis je Stück: E-Transporter 3,5 t').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('40.900');
    await page.keyboard.press('Enter');
    await page.getByText('Ihr Angebot ist ersetzt.').waitFor();
    const second = await shownReceipt(page);
    expect(second.version).toBe('2');
    expect(second.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(second.digest).not.toBe(first.digest);

    // after a reload the page still shows the latest receipt, and offers to replace it
    await page.reload();
    await page.getByTestId('eingangsbestaetigung').getByText(second.digest).waitFor();
    await page.getByRole('button', { name: /Angebot ersetzen/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'angebot-ersetzt');
    expect(errors).toEqual([]);
  });

  it('asks once for a criterion that is both a minimum and earns points', async () => {
    const coordinator = await web.signedInPage(DEMO.coordinator);
    const buyer = await web.signedInPage(DEMO.buyer);
    const title = `E-Transporter beidseitig ${Date.now()}`;
    const tender = await publishedTender(coordinator.context(), buyer.context(), title, 7 * 86_400_000, [
      { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification' },
      { code: 'ZERO_EMISSION_VEHICLE', phase: 'award', weight: 20 },
    ]);
    const page = await web.signedInPage(DEMO.supplier);
    await page.goto(`/markt/ausschreibungen/${tender.id}`);
    await page.getByRole('heading', { name: title }).waitFor();
    const box = page.getByRole('checkbox', { name: 'Erfüllt: Emissionsfreies Fahrzeug' });
    await box.first().waitFor();
    // one box in the lot's criteria, and no id twice (a second box of the same id had no label)
    const group = page.getByRole('group', { name: 'Kriterien und Nachweise' });
    expect(await group.getByRole('checkbox').count()).toBe(1);
    const ids = await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    await box.check();
    expect(await box.isChecked()).toBe(true);
    await expectAccessible(page);
  });

  it('names a missing price beside its field and sends nothing', async () => {
    const coordinator = await web.signedInPage(DEMO.coordinator);
    const buyer = await web.signedInPage(DEMO.buyer);
    const tender = await publishedTender(
      coordinator.context(),
      buyer.context(),
      `E-Transporter ohne Preis ${Date.now()}`,
      7 * 86_400_000,
    );
    const page = await web.signedInPage(DEMO.supplier);
    await page.goto(`/markt/ausschreibungen/${tender.id}`);
    await page.getByRole('button', { name: /Angebot abgeben/ }).click();
    await page.getByText('Das Angebot ist nicht eingegangen. Bitte prüfen Sie die markierten Felder.').waitFor();
    expect(await page.getByLabel('Preis je Stück: E-Transporter 3,5 t').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Bitte geben Sie einen Preis an.').waitFor();
    await expectAccessible(page);
    const mine = await apiAs<{ items: Receipt[] }>(page.context(), 'GET', `/tenders/${tender.id}/offers/mine`);
    expect(mine.items).toEqual([]);
  });

  it("shows a participant its allocation and contract after the award, with the supplier's contact", async () => {
    const coordinator = await web.signedInPage(DEMO.coordinator);
    const buyer = await web.signedInPage(DEMO.buyer);
    const supplier = await web.signedInPage(DEMO.supplier);
    const title = `E-Transporter zum Zuschlag ${Date.now()}`;
    const tender = await publishedTender(coordinator.context(), buyer.context(), title, 12_000);
    const lot = tender.lots[0]!;
    await apiAs(supplier.context(), 'POST', `/tenders/${tender.id}/offers`, {
      lotId: lot.id,
      prices: lot.items.map((i) => ({ itemId: i.id, unitPriceEur: 30_000 })),
      criteria: ['ZERO_EMISSION_VEHICLE'],
      values: [{ code: 'WARRANTY_YEARS', value: 5 }],
    });
    // a national procedure opens by itself at the deadline (the worker's job)
    await eventually(async () => {
      const t = await apiAs<{ status: string }>(coordinator.context(), 'GET', `/tenders/${tender.id}`);
      return t.status === 'opened' ? true : undefined;
    }, 60_000);
    const opened = await apiAs<{ lots: Array<{ lotId: string; offers: Array<{ offerId: string }> }> }>(
      coordinator.context(),
      'GET',
      `/tenders/${tender.id}/offers`,
    );
    const offerId = opened.lots.find((l) => l.lotId === lot.id)!.offers[0]!.offerId;

    // before the award: the participant sees the tender, no allocation yet
    const page = buyer;
    const errors = consoleErrors(page);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verträge' }).click();
    await page.getByRole('heading', { name: 'Zuteilungen und Verträge', level: 1 }).waitFor();
    await page.getByTestId('beteiligte-ausschreibungen').getByRole('link', { name: title }).click();
    await page.getByText('Noch keine Zuteilung.').waitFor();

    await apiAs(coordinator.context(), 'POST', `/tenders/${tender.id}/award`, { lotId: lot.id, offerId });
    // the bidder reads its information letter (§ 134 GWB) on the tender's page; no form after the deadline
    const supplierErrors = consoleErrors(supplier);
    await supplier.goto(`/markt/ausschreibungen/${tender.id}`);
    const letter = supplier.getByTestId(`vorabinformation-${lot.key}`);
    await letter.getByText('Vorabinformation: Der Zuschlag soll auf Ihr Angebot erteilt werden.').waitFor();
    await letter.getByText(/der Vertrag darf frühestens am \d{2}\.\d{2}\.\d{4}/).waitFor();
    await supplier.getByText('Die Angebotsfrist ist abgelaufen.').waitFor();
    expect(await supplier.getByRole('button', { name: /Angebot (abgeben|ersetzen)/ }).count()).toBe(0);
    await expectAccessible(supplier);
    await screenshot(supplier, 'ausschreibung-vorabinformation');
    expect(supplierErrors).toEqual([]);
    await page.reload();
    const allocation = page.getByTestId(`zuteilung-${lot.key}`);
    await allocation.getByRole('cell', { name: '2 Stück' }).waitFor();
    await allocation.getByRole('cell', { name: '60.000,00 €' }).waitFor();
    await page.getByText('der Vertrag wird nach Ablauf der Wartefrist').waitFor();

    // below the threshold there is no standstill by default: the coordinator concludes at once
    await apiAs(coordinator.context(), 'POST', `/tenders/${tender.id}/lots/${lot.id}/contract`, {});
    await page.reload();
    const contract = page.getByTestId(`vertrag-${lot.key}`);
    await contract.getByText('Muldental Büroausstattung GmbH').waitFor();
    await contract.getByText('60.000,00 €').waitFor();
    // whom the buyer calls about the deliveries: the supplier's contact point, as its organisation
    // holds it (the demo's, or what another browser test of the run completed for its notices)
    const me = await apiAs<{ organisation: { contactName?: string; address?: { street?: string } } }>(
      supplier.context(),
      'GET',
      '/auth/me',
    );
    expect(me.organisation.contactName).toBeTruthy();
    await contract.getByText(me.organisation.contactName!, { exact: true }).waitFor();
    if (me.organisation.address?.street) await contract.getByText(me.organisation.address.street).waitFor();
    const workbook = page.getByRole('link', { name: 'Zuteilung und Verträge als Excel-Tabelle herunterladen' });
    const res = await page.context().request.get((await workbook.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/spreadsheetml/);
    expect((await res.body()).subarray(0, 2).toString()).toBe('PK');
    await expectAccessible(page);
    await screenshot(page, 'zuteilung-vertrag');

    await page.goto('/vertraege');
    await page.getByTestId('vertraege').getByRole('cell', { name: lot.title }).first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'vertraege');
    expect(errors).toEqual([]);
  });

  it('draws the sustainability report per district, organisation and year, each chart with its table', async () => {
    // the awarded tender of the test before carries its criteria, self-declared by the supplier
    const page = await web.signedInPage(DEMO.coordinator);
    const errors = consoleErrors(page);
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Nachhaltigkeit' })
      .click();
    await page.getByRole('heading', { name: 'Nachhaltigkeitsbericht', level: 1 }).waitFor();
    for (const chart of ['bericht-kreise-vergeben', 'bericht-organisationen-vergeben', 'bericht-jahre']) {
      const figure = page.getByTestId(chart);
      await figure.locator('svg[role="img"]').waitFor();
      // the table beside the chart names the criterion and the share of the Meerane e-vans
      await figure.getByRole('columnheader', { name: 'Emissionsfreies Fahrzeug' }).waitFor();
    }
    const meerane = page.getByTestId('bericht-organisationen-vergeben').getByRole('row', { name: /Stadt Meerane/ });
    expect(await meerane.textContent()).toMatch(/nur erklärt/);
    await page.getByLabel('Kreis', { exact: true }).selectOption({ index: 1 });
    await page.waitForURL(/kreis=\d{5}/);
    await page.getByTestId('bericht-kreise-vergeben').locator('svg[role="img"]').waitFor();
    for (const [name, type] of [
      ['Bericht als Excel-Tabelle', /spreadsheetml/],
      ['Bericht als CSV (offene Daten)', /text\/csv/],
    ] as const) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      expect(href).toMatch(/districtKey=\d{5}/);
      const res = await page.context().request.get(href!);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toMatch(type);
    }
    await expectAccessible(page);
    await screenshot(page, 'nachhaltigkeitsbericht');
    expect(errors).toEqual([]);
  });
});
