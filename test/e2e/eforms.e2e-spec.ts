import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  completeNoticeData,
  createTestApp,
  createTestRegion,
  createTestWorker,
  createUserWithRole,
  insertSignedInUsers,
  TestApp,
  TestClock,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { REPO_ROOT, validateEformsSchema } from '@buendel/domain/testing';
import { API, join, openByTwo, recordDemand } from '../support/bundling-api';

// the notices the scenario issues; `.ci/run` checks them against the eForms SDK's schematron rules
const OUT = path.join(REPO_ROOT, 'test-results', 'eforms', 'e2e');

/**
 * The eForms notices of an EU-wide joint tender: a district leads five municipalities buying
 * e-cars and wallboxes in two lots. Publication is refused while organisations lack what the
 * notice names; then it issues the contract notice (subtype 16), a later deadline a change
 * notice, and the contracts of both lots after the standstill the award notice (subtype 29). Notices are
 * stored as issued.
 */
describe('eForms notices of an EU tender', () => {
  let t: TestApp;
  const clock = new TestClock();
  let worker: INestApplicationContext;
  let db: DataSource;
  let region: TestRegion;
  let buyers: TestUser[];
  let supplierA: TestUser;
  let supplierB: TestUser;
  let outsider: TestUser;
  let tenderId: string;
  let lots: Array<{ id: string; key: string; items: Array<{ id: string }> }>;
  const notices: Array<{ id: string; kind: string; version: number; changesNoticeId: string | null }> = [];

  async function fetchXml(noticeId: string, user: TestUser): Promise<string> {
    const res = await t.http
      .get(`${API}/tenders/${tenderId}/notices/${noticeId}.xml`)
      .set(user.auth)
      .buffer(true)
      .parse((r, done) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (body += c));
        r.on('end', () => done(null, body));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    return res.body as string;
  }

  function keep(name: string, xml: string): void {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, name), xml);
  }

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp({ clock }));
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 5);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    supplierA = await createUserWithRole(t, 'supplier');
    supplierB = await createUserWithRole(t, 'supplier');
    outsider = await createUserWithRole(t, 'supplier');
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'E-Mobilität Testkreis',
        cpvPrefix: '3414',
        additionalCpvPrefixes: ['3115'],
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        mandatoryCriteria: ['ZERO_EMISSION_VEHICLE'],
      })
      .expect(201);
    for (const [i, buyer] of buyers.entries()) {
      const car = await recordDemand(t, buyer, {
        cpvCode: '34144900-7',
        title: 'E-Auto',
        quantity: i + 1,
        unit: 'H87',
        unitPriceEur: 32_000,
        deliveryFrom: '2027-03-01',
        deliveryTo: '2027-06-30',
        criteria: ['ZERO_EMISSION_VEHICLE'],
      });
      const charger = await recordDemand(t, buyer, {
        cpvCode: '31158000-8',
        title: 'Wallbox',
        quantity: 2,
        unit: 'H87',
        unitPriceEur: 1_400,
        deliveryFrom: '2027-03-01',
        deliveryTo: '2027-06-30',
      });
      expect((await join(t, buyer, bundle.body.id, [car.id, charger.id])).status).toBe(201);
    }
    await t.http.post(`${API}/bundles/${bundle.body.id}/close`).set(region.coordinator.auth).expect(200);
    const draft = await t.http
      .post(`${API}/bundles/${bundle.body.id}/tender`)
      .set(region.coordinator.auth)
      .send({
        submissionDeadline: new Date(Date.now() + 20_000).toISOString(),
        criteria: [
          // a vehicle criterion on the vehicles' lot only; the wallboxes are awarded on the price alone
          { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification', lotKeys: ['P-3414'] },
          { code: 'ZERO_EMISSION_VEHICLE', phase: 'award', weight: 20, lotKeys: ['P-3414'] },
          { code: 'LKSG_DUE_DILIGENCE', phase: 'performance' },
          { code: 'TAKE_BACK', phase: 'performance' },
        ],
        priceWeight: 80,
      })
      .expect(201);
    tenderId = draft.body.id;
    lots = draft.body.lots;
    expect(draft.body.regime.scope).toBe('EU');
    expect(lots).toHaveLength(2);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('refuses to publish while organisations lack what the notice names, naming each (400)', async () => {
    const res = await t.http.post(`${API}/tenders/${tenderId}/publish`).set(region.coordinator.auth).expect(400);
    const fields = (res.body.errors as Array<{ field: string; reason: string }>).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        `organisations.${region.district.id}.address`,
        `organisations.${region.municipalities[0]!.id}.contact.email`,
        'reviewBody',
        `lots.${lots[0]!.id}.placesNuts3`,
      ]),
    );
    const reasons = (res.body.errors as Array<{ reason: string }>).map((e) => e.reason).join(' ');
    expect(reasons).toContain(region.district.name);
    expect(reasons).toContain('the address is missing');
    // the web app asks in German: the same fields, each reason in German
    const german = await t.http
      .post(`${API}/tenders/${tenderId}/publish`)
      .set(region.coordinator.auth)
      .set('accept-language', 'de')
      .expect(400);
    expect(german.body.detail).toBe('Die Ausschreibung enthält ungültige Angaben; die Felder nennen die Gründe.');
    expect((german.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(fields);
    const germanReasons = (german.body.errors as Array<{ reason: string }>).map((e) => e.reason).join(' ');
    expect(germanReasons).toContain(`Auftraggeber „${region.district.name}“: die Anschrift fehlt`);
    expect(germanReasons).toContain('ist keine Vergabekammer eingetragen');
    expect((await t.http.get(`${API}/tenders/${tenderId}`).set(region.coordinator.auth)).body.status).toBe('draft');
    expect((await t.http.get(`${API}/tenders/${tenderId}/notices`).set(region.coordinator.auth)).body.items).toEqual(
      [],
    );

    // the dry run (the draft page's last check): the same list, each with its code and both languages
    const check = await t.http.get(`${API}/tenders/${tenderId}/publish-check`).set(region.coordinator.auth).expect(200);
    expect(check.body.ready).toBe(false);
    const problems = check.body.problems as Array<{ field: string; code: string; reason: string; de: string }>;
    expect(problems.map((p) => ({ field: p.field, reason: p.reason, code: p.code }))).toEqual(res.body.errors);
    expect(problems.map((p) => ({ field: p.field, reason: p.de, code: p.code }))).toEqual(german.body.errors);
    expect(problems.find((p) => p.field === `organisations.${region.municipalities[0]!.id}.contact.email`)).toEqual({
      field: `organisations.${region.municipalities[0]!.id}.contact.email`,
      code: 'EFORMS_MISSING',
      reason: expect.stringContaining(region.municipalities[0]!.name),
      de: expect.stringMatching(/^Auftraggeber „.+“: die E-Mail-Adresse der Kontaktstelle fehlt \(BT-506\)\.$/),
    });
    // it writes nothing: still a draft without notices, and asking again finds the same
    expect((await t.http.get(`${API}/tenders/${tenderId}`).set(region.coordinator.auth)).body.status).toBe('draft');
    expect(
      (await t.http.get(`${API}/tenders/${tenderId}/publish-check`).set(region.coordinator.auth).expect(200)).body,
    ).toEqual(check.body);
    // the coordinator's only, as publish is: a participating buyer 403, another coordinator 404
    await t.http.get(`${API}/tenders/${tenderId}/publish-check`).set(buyers[0]!.auth).expect(403);
    const stranger = await createUserWithRole(t, 'coordinator');
    await t.http.get(`${API}/tenders/${tenderId}/publish-check`).set(stranger.auth).expect(404);
    await t.http.post(`${API}/tenders/${tenderId}/publish`).set(stranger.auth).expect(404);
  });

  it('publishes with the contract notice: every participant a buyer, the district the group leader', async () => {
    await completeNoticeData(t, [region.district.id, ...region.municipalities.map((m) => m.id)]);
    // a municipality sets its own contact point through the API
    await t.http
      .patch(`${API}/organisations/${buyers[0]!.organisationId}/contact`)
      .set(buyers[0]!.auth)
      .send({ contactName: 'Bauamt', contactEmail: 'bauamt@gemeinde-eins.example.de', contactPhone: '+49 3763 12-0' })
      .expect(200);
    // with the data complete, the dry run finds nothing, and publish then works
    expect(
      (await t.http.get(`${API}/tenders/${tenderId}/publish-check`).set(region.coordinator.auth).expect(200)).body,
    ).toEqual({ ready: true, problems: [] });
    // the notice list is the coordinator's only while the tender is a draft
    expect((await t.http.get(`${API}/tenders/${tenderId}/notices`).set(supplierA.auth)).status).toBe(404);
    await t.http.post(`${API}/tenders/${tenderId}/publish`).set(region.coordinator.auth).expect(200);

    const list = await t.http.get(`${API}/tenders/${tenderId}/notices`).set(outsider.auth).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ kind: 'contract', version: 1, subtype: '16', status: 'ready', changesNoticeId: null }),
    ]);
    notices.push(list.body.items[0]);
    const xml = await fetchXml(notices[0]!.id, outsider);
    keep('contract-notice.xml', xml);
    expect((await validateEformsSchema(xml)).errors).toEqual([]);
    expect(xml.match(/<cac:ContractingParty>/g)).toHaveLength(6);
    expect(xml.match(/<efbc:GroupLeadIndicator>true<\/efbc:GroupLeadIndicator>/g)).toHaveLength(1);
    expect(xml).toContain(`<cbc:ContractFolderID>${tenderId}</cbc:ContractFolderID>`);
    expect(xml).toContain(`<cbc:ID schemeName="notice-id">${notices[0]!.id}</cbc:ID>`);
    expect(xml).toContain('bauamt@gemeinde-eins.example.de');
    expect(xml).toContain('Vergabekammer des Freistaates Sachsen');
    expect(xml.match(/<cac:ProcurementProjectLot>/g)).toHaveLength(2);
    expect(xml).toContain(
      '<cbc:ProcurementTypeCode listName="strategic-procurement">env-imp</cbc:ProcurementTypeCode>',
    );
    expect(xml).toContain('<efbc:ApplicableLegalBasis listName="cvd-scope">true</efbc:ApplicableLegalBasis>');
  });

  it('makes a change notice when the published deadline is extended, and keeps the first as issued', async () => {
    const current = await t.http.get(`${API}/tenders/${tenderId}`).set(region.coordinator.auth).expect(200);
    const later = new Date(new Date(current.body.submissionDeadline).getTime() + 4_000).toISOString();
    const shorter = await t.http
      .patch(`${API}/tenders/${tenderId}`)
      .set(region.coordinator.auth)
      .send({ submissionDeadline: new Date(Date.now() + 5_000).toISOString() });
    expect(shorter.status).toBe(400);
    const lotsChange = await t.http
      .patch(`${API}/tenders/${tenderId}`)
      .set(region.coordinator.auth)
      .send({ priceWeight: 70 });
    expect(lotsChange.status).toBe(409);
    await t.http
      .patch(`${API}/tenders/${tenderId}`)
      .set(region.coordinator.auth)
      .send({ submissionDeadline: later })
      .expect(200);
    const list = await t.http.get(`${API}/tenders/${tenderId}/notices`).set(buyers[1]!.auth).expect(200);
    expect(list.body.items.map((n: { kind: string; version: number }) => [n.kind, n.version])).toEqual([
      ['contract', 1],
      ['change', 2],
    ]);
    const change = list.body.items[1];
    expect(change.id).not.toBe(notices[0]!.id);
    expect(change.changesNoticeId).toBe(notices[0]!.id);
    notices.push(change);
    const xml = await fetchXml(change.id, buyers[1]!);
    keep('change-notice.xml', xml);
    expect((await validateEformsSchema(xml)).errors).toEqual([]);
    expect(xml).toContain(`<efbc:ChangedNoticeIdentifier>${notices[0]!.id}-01</efbc:ChangedNoticeIdentifier>`);
    // the database refuses to change a notice once issued
    await expect(db.query(`UPDATE eforms_notices SET xml = 'x' WHERE id = $1`, [notices[0]!.id])).rejects.toThrow(
      /stored as issued/,
    );
    const first = await fetchXml(notices[0]!.id, region.coordinator);
    expect(first).not.toContain('ChangedNoticeIdentifier');
  });

  it('answers 400 to a notice file name that is not {noticeId}.xml, 404 to an unknown one', async () => {
    const bad = await t.http.get(`${API}/tenders/${tenderId}/notices/contract.xml`).set(region.coordinator.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'noticeId' })]);
    const unknown = await t.http
      .get(`${API}/tenders/${tenderId}/notices/00000000-0000-4000-8000-000000000000.xml`)
      .set(region.coordinator.auth);
    expect(unknown.status).toBe(404);
  });

  it('issues the award notice once both lots are contracted after the standstill; a winner without size is refused first', async () => {
    for (const lot of lots)
      for (const [supplier, price] of [
        [supplierA, 1_300],
        [supplierB, 1_350],
      ] as const)
        await t.http
          .post(`${API}/tenders/${tenderId}/offers`)
          .set(supplier.auth)
          .send({
            lotId: lot.id,
            prices: lot.items.map((i) => ({ itemId: i.id, unitPriceEur: lot.key === 'P-3414' ? price * 20 : price })),
            criteria: [...(lot.key === 'P-3414' ? ['ZERO_EMISSION_VEHICLE'] : []), 'LKSG_DUE_DILIGENCE', 'TAKE_BACK'],
          })
          .expect(201);
    // supplier A is registered with its address and VAT id, but has not given its size and NUTS-3 region yet
    await completeNoticeData(t, [supplierA.organisationId, supplierB.organisationId]);
    await db.query(`UPDATE organisations SET company_size = NULL, nuts3 = NULL WHERE id = $1`, [
      supplierA.organisationId,
    ]);
    // an EU procedure: two people of the coordinating organisation open the offers
    const [second] = await insertSignedInUsers(t, [region.district], 'coordinator');
    await openByTwo(t, tenderId, region.coordinator, second!);
    const offers = await t.http.get(`${API}/tenders/${tenderId}/offers`).set(region.coordinator.auth).expect(200);
    const best = (lotId: string) =>
      offers.body.lots
        .find((l: { lotId: string }) => l.lotId === lotId)
        .offers.find((o: { supplierOrganisationId: string }) => o.supplierOrganisationId === supplierA.organisationId)
        .offerId;
    const award = (lotId: string) =>
      t.http
        .post(`${API}/tenders/${tenderId}/award`)
        .set(region.coordinator.auth)
        .send({ lotId, offerId: best(lotId) });
    expect((await award(lots[0]!.id)).body).toMatchObject({ tenderStatus: 'opened' });
    // the award is a decision: the notice waits for the contracts, and they for the standstill
    expect((await award(lots[1]!.id)).body).toMatchObject({
      tenderStatus: 'awarded',
      award: { standstill: { days: 10 } },
    });
    const contract = (lotId: string) =>
      t.http.post(`${API}/tenders/${tenderId}/lots/${lotId}/contract`).set(region.coordinator.auth).send({});
    const early = await contract(lots[0]!.id);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('STANDSTILL_RUNNING');
    clock.advance(20 * 86_400_000);
    expect((await contract(lots[0]!.id)).body).toMatchObject({ awardNoticeIssued: false });
    // the last contracts would conclude the procedure: the winner's notice data is missing
    const refused = await contract(lots[1]!.id);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      `organisations.${supplierA.organisationId}.address.nuts3`,
      `organisations.${supplierA.organisationId}.size`,
    ]);
    await t.http
      .patch(`${API}/organisations/${supplierA.organisationId}/contact`)
      .set(supplierA.auth)
      .send({ companySize: 'medium', nuts3: 'DED41' })
      .expect(200);
    const last = await contract(lots[1]!.id);
    expect(last.status).toBe(201);
    expect(last.body.awardNoticeIssued).toBe(true);
    clock.reset();

    const list = await t.http.get(`${API}/tenders/${tenderId}/notices`).set(outsider.auth).expect(200);
    expect(list.body.items.map((n: { kind: string; subtype: string }) => [n.kind, n.subtype])).toEqual([
      ['contract', '16'],
      ['change', '16'],
      ['award', '29'],
    ]);
    const xml = await fetchXml(list.body.items[2].id, outsider);
    keep('award-notice.xml', xml);
    expect((await validateEformsSchema(xml)).errors).toEqual([]);
    // one contract per participating organisation and lot, the tenders received per lot
    expect(
      xml.match(/<efac:SettledContract>\s*<cbc:ID schemeName="contract">CON-\d{4}<\/cbc:ID>\s*<cbc:AwardDate>/g),
    ).toHaveLength(10);
    expect(xml.match(/<efbc:StatisticsNumeric>2<\/efbc:StatisticsNumeric>/g)?.length).toBeGreaterThanOrEqual(2);
    expect(xml).toContain('<efbc:CompanySizeCode listName="economic-operator-size">medium</efbc:CompanySizeCode>');
  });
});
