import { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  completeNoticeData,
  createTestApp,
  createTestRegion,
  createTestWorker,
  createUserWithRole,
  eventually,
  insertSignedInUsers,
  TestApp,
  TestClock,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, join, recordDemand } from '../support/bundling-api';
import { binaryBody } from '../support/import-files';
import { CaughtMail, mailsTo } from '../support/mail';

/**
 * The procedure of issue 10 from the demands to the contracts: e-vans, e-cars and wallboxes
 * from three municipalities, two lots with criteria of their own (a vehicle criterion on the
 * vehicles only, a warranty and a recycled content that carry values and earn points by a rule).
 * No wallbox offer is excluded for a vehicle criterion; an offer below a valued limit is. After
 * the award decision every bidder reads its information letter (§ 134 GWB) by e-mail on the
 * run's real SMTP server; a contract before the standstill ends is refused (409); afterwards
 * each municipality has its contracts and the supplier sees all of them.
 */

interface ItemView {
  id: string;
  cpvCode: string;
  unit: string;
  quantity: number;
  specificationKey: string | null;
  specificationText: string | null;
}
interface LotView {
  id: string;
  key: string;
  title: string;
  priceWeight: number;
  items: ItemView[];
}

const VAN = '34144900-7';
const CAR = '34144900-7';
const WALLBOX = '31158000-8';

describe('the procedure: lots with criteria of their own, valued criteria, award decision', () => {
  let t: TestApp;
  const clock = new TestClock();
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyers: TestUser[];
  let supplierA: TestUser;
  let supplierB: TestUser;
  let supplierC: TestUser;
  let bundleId: string;
  let tenderId: string;
  let vehicles: LotView;
  let wallboxes: LotView;
  const offers: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp({ clock }));
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 3);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    supplierA = await createUserWithRole(t, 'supplier');
    supplierB = await createUserWithRole(t, 'supplier');
    supplierC = await createUserWithRole(t, 'supplier');
    await completeNoticeData(t, [
      region.district.id,
      ...region.municipalities.map((m) => m.id),
      supplierA.organisationId,
      supplierB.organisationId,
      supplierC.organisationId,
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('bundles e-vans, e-cars and wallboxes of three municipalities', async () => {
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'E-Mobilität im Testkreis',
        cpvPrefix: '3414',
        additionalCpvPrefixes: ['3115'],
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    bundleId = bundle.body.id;
    const window = { deliveryFrom: '2027-03-01', deliveryTo: '2027-09-30' };
    for (const [i, buyer] of buyers.entries()) {
      const van = await recordDemand(t, buyer, {
        cpvCode: VAN,
        title: 'E-Transporter 3,5 t',
        specificationKey: 'e-transporter-3-5t',
        specificationText: 'E-Transporter 3,5 t',
        quantity: i + 1,
        unit: 'H87',
        unitPriceEur: 48_000,
        ...window,
      });
      const car = await recordDemand(t, buyer, {
        cpvCode: CAR,
        title: 'E-Kleinwagen',
        specificationKey: 'e-kleinwagen',
        specificationText: 'E-Kleinwagen',
        quantity: 2,
        unit: 'H87',
        unitPriceEur: 26_000,
        ...window,
      });
      const wallbox = await recordDemand(t, buyer, {
        cpvCode: WALLBOX,
        title: 'Wallbox 11 kW',
        quantity: 4,
        unit: 'H87',
        unitPriceEur: 1_200,
        ...window,
      });
      expect((await join(t, buyer, bundleId, [van.id, car.id, wallbox.id])).status).toBe(201);
    }
    await t.http.post(`${API}/bundles/${bundleId}/close`).set(region.coordinator.auth).expect(200);
    // the van and the car share a CPV code and a unit, yet are two items of the aggregate
    const aggregate = await eventually(async () => {
      const res = await t.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth).expect(200);
      return res.body.aggregate?.current && res.body.aggregate.demandCount === 9 ? res.body.aggregate : undefined;
    }, 30_000);
    expect(
      aggregate.lines.map((l: { cpvCode: string; specificationText: string | null; quantity: number }) => [
        l.cpvCode,
        l.specificationText,
        l.quantity,
      ]),
    ).toEqual([
      [WALLBOX, null, 12],
      [VAN, 'E-Kleinwagen', 6],
      [VAN, 'E-Transporter 3,5 t', 6],
    ]);
  });

  it('refuses the vehicle criterion on the wallbox lot, naming the lot, and a rule whose best is no better', async () => {
    const res = await t.http
      .post(`${API}/bundles/${bundleId}/tender`)
      .set(region.coordinator.auth)
      .set('accept-language', 'de')
      .send({
        submissionDeadline: new Date(Date.now() + 60_000).toISOString(),
        criteria: [
          { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification' },
          {
            code: 'WARRANTY_YEARS',
            phase: 'award',
            weight: 20,
            scoring: { rule: 'linear', floor: 6, best: 2 },
          },
        ],
        priceWeight: 80,
      });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        {
          field: 'criteria.0.lotKeys',
          reason: expect.stringMatching(/ZERO_EMISSION_VEHICLE gilt nur für CPV 341.*das Los P-3115/),
        },
        { field: 'criteria.1.scoring.best', reason: expect.stringMatching(/mehr ist besser/) },
      ]),
    );
  });

  it('drafts the tender: each lot with its own criteria, values and rules', async () => {
    const res = await t.http
      .post(`${API}/bundles/${bundleId}/tender`)
      .set(region.coordinator.auth)
      .send({
        submissionDeadline: new Date(Date.now() + 8_000).toISOString(),
        criteria: [
          { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification', lotKeys: ['P-3414'] },
          // at least two years of warranty on everything; more earns points on the vehicles
          { code: 'WARRANTY_YEARS', phase: 'specification', value: 2 },
          {
            code: 'WARRANTY_YEARS',
            phase: 'award',
            weight: 20,
            lotKeys: ['P-3414'],
            scoring: { rule: 'linear', floor: 2, best: 6 },
          },
          {
            code: 'RECYCLED_CONTENT_MIN',
            phase: 'award',
            weight: 20,
            lotKeys: ['P-3115'],
            scoring: {
              rule: 'thresholds',
              thresholds: [
                { value: 25, points: 10 },
                { value: 50, points: 20 },
              ],
            },
          },
        ],
        priceWeight: 80,
      });
    expect(res.status).toBe(201);
    tenderId = res.body.id;
    expect(res.body.regime.scope).toBe('EU');
    vehicles = res.body.lots.find((l: LotView) => l.key === 'P-3414');
    wallboxes = res.body.lots.find((l: LotView) => l.key === 'P-3115');
    expect(vehicles.priceWeight).toBe(80);
    expect(wallboxes.priceWeight).toBe(80);
    // items are products: the van and the car are two items, each with its own price in the offers
    expect(vehicles.items.map((i) => [i.cpvCode, i.specificationKey, i.specificationText, i.quantity])).toEqual([
      [CAR, 'e-kleinwagen', 'E-Kleinwagen', 6],
      [VAN, 'e-transporter-3-5t', 'E-Transporter 3,5 t', 6],
    ]);
    expect(wallboxes.items.map((i) => [i.cpvCode, i.specificationKey, i.quantity])).toEqual([[WALLBOX, null, 12]]);
    // lot titles come from the items (not "Vorschaltgeräte für Gasentladungslampen" for the chargers' prefix 3115)
    expect(wallboxes.title).toMatch(/^Los 1: Ladegeräte, \S/);
    expect(vehicles.title).toMatch(/^Los 2: Elektrofahrzeuge \(E-Kleinwagen, E-Transporter 3,5 t\), \S/);
    // the bundle's lot proposal titles them alike
    const bundle = await t.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth).expect(200);
    expect(
      Object.fromEntries(bundle.body.aggregate.lots.map((l: { key: string; title: string }) => [l.key, l.title])),
    ).toEqual({ [wallboxes.key]: wallboxes.title, [vehicles.key]: vehicles.title });
    const byCode = (code: string, phase: string) =>
      res.body.criteria.find((c: { code: string; phase: string }) => c.code === code && c.phase === phase);
    expect(byCode('ZERO_EMISSION_VEHICLE', 'specification').lotKeys).toEqual(['P-3414']);
    expect(byCode('WARRANTY_YEARS', 'specification')).toMatchObject({
      value: 2,
      lotKeys: ['P-3115', 'P-3414'].filter((k) => res.body.lots.some((l: LotView) => l.key === k)).sort(),
      rule: 'mindestens 2 Jahre',
    });
    expect(byCode('WARRANTY_YEARS', 'award').rule).toBe(
      'linear: 0 Punkte bei 2 Jahren oder weniger, 20 Punkte bei 6 Jahren oder mehr, dazwischen anteilig',
    );
    expect(byCode('RECYCLED_CONTENT_MIN', 'award').rule).toBe(
      'Schwellen: ab 25 %: 10 Punkte; ab 50 %: 20 Punkte; sonst 0 Punkte',
    );
    // placing the criteria again (a PATCH of the weights) keeps their values and rules
    const again = await t.http
      .patch(`${API}/tenders/${tenderId}`)
      .set(region.coordinator.auth)
      .send({ priceWeight: 80 })
      .expect(200);
    expect(again.body.criteria).toEqual(res.body.criteria);
    await t.http.post(`${API}/tenders/${tenderId}/publish`).set(region.coordinator.auth).expect(200);
    // a published tender's lots keep their titles
    const rename = await t.http
      .patch(`${API}/tenders/${tenderId}/lots/${wallboxes.id}`)
      .set(region.coordinator.auth)
      .send({ title: 'Los 1: Ladeinfrastruktur (Wallboxen)' });
    expect(rename.status).toBe(409);
  });

  it('takes offers with their values; a wallbox offer needs no vehicle criterion', async () => {
    const submit = (
      supplier: TestUser,
      lot: LotView,
      unitPrice: (item: ItemView) => number,
      criteria: string[],
      values: Array<{ code: string; value: number }>,
    ) =>
      t.http
        .post(`${API}/tenders/${tenderId}/offers`)
        .set(supplier.auth)
        .send({
          lotId: lot.id,
          prices: lot.items.map((i) => ({ itemId: i.id, unitPriceEur: unitPrice(i) })),
          criteria,
          values,
        });
    // the car costs half the van (the ratio of A's and B's totals stays 38/40)
    const vehiclePrice = (base: number) => (i: ItemView) =>
      i.specificationKey === 'e-transporter-3-5t' ? base : base / 2;
    const a = await submit(
      supplierA,
      vehicles,
      vehiclePrice(40_000),
      ['ZERO_EMISSION_VEHICLE'],
      [{ code: 'WARRANTY_YEARS', value: 4 }],
    );
    expect(a.status).toBe(201);
    offers['A-vehicles'] = a.body.id;
    const b = await submit(
      supplierB,
      vehicles,
      vehiclePrice(38_000),
      ['ZERO_EMISSION_VEHICLE'],
      [{ code: 'WARRANTY_YEARS', value: 2 }],
    );
    expect(b.status).toBe(201);
    offers['B-vehicles'] = b.body.id;
    const aw = await submit(
      supplierA,
      wallboxes,
      () => 1_000,
      [],
      [
        { code: 'WARRANTY_YEARS', value: 3 },
        { code: 'RECYCLED_CONTENT_MIN', value: 55 },
      ],
    );
    expect(aw.status).toBe(201);
    offers['A-wallboxes'] = aw.body.id;
    const cw = await submit(supplierC, wallboxes, () => 800, [], [{ code: 'WARRANTY_YEARS', value: 1 }]);
    expect(cw.status).toBe(201);
    offers['C-wallboxes'] = cw.body.id;
    // the vehicle criterion is none of the wallbox lot's; a value beyond the parameter's range is refused
    const bad = await submit(
      supplierB,
      wallboxes,
      () => 900,
      ['ZERO_EMISSION_VEHICLE'],
      [
        { code: 'ZERO_EMISSION_VEHICLE', value: 1 },
        { code: 'RECYCLED_CONTENT_MIN', value: 120 },
      ],
    ).set('accept-language', 'de');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        field: 'criteria.0',
        code: 'NOT_A_LOT_CRITERION',
        reason: 'ZERO_EMISSION_VEHICLE ist kein Kriterium dieses Loses',
      },
      {
        field: 'values.0.code',
        code: 'NOT_A_LOT_CRITERION',
        reason: 'ZERO_EMISSION_VEHICLE ist kein Kriterium dieses Loses',
      },
      { field: 'values.1.value', code: 'MAX', params: { max: 100 }, reason: 'darf höchstens 100 sein' },
    ]);
  });

  it('evaluates per lot: price and criteria points by the rules; only the warranty below the limit excludes', async () => {
    // the district has one coordinator: it names a second person of its own as witness, who confirms
    const [witness, another] = await insertSignedInUsers(t, [region.district, region.district], 'buyer');
    const startOpening = (witnessUserId: string) =>
      t.http
        .post(`${API}/tenders/${tenderId}/opening`)
        .set(region.coordinator.auth)
        .set('accept-language', 'de')
        .send({ witnessUserId });
    // oneself as the second person: a 400 with its own code, naming the field
    const self = await eventually(async () => {
      const res = await startOpening(region.coordinator.id);
      return res.status === 409 && res.body.code === 'OFFERS_SEALED' ? undefined : res;
    }, 30_000);
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({
      code: 'INVALID_OPENING_WITNESS',
      detail: 'Die Öffnung braucht eine zweite, andere Person Ihrer Organisation; das Feld nennt den Grund.',
      errors: [
        { field: 'witnessUserId', code: 'SAME_PERSON', reason: 'muss eine zweite Person sein, nicht Sie selbst' },
      ],
    });
    const stranger0 = await startOpening(buyers[0]!.id);
    expect(stranger0.status).toBe(400);
    expect(stranger0.body).toMatchObject({
      code: 'INVALID_OPENING_WITNESS',
      errors: [{ field: 'witnessUserId', code: 'NOT_OF_ORGANISATION', reason: 'ist keine Person Ihrer Organisation' }],
    });
    expect((await startOpening(witness!.id)).status).toBe(200);
    const again = await startOpening(witness!.id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'OPENING_ALREADY_STARTED',
      detail: 'Die Öffnung ist bereits begonnen; eine zweite Person bestätigt sie',
    });
    // the one who began cannot confirm, nor can another than the named second person
    const confirmBy = (user: { auth: Record<string, string> }) =>
      t.http.post(`${API}/tenders/${tenderId}/opening/confirm`).set(user.auth).set('accept-language', 'de').send({});
    const same = await confirmBy(region.coordinator);
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({
      code: 'OPENING_SAME_PERSON',
      detail: 'Die Öffnung muss eine zweite, andere Person bestätigen, nicht wer sie begonnen hat (§ 55 Abs. 2 VgV).',
    });
    const notNamed = await confirmBy(another!);
    expect(notNamed.status).toBe(409);
    expect(notNamed.body).toMatchObject({
      code: 'OPENING_NOT_WITNESS',
      detail: 'Die Öffnung bestätigt die zweite Person, die beim Beginn benannt wurde.',
      witnessUserId: witness!.id,
    });
    // the tender names who began and who is to confirm (the page of the second person shows it)
    const begun = await t.http.get(`${API}/tenders/${tenderId}`).set(region.coordinator.auth).expect(200);
    expect(begun.body.opening).toMatchObject({
      startedAt: expect.any(String),
      startedBy: { id: region.coordinator.id },
      witness: { id: witness!.id },
    });
    const stranger = await t.http.post(`${API}/tenders/${tenderId}/opening/confirm`).set(buyers[0]!.auth);
    expect(stranger.status).toBe(404);
    const confirmed = await t.http.post(`${API}/tenders/${tenderId}/opening/confirm`).set(witness!.auth).send({});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('opened');
    expect(confirmed.body.opening).toBeNull();
    const res = await t.http.get(`${API}/tenders/${tenderId}/offers`).set(region.coordinator.auth).expect(200);
    const lot = (id: string) => res.body.lots.find((l: { lotId: string }) => l.lotId === id);
    const v = lot(vehicles.id);
    expect(v.priceWeight).toBe(80);
    expect(v.awardCriteria).toEqual([
      {
        code: 'WARRANTY_YEARS',
        weight: 20,
        rule: 'linear: 0 Punkte bei 2 Jahren oder weniger, 20 Punkte bei 6 Jahren oder mehr, dazwischen anteilig',
      },
    ]);
    // A: 4 years of warranty = half of 20 points; 38,000/40,000 of the price's 80 points
    expect(v.offers.map((o: { offerId: string }) => o.offerId)).toEqual([offers['A-vehicles'], offers['B-vehicles']]);
    expect(v.offers[0].score).toMatchObject({
      rank: 1,
      pricePoints: 76,
      criteriaPoints: 10,
      criteriaBreakdown: { WARRANTY_YEARS: 10 },
      totalPoints: 86,
    });
    expect(v.offers[1].score).toMatchObject({ rank: 2, pricePoints: 80, criteriaPoints: 0, totalPoints: 80 });
    const w = lot(wallboxes.id);
    const a = w.offers.find((o: { offerId: string }) => o.offerId === offers['A-wallboxes']);
    const c = w.offers.find((o: { offerId: string }) => o.offerId === offers['C-wallboxes']);
    // no wallbox offer is excluded for the vehicle criterion; C's one year of warranty is below the limit of two
    expect(a).toMatchObject({ excluded: false, exclusionReasons: [] });
    expect(a.score).toMatchObject({ rank: 1, pricePoints: 80, criteriaPoints: 20, totalPoints: 100 });
    expect(a.values).toEqual([
      { code: 'WARRANTY_YEARS', value: 3 },
      { code: 'RECYCLED_CONTENT_MIN', value: 55 },
    ]);
    expect(c).toMatchObject({
      excluded: true,
      exclusionReasons: ['WARRANTY_YEARS: 1 angeboten, gefordert mindestens 2'],
    });
  });

  it("exports the evaluation's prices with each product named: the e-van and the e-car apart", async () => {
    const res = await t.http
      .get(`${API}/tenders/${tenderId}/evaluation.xlsx`)
      .set(region.coordinator.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
    const positions = new Set<string>();
    workbook.getWorksheet('Preise')!.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === vehicles.key) positions.add(String(row.getCell(4).value));
    });
    expect([...positions].sort()).toEqual([
      expect.stringMatching(/ – E-Kleinwagen$/),
      expect.stringMatching(/ – E-Transporter 3,5 t$/),
    ]);
  });

  it('decides the award of both lots for the best offers', async () => {
    for (const [lot, offer] of [
      [vehicles, offers['A-vehicles']],
      [wallboxes, offers['A-wallboxes']],
    ] as const) {
      const res = await t.http
        .post(`${API}/tenders/${tenderId}/award`)
        .set(region.coordinator.auth)
        .send({ lotId: lot.id, offerId: offer });
      expect(res.status).toBe(200);
      expect(res.body.award).toMatchObject({ bestRanked: true, supplierOrganisationId: supplierA.organisationId });
    }
  });

  it('mails every bidder its information letter: the winner, its own rank or exclusion, the earliest date', async () => {
    const lettersTo = (user: TestUser, count: number) =>
      eventually(async () => {
        const got = (await mailsTo(user.email)).filter((m) => m.subject.startsWith('Vorabinformation nach § 134 GWB'));
        return got.length >= count ? got : undefined;
      }, 30_000);
    const about = (mails: CaughtMail[], lot: LotView) => mails.find((m) => m.subject.includes(`Los ${lot.key}`));
    const [toB] = await lettersTo(supplierB, 1);
    expect(toB!.subject).toContain(`Los ${vehicles.key}`);
    expect(toB!.text).toContain('Ihr Angebot belegt Rang 2 von 2 mit 80,00 von 100 Punkten');
    expect(toB!.text).toMatch(/frühestens am \d{2}\.\d{2}\.\d{4}/);
    const [toC] = await lettersTo(supplierC, 1);
    expect(toC!.subject).toContain(`Los ${wallboxes.key}`);
    expect(toC!.text).toContain(
      'Ihr Angebot wurde ausgeschlossen: WARRANTY_YEARS: 1 angeboten, gefordert mindestens 2',
    );
    const toA = await lettersTo(supplierA, 2);
    for (const lot of [vehicles, wallboxes])
      expect(about(toA, lot)?.text).toContain('Der Zuschlag soll auf Ihr Angebot erteilt werden.');
    // both losers are told the winner's name
    const letters = await t.http
      .get(`${API}/tenders/${tenderId}/information-letters`)
      .set(region.coordinator.auth)
      .expect(200);
    const winnerName = letters.body.items.find((l: { outcome: string }) => l.outcome === 'awarded').supplierName;
    for (const mail of [toB!, toC!]) expect(mail.text).toContain(`auf das Angebot von ${winnerName}`);
  });

  it('refuses the contract before the standstill ends (409 with the earliest date)', async () => {
    const res = await t.http
      .post(`${API}/tenders/${tenderId}/lots/${vehicles.id}/contract`)
      .set(region.coordinator.auth)
      .send({});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'STANDSTILL_RUNNING', earliestConclusionAt: expect.any(String) });
    expect(new Date(res.body.earliestConclusionAt).getTime()).toBeGreaterThan(
      Date.now() + 10 * 86_400_000 - 86_400_000,
    );
  });

  it('after the standstill: each municipality has its contracts, and the supplier sees all of them', async () => {
    clock.advance(20 * 86_400_000);
    try {
      for (const lot of [vehicles, wallboxes]) {
        const res = await t.http
          .post(`${API}/tenders/${tenderId}/lots/${lot.id}/contract`)
          .set(region.coordinator.auth)
          .send({});
        expect(res.status).toBe(201);
        expect(res.body.contracts).toHaveLength(3);
      }
    } finally {
      clock.reset();
    }
    const all: string[] = [];
    for (const [i, buyer] of buyers.entries()) {
      const own = await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(buyer.auth).expect(200);
      expect(own.body.items).toHaveLength(2);
      for (const c of own.body.items) {
        expect(c).toMatchObject({ buyer: { id: buyer.organisationId }, supplier: { id: supplierA.organisationId } });
        // whom the buyer contacts about its deliveries: the supplier's address and contact point
        expect(c.supplierContact).toEqual({
          name: 'Vergabestelle',
          email: `vergabe-${supplierA.organisationId.slice(0, 8)}@example.de`,
          telephone: '+49 375 4402-0',
          address: { street: 'Markt 1', postalCode: '08056', city: 'Zwickau', country: 'DE' },
        });
        all.push(c.id);
      }
      const vehicleContract = own.body.items.find((c: { lotId: string }) => c.lotId === vehicles.id);
      // its vans at A's 40,000 and its two cars at A's 20,000: two items, two prices
      expect(
        vehicleContract.items.map((item: { specificationText: string; quantity: number; valueEur: number }) => [
          item.specificationText,
          item.quantity,
          item.valueEur,
        ]),
      ).toEqual([
        ['E-Kleinwagen', 2, 40_000],
        ['E-Transporter 3,5 t', i + 1, (i + 1) * 40_000],
      ]);
    }
    const held = await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(supplierA.auth).expect(200);
    expect(held.body.items.map((c: { id: string }) => c.id).sort()).toEqual(all.sort());
    const allocations = await t.http.get(`${API}/tenders/${tenderId}/allocations`).set(supplierA.auth).expect(200);
    expect(new Set(allocations.body.items.map((a: { organisationId: string }) => a.organisationId))).toEqual(
      new Set(buyers.map((b) => b.organisationId)),
    );
    const unitPrices = new Map<string, Set<number>>();
    for (const a of allocations.body.items as Array<{
      lotId: string;
      specificationText: string | null;
      quantity: number;
      valueEur: number;
    }>) {
      if (a.lotId !== vehicles.id) continue;
      const prices = unitPrices.get(a.specificationText ?? '') ?? new Set<number>();
      prices.add(a.valueEur / a.quantity);
      unitPrices.set(a.specificationText ?? '', prices);
    }
    expect(Object.fromEntries([...unitPrices].map(([k, v]) => [k, [...v]]))).toEqual({
      'E-Kleinwagen': [20_000],
      'E-Transporter 3,5 t': [40_000],
    });
    expect((await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(supplierB.auth)).status).toBe(404);
  });
});

describe('an unsuccessful lot releases its demands, which join a new bundle', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyers: TestUser[];
  let supplier: TestUser;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 2);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    supplier = await createUserWithRole(t, 'supplier');
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('awards the cars, sets the wallbox lot unsuccessful and returns its demands to open', async () => {
    const window = { deliveryFrom: '2027-03-01', deliveryTo: '2027-09-30' };
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Kleiner Fuhrpark',
        cpvPrefix: '3414',
        additionalCpvPrefixes: ['3115'],
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        ...window,
      })
      .expect(201);
    const wallboxDemands: string[] = [];
    for (const buyer of buyers) {
      const car = await recordDemand(t, buyer, {
        cpvCode: CAR,
        title: 'E-Kleinwagen',
        quantity: 1,
        unit: 'H87',
        unitPriceEur: 25_000,
        ...window,
      });
      const wallbox = await recordDemand(t, buyer, {
        cpvCode: WALLBOX,
        title: 'Wallbox',
        quantity: 2,
        unit: 'H87',
        unitPriceEur: 1_000,
        ...window,
      });
      wallboxDemands.push(wallbox.id);
      expect((await join(t, buyer, bundle.body.id, [car.id, wallbox.id])).status).toBe(201);
    }
    await t.http.post(`${API}/bundles/${bundle.body.id}/close`).set(region.coordinator.auth).expect(200);
    const draft = await t.http
      .post(`${API}/bundles/${bundle.body.id}/tender`)
      .set(region.coordinator.auth)
      .send({ submissionDeadline: new Date(Date.now() + 6_000).toISOString() })
      .expect(201);
    expect(draft.body.regime.scope).toBe('NATIONAL');
    const tenderId = draft.body.id;
    const cars = draft.body.lots.find((l: LotView) => l.key === 'P-3414') as LotView;
    await t.http.post(`${API}/tenders/${tenderId}/publish`).set(region.coordinator.auth).expect(200);
    // nobody bids for the wallboxes
    const offer = await t.http
      .post(`${API}/tenders/${tenderId}/offers`)
      .set(supplier.auth)
      .send({ lotId: cars.id, prices: cars.items.map((i) => ({ itemId: i.id, unitPriceEur: 24_000 })) })
      .expect(201);
    await eventually(async () => {
      const res = await t.http.get(`${API}/tenders/${tenderId}`).set(region.coordinator.auth);
      return res.body.status === 'opened' ? true : undefined;
    }, 30_000);
    const award = await t.http
      .post(`${API}/tenders/${tenderId}/award`)
      .set(region.coordinator.auth)
      .send({ lotId: cars.id, offerId: offer.body.id })
      .expect(200);
    expect(award.body.tenderStatus).toBe('awarded');
    const tender = await t.http.get(`${API}/tenders/${tenderId}`).set(region.coordinator.auth).expect(200);
    expect(tender.body.lots.find((l: LotView & { status: string }) => l.key === 'P-3115').status).toBe('unsuccessful');
    for (const [i, buyer] of buyers.entries()) {
      const demand = await t.http.get(`${API}/demands/${wallboxDemands[i]}`).set(buyer.auth).expect(200);
      expect(demand.body.status).toBe('open');
      const notes = await t.http.get(`${API}/notifications`).set(buyer.auth).expect(200);
      expect(notes.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'tender.lot.unsuccessful',
            title: expect.stringMatching(/^Kein Zuschlag für Los P-3115 .*: Ihre Bedarfe sind wieder offen$/),
          }),
        ]),
      );
    }
    const record = await t.http.get(`${API}/tenders/${tenderId}/record`).set(region.coordinator.auth).expect(200);
    expect(record.body.events.map((e: { action: string }) => e.action)).toContain('tender.lots.demands.released');

    // the released wallboxes join the next bundle
    const next = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Wallboxen, zweiter Anlauf',
        cpvPrefix: '3115',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        ...window,
      })
      .expect(201);
    for (const [i, buyer] of buyers.entries())
      expect((await join(t, buyer, next.body.id, [wallboxDemands[i]!])).status).toBe(201);
  });
});
