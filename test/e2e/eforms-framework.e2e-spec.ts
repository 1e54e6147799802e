import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApiApp } from '@buendel/api';
import { addDays, addYears, berlinDate } from '@buendel/domain';
import { REPO_ROOT, validateEformsSchema } from '@buendel/domain/testing';
import {
  completeNoticeData,
  createTestApp,
  createTestRegion,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, join, recordDemand } from '../support/bundling-api';

// `.ci/run` checks this notice against the eForms SDK's schematron rules, as the others
const OUT = path.join(REPO_ROOT, 'test-results', 'eforms', 'e2e');

/**
 * Issue 16 with the eForms issue: the contract notice of an EU-wide framework tender states the
 * framework: BT-765 (with two suppliers `fa-mix`: call-offs by ranking or a mini-competition),
 * BT-113 the most suppliers, BT-271 the maximum value of the lot and of the procedure (the sum of
 * every participant's maximum), the term as the lot's period, BT-109 the reason for a term past
 * four years, and BT-111 that only the buyers named may call off.
 */
describe('eForms contract notice of a framework tender', () => {
  let t: TestApp;
  let region: TestRegion;
  let buyers: TestUser[];
  const today = berlinDate(new Date());
  const termFrom = addDays(today, 30);
  const termTo = addDays(addYears(termFrom, 5), -1);
  const reason = 'Der Papierbedarf der Schulen ist an deren fünfjährigen Medienentwicklungsplan gebunden.';
  let tenderId: string;
  let itemId: string;

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp());
    region = await createTestRegion(t, 3);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Kopierpapier 2027-2031',
        cpvPrefix: '3019',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: termFrom,
        deliveryTo: termTo,
      })
      .expect(201);
    for (const buyer of buyers) {
      const demand = await recordDemand(t, buyer, {
        cpvCode: '30197630-1',
        title: 'Kopierpapier A4, 80 g/m², Blauer Engel',
        quantity: 30_000,
        unit: 'XPA',
        unitPriceEur: 4.5,
        deliveryFrom: termFrom,
        deliveryTo: termTo,
      });
      expect((await join(t, buyer, bundle.body.id, [demand.id])).status).toBe(201);
    }
    await t.http.post(`${API}/bundles/${bundle.body.id}/close`).set(region.coordinator.auth).expect(200);
    const draft = await t.http
      .post(`${API}/bundles/${bundle.body.id}/tender`)
      .set(region.coordinator.auth)
      .send({ submissionDeadline: new Date(Date.now() + 40 * 86_400_000).toISOString() })
      .expect(201);
    expect(draft.body.regime.scope).toBe('EU');
    tenderId = draft.body.id;
    itemId = draft.body.lots[0].items[0].id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('publishes the framework: BT-765, BT-113, BT-271, the term, BT-109 and BT-111', async () => {
    // the first buyer may call off up to 45 000 packs, the others 120 % of their 30 000
    await t.http
      .put(`${API}/tenders/${tenderId}/framework`)
      .set(region.coordinator.auth)
      .send({
        termFrom,
        termTo,
        termReason: reason,
        suppliersPerLot: 2,
        maximumPercent: 120,
        maxima: [{ organisationId: buyers[0]!.organisationId, itemId, maximumQuantity: 45_000 }],
      })
      .expect(200);
    await completeNoticeData(t, [region.district.id, ...region.municipalities.map((m) => m.id)]);
    await t.http.post(`${API}/tenders/${tenderId}/publish`).set(region.coordinator.auth).expect(200);

    const list = await t.http.get(`${API}/tenders/${tenderId}/notices`).set(region.coordinator.auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ kind: 'contract', subtype: '16' })]);
    const res = await t.http
      .get(`${API}/tenders/${tenderId}/notices/${list.body.items[0].id}.xml`)
      .set(region.coordinator.auth)
      .buffer(true)
      .parse((r, done) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (body += c));
        r.on('end', () => done(null, body));
      })
      .expect(200);
    const xml = res.body as string;
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'contract-notice-framework.xml'), xml);

    expect(xml).toContain(
      '<cbc:ContractingSystemTypeCode listName="framework-agreement">fa-mix</cbc:ContractingSystemTypeCode>',
    );
    expect(xml).toContain('<cbc:MaximumOperatorQuantity>2</cbc:MaximumOperatorQuantity>');
    // (45 000 + 2 × 36 000) packs at 4,50 €: 526.500,00 €, for the lot and the procedure
    expect(
      xml.match(/<efbc:FrameworkMaximumAmount currencyID="EUR">526500.00<\/efbc:FrameworkMaximumAmount>/g),
    ).toHaveLength(2);
    expect(xml).toContain(
      '<cbc:EstimatedOverallContractAmount currencyID="EUR">405000.00</cbc:EstimatedOverallContractAmount>',
    );
    expect(xml).toMatch(new RegExp(`<cbc:StartDate>${termFrom}[+-]\\d\\d:\\d\\d</cbc:StartDate>`));
    expect(xml).toMatch(new RegExp(`<cbc:EndDate>${termTo}[+-]\\d\\d:\\d\\d</cbc:EndDate>`));
    expect(xml).toContain(`<cbc:Justification languageID="DEU">${reason}</cbc:Justification>`);
    expect(xml).toContain('<cbc:Name>buyer-categories</cbc:Name>');
    // every buyer's estimate and maximum (CJEU C-23/20) in the lot's description
    const first = region.municipalities.find((m) => m.id === buyers[0]!.organisationId)!;
    expect(xml).toContain(`${first.name}: `);
    expect(xml).toMatch(/Geschätzte Mengen und Höchstmengen je Auftraggeber: [^<]*30000, höchstens 45000 Packung/);
    expect(xml.match(/30000, höchstens 36000 Packung/g)).toHaveLength(2);
    for (const m of region.municipalities) expect(xml).toContain(m.name);
    expect(xml).not.toContain('listName="framework-agreement">none<');
    expect((await validateEformsSchema(xml)).errors).toEqual([]);
  });
});
