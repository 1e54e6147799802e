import ExcelJS from 'exceljs';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { addDays, addYears, berlinDate } from '@buendel/domain';
import { FrameworksService } from '@buendel/tendering';
import { createWorker } from '@buendel/worker';
import {
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
import { binaryBody } from '../support/import-files';
import { API, expectProblem, join, recordDemand } from '../support/bundling-api';
import { awaitMailsTo, mailsTo } from '../support/mail';

/**
 * Issue 16: a district runs a two-year framework agreement for printing paper for six
 * municipalities, with a maximum per participant. 200 concurrent call-offs against one maximum
 * never sum past it and the one past it gets 409 with what is left; 80 % of a maximum warns the
 * coordinator and the buyer (notification and mail); a call-off by ranking goes to the next
 * supplier when the first declines; a mini-competition between the two framework suppliers is
 * opened only at its deadline; the consumption per participant matches the call-offs (JSON and
 * XLSX); expiry warns 90 days before the term ends and ends the framework after it.
 */

const PAPER = '30197630-1';
const PACK = 'XPA';
const CONCURRENT = 200;

interface ItemView {
  id: string;
  cpvCode: string;
  unit: string;
  quantity: number;
}
interface LotView {
  id: string;
  key: string;
  items: ItemView[];
}
interface CallOffView {
  id: string;
  number: string;
  status: string;
  buyer: { id: string };
  supplier: { id: string } | null;
  items: Array<{ itemId: string; quantity: number; unitPriceEur: number | null; deliveredQuantity: number }>;
  valueEur: number | null;
}

describe('framework agreements with call-offs (issue 16)', () => {
  let t: TestApp;
  const clock = new TestClock();
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyers: TestUser[];
  let supplierA: TestUser;
  let supplierB: TestUser;
  let stranger: TestUser;
  let tenderId: string;
  let lot: LotView;
  let item: ItemView;
  let frameworkId: string;
  const today = berlinDate(new Date());
  const termTo = addDays(addYears(today, 2), -1);

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp({ clock }));
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 6);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    supplierA = await createUserWithRole(t, 'supplier');
    supplierB = await createUserWithRole(t, 'supplier');
    stranger = await createUserWithRole(t, 'supplier');
  });

  afterAll(async () => {
    clock.reset();
    await worker?.close();
    await t?.close();
  });

  it('bundles the paper of six municipalities and drafts the tender', async () => {
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Druckpapier 2027/28',
        cpvPrefix: '3019',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: today,
        deliveryTo: termTo,
      })
      .expect(201);
    for (const [i, buyer] of buyers.entries()) {
      const demand = await recordDemand(t, buyer, {
        cpvCode: PAPER,
        title: 'Druckpapier A4, 80 g/m², Blauer Engel',
        quantity: 100 * (i + 1),
        unit: PACK,
        unitPriceEur: 4.5,
        deliveryFrom: today,
        deliveryTo: termTo,
      });
      expect((await join(t, buyer, bundle.body.id, [demand.id])).status).toBe(201);
    }
    await t.http.post(`${API}/bundles/${bundle.body.id}/close`).set(region.coordinator.auth).expect(200);
    const draft = await t.http
      .post(`${API}/bundles/${bundle.body.id}/tender`)
      .set(region.coordinator.auth)
      .send({ submissionDeadline: new Date(Date.now() + 8_000).toISOString() })
      .expect(201);
    expect(draft.body.regime.scope).toBe('NATIONAL');
    tenderId = draft.body.id;
    lot = draft.body.lots[0];
    item = lot.items[0]!;
    expect(item).toMatchObject({ cpvCode: PAPER, unit: PACK, quantity: 2100 });
  });

  it('refuses a bad framework plan, naming every bad field', async () => {
    const raw = await t.http
      .put(`${API}/tenders/${tenderId}/framework`)
      .set(region.coordinator.auth)
      .send({ termFrom: '2027-02-30', termTo: 'bald', suppliersPerLot: 0, maximumPercent: 50, maxima: [{}] });
    expectProblem(raw, 400, [
      'termFrom',
      'termTo',
      'suppliersPerLot',
      'maximumPercent',
      'maxima.0.organisationId',
      'maxima.0.itemId',
      'maxima.0.maximumQuantity',
    ]);
    const rules = await t.http
      .put(`${API}/tenders/${tenderId}/framework`)
      .set(region.coordinator.auth)
      .set('accept-language', 'de')
      .send({
        termFrom: today,
        termTo: addYears(today, 5),
        termReason: 'zu kurz',
        maxima: [
          { organisationId: buyers[0]!.organisationId, itemId: item.id, maximumQuantity: 99 },
          { organisationId: stranger.organisationId, itemId: item.id, maximumQuantity: 500 },
        ],
      });
    expectProblem(rules, 400, ['termReason', 'maxima.0.maximumQuantity', 'maxima.1.itemId'], {
      termReason: /§ 21 Abs\. 6 VgV/,
      'maxima.0.maximumQuantity': /nicht unter der geschätzten Menge \(100\)/,
    });
  });

  it("names a plan's bad fields and the term's and maxima's problems of the others in one 400, with codes", async () => {
    const res = await t.http
      .put(`${API}/tenders/${tenderId}/framework`)
      .set(region.coordinator.auth)
      .send({
        termFrom: today,
        termTo: addYears(today, -1),
        suppliersPerLot: 0,
        maxima: [
          { organisationId: buyers[0]!.organisationId, itemId: item.id, maximumQuantity: -5 },
          { organisationId: stranger.organisationId, itemId: item.id, maximumQuantity: 500 },
        ],
      });
    const errors = expectProblem(res, 400, [
      'termTo',
      'suppliersPerLot',
      'maxima.0.maximumQuantity',
      'maxima.1.itemId',
    ]);
    expect(Object.fromEntries(errors.map((e) => [e.field, e.code]))).toMatchObject({
      termTo: 'TERM_TO_BEFORE_FROM',
      'maxima.1.itemId': 'NOT_AN_ITEM',
    });
    expect(res.body.code).not.toBe('VALIDATION_FAILED');
    const alone = await t.http
      .put(`${API}/tenders/${tenderId}/framework`)
      .set(region.coordinator.auth)
      .send({ termFrom: today, termTo: addYears(today, 2), suppliersPerLot: 0 });
    expectProblem(alone, 400, ['suppliersPerLot']);
    expect(alone.body.code).toBe('VALIDATION_FAILED');
  });

  it('plans a two-year framework with two suppliers and maxima; the participants read it', async () => {
    const res = await t.http
      .put(`${API}/tenders/${tenderId}/framework`)
      .set(region.coordinator.auth)
      .send({
        termFrom: today,
        termTo,
        suppliersPerLot: 2,
        maximumPercent: 120,
        maxima: [{ organisationId: buyers[1]!.organisationId, itemId: item.id, maximumQuantity: 300 }],
      })
      .expect(200);
    expect(res.body).toMatchObject({ termFrom: today, termTo, suppliersPerLot: 2, frameworkId: null });
    expect(res.body.callOffMethods).toEqual(['direct', 'ranking', 'mini-competition']);
    const of = (user: TestUser) =>
      res.body.quantities.find((q: { organisationId: string }) => q.organisationId === user.organisationId);
    expect(of(buyers[0]!)).toMatchObject({ estimatedQuantity: 100, maximumQuantity: 120 });
    expect(of(buyers[1]!)).toMatchObject({ estimatedQuantity: 200, maximumQuantity: 300 });
    expect(res.body.estimatedValueEur).toBe(2100 * 4.5);
    const read = await t.http.get(`${API}/tenders/${tenderId}/framework`).set(buyers[2]!.auth).expect(200);
    expect(read.body.quantities).toEqual(res.body.quantities);
    expect((await t.http.get(`${API}/tenders/${tenderId}/framework`).set(stranger.auth)).status).toBe(403);
  });

  it('puts the framework in force with the contracts: both suppliers in the ranking of the evaluation', async () => {
    await t.http.post(`${API}/tenders/${tenderId}/publish`).set(region.coordinator.auth).expect(200);
    const offer = (supplier: TestUser, price: number) =>
      t.http
        .post(`${API}/tenders/${tenderId}/offers`)
        .set(supplier.auth)
        .send({ lotId: lot.id, prices: [{ itemId: item.id, unitPriceEur: price }] })
        .expect(201);
    const a = await offer(supplierA, 3.9);
    await offer(supplierB, 4.2);
    // the plan is fixed once the tender is published
    const late = await t.http
      .put(`${API}/tenders/${tenderId}/framework`)
      .set(region.coordinator.auth)
      .send({ termFrom: today, termTo });
    expect(late.status).toBe(409);
    await eventually(async () => {
      const res = await t.http.get(`${API}/tenders/${tenderId}`).set(region.coordinator.auth);
      return res.body.status === 'opened' ? true : undefined;
    }, 40_000);
    await t.http
      .post(`${API}/tenders/${tenderId}/award`)
      .set(region.coordinator.auth)
      .send({ lotId: lot.id, offerId: a.body.id })
      .expect(200);
    const contract = await t.http
      .post(`${API}/tenders/${tenderId}/lots/${lot.id}/contract`)
      .set(region.coordinator.auth)
      .send({})
      .expect(201);
    expect(contract.body.contracts).toHaveLength(6);
    frameworkId = contract.body.frameworkId;
    expect(frameworkId).toEqual(expect.any(String));

    const f = await t.http.get(`${API}/frameworks/${frameworkId}`).set(region.coordinator.auth).expect(200);
    expect(f.body).toMatchObject({ status: 'active', termFrom: today, termTo, tenderId, mayCallOff: false });
    expect(f.body.number).toMatch(/^BUENDEL-[0-9A-F]{8}-RV$/);
    expect(
      f.body.lots[0].suppliers.map((s: { rank: number; organisationId: string }) => [s.rank, s.organisationId]),
    ).toEqual([
      [1, supplierA.organisationId],
      [2, supplierB.organisationId],
    ]);
    expect(
      (await t.http.get(`${API}/frameworks/${frameworkId}`).set(buyers[0]!.auth).expect(200)).body.mayCallOff,
    ).toBe(true);
    await t.http.get(`${API}/frameworks/${frameworkId}`).set(supplierB.auth).expect(200);
    expect((await t.http.get(`${API}/frameworks/${frameworkId}`).set(stranger.auth)).status).toBe(404);
    const list = await t.http.get(`${API}/frameworks`).set(buyers[5]!.auth).expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([frameworkId]);
  });

  it('lets only participating organisations call off', async () => {
    const res = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(region.coordinator.auth)
      .send({ lotId: lot.id, items: [{ itemId: item.id, quantity: 1 }] });
    expectProblem(res, 403);
    expect(res.body.code).toBe('FRAMEWORK_NOT_PARTICIPANT');
  });

  it('refuses bad call-offs with 400 naming every bad field', async () => {
    const raw = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyers[0]!.auth)
      .send({ lotId: 'los', method: 'telefon', items: [{ itemId: 'x', quantity: -1 }], submissionDeadline: 'morgen' });
    expectProblem(raw, 400, ['lotId', 'method', 'items.0.itemId', 'items.0.quantity', 'submissionDeadline']);
    const rules = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyers[0]!.auth)
      .send({
        lotId: lot.id,
        method: 'ranking',
        supplierOrganisationId: supplierA.organisationId,
        items: [
          { itemId: item.id, quantity: 1 },
          { itemId: item.id, quantity: 2 },
          { itemId: lot.id, quantity: 1 },
        ],
        submissionDeadline: new Date(Date.now() + 60_000).toISOString(),
      });
    expectProblem(rules, 400, ['supplierOrganisationId', 'items.1.itemId', 'items.2.itemId', 'submissionDeadline']);
    const noDeadline = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyers[0]!.auth)
      .send({ lotId: lot.id, method: 'mini-competition', items: [{ itemId: item.id, quantity: 1 }] });
    expectProblem(noDeadline, 400, ['submissionDeadline']);
  });

  it("names a call-off's bad fields and the lot's problems of the others in one 400, with codes", async () => {
    const res = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyers[0]!.auth)
      .set('Accept-Language', 'de')
      .send({
        lotId: lot.id,
        supplierOrganisationId: supplierA.organisationId,
        items: [
          { itemId: item.id, quantity: -1 },
          { itemId: lot.id, quantity: 1 },
        ],
        submissionDeadline: new Date(Date.now() + 60_000).toISOString(),
      });
    const errors = expectProblem(res, 400, ['items.0.quantity', 'items.1.itemId', 'submissionDeadline']);
    expect(Object.fromEntries(errors.map((e) => [e.field, e.code]))).toMatchObject({
      'items.1.itemId': 'NOT_AN_ITEM',
      submissionDeadline: 'ONLY_FOR_MINI_COMPETITION',
    });
    expect(res.body.code).not.toBe('VALIDATION_FAILED');
    // without a lot there is nothing to check the rest against: the validation's fields alone
    const noLot = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyers[0]!.auth)
      .send({ lotId: 'los', items: [{ itemId: lot.id, quantity: 1 }] });
    expectProblem(noLot, 400, ['lotId']);
    expect(noLot.body.code).toBe('VALIDATION_FAILED');
  });

  it(`${CONCURRENT} concurrent call-offs never sum past the maximum; the one past it gets 409 with what is left`, async () => {
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        t.http
          .post(`${API}/frameworks/${frameworkId}/call-offs`)
          .set(buyers[0]!.auth)
          .send({ lotId: lot.id, items: [{ itemId: item.id, quantity: 1 }] }),
      ),
    );
    const ms = Date.now() - started;
    const statuses = results.map((r) => r.status);
    const created = statuses.filter((s) => s === 201).length;
    const refused = statuses.filter((s) => s === 409).length;
    console.log(`${CONCURRENT} concurrent call-offs in ${ms} ms: ${created} ordered, ${refused} refused (409)`);
    expect(created).toBe(120);
    expect(refused).toBe(CONCURRENT - 120);
    const numbers = results.filter((r) => r.status === 201).map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(120);
    expect(results.find((r) => r.status === 201)?.body).toMatchObject({
      status: 'ordered',
      method: 'direct',
      supplier: { id: supplierA.organisationId },
      valueEur: 3.9,
    });
    const [sum] = await t.app.get(DataSource).query<Array<{ total: string }>>(
      `SELECT sum(ci.quantity)::text AS total FROM framework_call_off_items ci JOIN framework_call_offs a ON a.id = ci.call_off_id
         WHERE a.framework_id = $1 AND a.organisation_id = $2`,
      [frameworkId, buyers[0]!.organisationId],
    );
    expect(Number(sum!.total)).toBe(120);

    const past = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyers[0]!.auth)
      .set('accept-language', 'de')
      .send({ lotId: lot.id, items: [{ itemId: item.id, quantity: 1 }] });
    expectProblem(past, 409);
    expect(past.body.code).toBe('FRAMEWORK_MAXIMUM_EXCEEDED');
    expect(past.body.detail).toMatch(/noch 0 Packung abrufbar \(Höchstmenge 120 Packung\)/);
    expect(past.body.left).toEqual([
      expect.objectContaining({ itemId: item.id, leftQuantity: 0, maximumQuantity: 120, requestedQuantity: 1 }),
    ]);
  });

  it('warned the buyer and the coordinator at 80 % of the maximum, by notification and mail', async () => {
    for (const user of [buyers[0]!, region.coordinator]) {
      const notes = await t.http.get(`${API}/notifications`).set(user.auth).expect(200);
      expect(notes.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'framework.maximum-warning' })]),
      );
      const mails = await awaitMailsTo(user.email, 1, 30_000);
      const warning = mails.filter((m) => m.subject.startsWith('80 % der Höchstmenge abgerufen'));
      expect(warning).toHaveLength(1);
      expect(warning[0]!.text).toContain('Höchstmenge: 120 Packung');
    }
  });

  it('calls off by ranking: the first declines, the second accepts at its framework price', async () => {
    const res = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyers[1]!.auth)
      .send({ lotId: lot.id, method: 'ranking', items: [{ itemId: item.id, quantity: 10 }] })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'offered', supplier: { id: supplierA.organisationId }, offeredRank: 1 });
    const path = `${API}/frameworks/${frameworkId}/call-offs/${res.body.id}`;
    expect((await t.http.post(`${path}/accept`).set(supplierB.auth)).status).toBe(409);
    const declined = await t.http.post(`${path}/decline`).set(supplierA.auth).expect(200);
    expect(declined.body).toMatchObject({
      status: 'offered',
      supplier: { id: supplierB.organisationId },
      offeredRank: 2,
    });
    const accepted = await t.http.post(`${path}/accept`).set(supplierB.auth).expect(200);
    expect(accepted.body).toMatchObject({ status: 'ordered', valueEur: 42 });
    expect(accepted.body.items[0].unitPriceEur).toBe(4.2);
    expect((await t.http.post(`${path}/accept`).set(stranger.auth)).status).toBe(404);
  });

  it('opens a mini-competition between the two framework suppliers only at its deadline', async () => {
    const deadline = new Date(Date.now() + 5_000);
    const res = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyers[2]!.auth)
      .send({
        lotId: lot.id,
        method: 'mini-competition',
        submissionDeadline: deadline.toISOString(),
        items: [{ itemId: item.id, quantity: 200 }],
      })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'competition', supplier: null });
    const path = `${API}/frameworks/${frameworkId}/call-offs/${res.body.id}`;
    const none = await t.http.get(`${path}/offers/mine`).set(supplierA.auth).expect(200);
    expect(none.body).toEqual({ callOffId: res.body.id, submissionDeadline: deadline.toISOString(), offer: null });
    const bad = await t.http
      .post(`${path}/offers`)
      .set(supplierA.auth)
      .send({ prices: [{ itemId: lot.id, unitPriceEur: 0 }] });
    expectProblem(bad, 400, ['prices.0.unitPriceEur']);
    const incomplete = await t.http
      .post(`${path}/offers`)
      .set(supplierA.auth)
      .send({ prices: [{ itemId: lot.id, unitPriceEur: 3 }] });
    expectProblem(incomplete, 400, ['prices.0.itemId', 'prices']);
    const twice = await t.http
      .post(`${path}/offers`)
      .set(supplierA.auth)
      .set('accept-language', 'de')
      .send({
        prices: [
          { itemId: item.id, unitPriceEur: 3 },
          { itemId: item.id, unitPriceEur: 2.9 },
        ],
      });
    expectProblem(twice, 400, ['prices.1.itemId']);
    expect(twice.body.errors).toEqual([
      { field: 'prices.1.itemId', code: 'PRICED_TWICE', reason: 'hat schon einen Preis' },
    ]);
    const a = await t.http
      .post(`${path}/offers`)
      .set(supplierA.auth)
      .send({ prices: [{ itemId: item.id, unitPriceEur: 3.8 }] })
      .expect(201);
    const b = await t.http
      .post(`${path}/offers`)
      .set(supplierB.auth)
      .send({ prices: [{ itemId: item.id, unitPriceEur: 3.7 }] })
      .expect(201);
    expect(a.body.digest).toMatch(/^[0-9a-f]{64}$/);
    // replaced before the deadline
    await t.http
      .post(`${path}/offers`)
      .set(supplierB.auth)
      .send({ prices: [{ itemId: item.id, unitPriceEur: 3.6 }] })
      .expect(200);
    expect(
      (
        await t.http
          .post(`${path}/offers`)
          .set(stranger.auth)
          .send({ prices: [{ itemId: item.id, unitPriceEur: 1 }] })
      ).status,
    ).toBe(404);
    // each supplier reads its own receipt again (a reload), never the other's, and no content before the deadline
    const ownA = await t.http.get(`${path}/offers/mine`).set(supplierA.auth).expect(200);
    expect(ownA.body.offer).toEqual({ ...a.body, sealed: true, prices: null, totalEur: null });
    const ownB = await t.http.get(`${path}/offers/mine`).set(supplierB.auth).expect(200);
    expect(ownB.body.offer).toMatchObject({ offerId: b.body.offerId, version: 2, sealed: true, prices: null });
    expect(ownB.body.offer.digest).not.toBe(b.body.digest);
    expect(ownB.body.offer.digest).not.toBe(a.body.digest);
    expect((await t.http.get(`${path}/offers/mine`).set(stranger.auth)).status).toBe(404);
    expect((await t.http.get(`${path}/offers/mine`).set(buyers[2]!.auth)).status).toBe(403);
    expect((await t.http.get(`${path}/offers`).set(supplierA.auth)).status).toBe(403);
    const sealed = await t.http.get(`${path}/offers`).set(buyers[2]!.auth);
    expectProblem(sealed, 409);
    expect(sealed.body.code).toBe('CALL_OFF_OFFERS_SEALED');
    const early = await t.http.post(`${path}/award`).set(buyers[2]!.auth).send({ offerId: b.body.offerId });
    expect(early.status).toBe(409);
    const opened = await eventually(async () => {
      const r = await t.http.get(`${path}/offers`).set(buyers[2]!.auth);
      return r.status === 200 ? r : undefined;
    }, 20_000);
    expect(Date.now()).toBeGreaterThanOrEqual(deadline.getTime());
    expect(
      opened.body.offers.map((o: { supplier: { id: string }; totalEur: number; rank: number }) => [
        o.rank,
        o.supplier.id,
        o.totalEur,
      ]),
    ).toEqual([
      [1, supplierB.organisationId, 720],
      [2, supplierA.organisationId, 760],
    ]);
    // after the deadline a supplier reads its own prices, still only its own
    const openedA = await t.http.get(`${path}/offers/mine`).set(supplierA.auth).expect(200);
    expect(openedA.body.offer).toMatchObject({
      offerId: a.body.offerId,
      sealed: false,
      prices: [{ itemId: item.id, unitPriceEur: 3.8 }],
      totalEur: 760,
    });
    const openedB = await t.http.get(`${path}/offers/mine`).set(supplierB.auth).expect(200);
    expect(openedB.body.offer).toMatchObject({ sealed: false, prices: [{ itemId: item.id, unitPriceEur: 3.6 }] });
    const lateOffer = await t.http
      .post(`${path}/offers`)
      .set(supplierA.auth)
      .send({ prices: [{ itemId: item.id, unitPriceEur: 1 }] });
    expect(lateOffer.status).toBe(409);
    const notAnOffer = await t.http
      .post(`${path}/award`)
      .set(buyers[2]!.auth)
      .set('accept-language', 'de')
      .send({ offerId: '00000000-0000-4000-8000-000000000000' });
    expectProblem(notAnOffer, 400, ['offerId']);
    expect(notAnOffer.body.errors).toEqual([
      { field: 'offerId', code: 'NOT_AN_OFFER', reason: 'ist kein Angebot für diesen Abruf' },
    ]);
    const awarded = await t.http
      .post(`${path}/award`)
      .set(buyers[2]!.auth)
      .send({ offerId: b.body.offerId })
      .expect(200);
    expect(awarded.body).toMatchObject({
      status: 'ordered',
      supplier: { id: supplierB.organisationId },
      valueEur: 720,
    });
  });

  it('takes deliveries against a call-off, never more than called off', async () => {
    const own = await t.http.get(`${API}/frameworks/${frameworkId}/call-offs`).set(supplierA.auth).expect(200);
    const callOff = own.body.items.find((c: CallOffView) => c.status === 'ordered') as CallOffView;
    const path = `${API}/frameworks/${frameworkId}/call-offs/${callOff.id}/deliveries`;
    const delivered = await t.http
      .post(path)
      .set(supplierA.auth)
      .send({ deliveredOn: today, items: [{ itemId: item.id, quantity: 1 }] })
      .expect(201);
    expect(delivered.body.items[0].deliveredQuantity).toBe(1);
    const notAnItem = await t.http
      .post(path)
      .set(supplierA.auth)
      .set('accept-language', 'de')
      .send({ deliveredOn: today, items: [{ itemId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] });
    expectProblem(notAnItem, 400, ['items.0.itemId']);
    expect(notAnItem.body.errors).toEqual([
      { field: 'items.0.itemId', code: 'NOT_AN_ITEM', reason: 'ist keine Position dieses Abrufs' },
    ]);
    const more = await t.http
      .post(path)
      .set(supplierA.auth)
      .send({ deliveredOn: today, items: [{ itemId: item.id, quantity: 1 }] });
    expectProblem(more, 409);
    expect(
      (
        await t.http
          .post(path)
          .set(supplierB.auth)
          .send({ deliveredOn: today, items: [{ itemId: item.id, quantity: 1 }] })
      ).status,
    ).toBe(409);
    expectProblem(await t.http.post(path).set(supplierA.auth).send({ deliveredOn: '31.12.', items: [] }), 400, [
      'deliveredOn',
      'items',
    ]);
  });

  it('cancels a call-off before delivery, once under concurrency, and gives its quantity back', async () => {
    const buyer = buyers[5]!;
    const calledOff = async () => {
      const c = await t.http.get(`${API}/frameworks/${frameworkId}/consumption`).set(buyer.auth).expect(200);
      return c.body.items.find((r: { itemId: string }) => r.itemId === item.id).calledOffQuantity as number;
    };
    const before = await calledOff();
    const made = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs`)
      .set(buyer.auth)
      .send({ lotId: lot.id, items: [{ itemId: item.id, quantity: 25 }] })
      .expect(201);
    expect(await calledOff()).toBe(before + 25);
    const url = `${API}/frameworks/${frameworkId}/call-offs/${made.body.id}/cancel`;
    expectProblem(await t.http.post(url).set(buyer.auth).send({ reason: 7, extra: true }), 400, ['reason', 'extra']);
    expect((await t.http.post(url).set(supplierA.auth).send({})).status).toBe(403);
    expect((await t.http.post(url).set(buyers[4]!.auth).send({})).status).toBe(404);
    // 20 cancels at once: one wins, the others find it cancelled; the 25 come back once
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http.post(url).set(buyer.auth).set('accept-language', 'de').send({ reason: 'Doppelt bestellt' }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(19);
    expect(refused[0]!.body.code).toBe('CALL_OFF_WRONG_STATUS');
    expect(refused[0]!.body.detail).toContain('bereits storniert');
    expect(results.find((r) => r.status === 200)!.body.status).toBe('cancelled');
    expect(await calledOff()).toBe(before);
    const notes = await t.http.get(`${API}/notifications`).set(supplierA.auth).expect(200);
    expect(
      notes.body.items.some(
        (n: { kind: string; subjectId?: string; data?: { callOffId?: string } }) =>
          n.kind === 'framework.call-off.cancelled' && n.data?.callOffId === made.body.id,
      ),
    ).toBe(true);
    // a delivered call-off stays
    const held = await t.http.get(`${API}/frameworks/${frameworkId}/call-offs`).set(supplierA.auth).expect(200);
    const delivered = (held.body.items as CallOffView[]).find((c) => c.items.some((i) => i.deliveredQuantity > 0))!;
    const owner = buyers.find((b) => b.organisationId === delivered.buyer.id)!;
    const late = await t.http
      .post(`${API}/frameworks/${frameworkId}/call-offs/${delivered.id}/cancel`)
      .set(owner.auth)
      .send({});
    expectProblem(late, 409);
    expect(late.body.code).toBe('CALL_OFF_ALREADY_DELIVERED');
  });

  it('lists every ordered call-off as a contract of its buyer, its supplier and the coordinator', async () => {
    const all = await t.http.get(`${API}/frameworks/${frameworkId}/call-offs`).set(region.coordinator.auth).expect(200);
    const ordered = (all.body.items as Array<CallOffView & { orderedAt: string | null }>).filter(
      (c) => c.orderedAt !== null,
    );
    const contracts = async (user: TestUser, pageSize = 100) =>
      (await t.http.get(`${API}/contracts/call-offs`).query({ pageSize }).set(user.auth).expect(200)).body as {
        total: number;
        items: Array<
          CallOffView & { frameworkId: string; frameworkTitle: string; lotTitle: string; orderedAt: string }
        >;
      };
    const ranking = ordered.find((c) => c.buyer.id === buyers[1]!.organisationId)!;
    const ofBuyer = await contracts(buyers[1]!);
    expect(ofBuyer.total).toBe(ordered.filter((c) => c.buyer.id === buyers[1]!.organisationId).length);
    expect(ofBuyer.items.every((c) => c.buyer.id === buyers[1]!.organisationId)).toBe(true);
    expect(ofBuyer.items.find((c) => c.id === ranking.id)).toMatchObject({
      number: ranking.number,
      frameworkId,
      frameworkTitle: expect.any(String),
      lotTitle: expect.any(String),
      supplier: { id: supplierB.organisationId },
      status: 'ordered',
      valueEur: 42,
      items: [{ itemId: item.id, quantity: 10, unitPriceEur: 4.2 }],
    });
    const ofB = await contracts(supplierB);
    expect(ofB.total).toBe(ordered.filter((c) => c.supplier?.id === supplierB.organisationId).length);
    expect(ofB.items.every((c) => c.supplier?.id === supplierB.organisationId)).toBe(true);
    expect(ofB.items.map((c) => c.id)).toContain(ranking.id);
    const ofA = await contracts(supplierA);
    expect(ofA.items.some((c) => c.supplier?.id !== supplierA.organisationId)).toBe(false);
    // the cancelled call-off was a contract, and stays one for the record, cancelled
    const ofCancelling = await contracts(buyers[5]!);
    expect(ofCancelling.items.map((c) => c.status)).toContain('cancelled');
    // the coordinator sees every call-off contract of its framework, newest order first, a page at a time
    const ofCoordinator = await contracts(region.coordinator, 20);
    expect(ofCoordinator.total).toBe(ordered.length);
    expect(ofCoordinator.items).toHaveLength(Math.min(20, ordered.length));
    const times = ofCoordinator.items.map((c) => c.orderedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await contracts(stranger)).total).toBe(0);
    expectProblem(await t.http.get(`${API}/contracts/call-offs`).query({ pageSize: 0 }).set(supplierA.auth), 400, [
      'pageSize',
    ]);
  });

  it('reports the consumption per participant as the call-offs sum it, as JSON and XLSX', async () => {
    const all = await t.http.get(`${API}/frameworks/${frameworkId}/call-offs`).set(region.coordinator.auth).expect(200);
    const calledOff = new Map<string, number>();
    for (const c of all.body.items as CallOffView[])
      if (c.status !== 'failed' && c.status !== 'cancelled')
        calledOff.set(c.buyer.id, (calledOff.get(c.buyer.id) ?? 0) + c.items.reduce((s, i) => s + i.quantity, 0));
    const res = await t.http
      .get(`${API}/frameworks/${frameworkId}/consumption`)
      .set(region.coordinator.auth)
      .expect(200);
    expect(res.body.items).toHaveLength(6);
    for (const row of res.body.items) {
      expect(row.calledOffQuantity).toBe(calledOff.get(row.organisationId) ?? 0);
      expect(row.leftQuantity).toBe(row.maximumQuantity - row.calledOffQuantity);
    }
    const row = (user: TestUser) =>
      res.body.items.find((r: { organisationId: string }) => r.organisationId === user.organisationId);
    expect(row(buyers[0]!)).toMatchObject({
      estimatedQuantity: 100,
      maximumQuantity: 120,
      calledOffQuantity: 120,
      leftQuantity: 0,
      deliveredQuantity: 1,
      usedPercent: 100,
    });
    expect(row(buyers[1]!)).toMatchObject({ maximumQuantity: 300, calledOffQuantity: 10, orderedQuantity: 10 });
    expect(row(buyers[2]!)).toMatchObject({ maximumQuantity: 360, calledOffQuantity: 200 });
    // a participant reads its own row only
    const own = await t.http.get(`${API}/frameworks/${frameworkId}/consumption`).set(buyers[1]!.auth).expect(200);
    expect(own.body.items).toEqual([row(buyers[1]!)]);

    const xlsx = await t.http
      .get(`${API}/frameworks/${frameworkId}/consumption.xlsx`)
      .set(region.coordinator.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as never);
    const sheet = workbook.getWorksheet('Verbrauch')!;
    expect(sheet.rowCount).toBe(7);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const values = (name: string) =>
      Array.from({ length: 6 }, (_, k) => sheet.getRow(k + 2).getCell(header.indexOf(name) + 1).value);
    expect(values('Abgerufen')).toEqual(res.body.items.map((r: { calledOffQuantity: number }) => r.calledOffQuantity));
  });

  it('exports the framework in OCDS (techniques extension) and its call-offs as processes related to it', async () => {
    const tender = await t.http.get(`${API}/tenders/${tenderId}/ocds`).set(stranger.auth).expect(200);
    expect(tender.body.extensions).toContain(
      'https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json',
    );
    const release = tender.body.releases[0];
    expect(release.tender.techniques).toMatchObject({
      hasFrameworkAgreement: true,
      frameworkAgreement: {
        method: 'withAndWithoutReopeningCompetition',
        maximumParticipants: 2,
        period: { startDate: `${today}T00:00:00Z`, endDate: `${termTo}T23:59:59Z` },
        value: { currency: 'EUR' },
      },
    });
    // the maxima at the estimated price: 120 % of the estimate, 300 for the second municipality
    expect(release.tender.techniques.frameworkAgreement.value.amount).toBe((120 + 300 + 360 + 480 + 600 + 720) * 4.5);
    // and each participant's estimate and maximum, for which OCDS has no field, in its description
    const { description } = release.tender.techniques.frameworkAgreement as { description: string };
    expect(description).toMatch(/Geschätzte Mengen und Höchstmengen je Auftraggeber: .+, höchstens 300 /);
    expect(description.match(/höchstens/g)).toHaveLength(6);
    const calls = await t.http.get(`${API}/frameworks/${frameworkId}/ocds`).set(region.coordinator.auth).expect(200);
    // 122 call-offs and the cancelled one, which OCDS shows as a cancelled process without a contract
    expect(calls.body.releases.length).toBe(123);
    const cancelled = calls.body.releases.filter(
      (r: { tender: { status: string } }) => r.tender.status === 'cancelled',
    );
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].contracts ?? []).toEqual([]);
    for (const r of calls.body.releases)
      expect(r.relatedProcesses).toEqual([
        expect.objectContaining({ relationship: ['framework'], scheme: 'ocid', identifier: release.ocid }),
      ]);
    const competition = calls.body.releases.find((r: { tender: { competitive: boolean } }) => r.tender.competitive);
    expect(competition).toMatchObject({
      tag: ['award', 'contract'],
      contracts: [{ value: { amount: 720, currency: 'EUR' } }],
    });
    const own = await t.http.get(`${API}/frameworks/${frameworkId}/ocds`).set(buyers[1]!.auth).expect(200);
    expect(own.body.releases).toHaveLength(1);
  });

  it('gives a new bundle the estimate from this term', async () => {
    const res = await t.http
      .get(`${API}/frameworks/${frameworkId}/next-estimate`)
      .set(region.coordinator.auth)
      .expect(200);
    expect(res.body.items).toHaveLength(6);
    const first = res.body.items.find(
      (r: { organisationId: string }) => r.organisationId === buyers[0]!.organisationId,
    );
    // 120 called off on the first day of a two-year term: far more than the estimate of 100 for the next
    expect(first).toMatchObject({ cpvCode: PAPER, unit: PACK, calledOffQuantity: 120 });
    expect(first.estimatedQuantity).toBeGreaterThan(120);
    expectProblem(
      await t.http
        .get(`${API}/frameworks/${frameworkId}/next-estimate?termFrom=2030-01-01&termTo=2029-01-01`)
        .set(region.coordinator.auth),
      400,
      ['termTo'],
    );
  });

  it('starts the next bundle from this term in one step: a bundle and each participant a draft demand', async () => {
    const url = `${API}/frameworks/${frameworkId}/next-bundle`;
    expectProblem(
      await t.http
        .post(url)
        .set(region.coordinator.auth)
        .send({ joinDeadline: 'bald', termFrom: '2030-02-30', title: 5 }),
      400,
      ['joinDeadline', 'termFrom', 'title'],
    );
    expect((await t.http.post(url).set(buyers[0]!.auth).send({ joinDeadline: new Date().toISOString() })).status).toBe(
      403,
    );
    const estimate = await t.http
      .get(`${API}/frameworks/${frameworkId}/next-estimate`)
      .set(region.coordinator.auth)
      .expect(200);
    const res = await t.http
      .post(url)
      .set(region.coordinator.auth)
      .send({ joinDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString() })
      .expect(201);
    const nextFrom = addDays(termTo, 1);
    expect(res.body).toMatchObject({ termFrom: nextFrom, skipped: [] });
    expect(res.body.title).toContain('Druckpapier 2027/28 (');
    // one draft per participant that called off, with its next-term estimate at supplier A's framework price
    const called = (estimate.body.items as Array<{ organisationId: string; estimatedQuantity: number }>).filter(
      (i) => i.estimatedQuantity > 0,
    );
    expect(res.body.demands).toHaveLength(called.length);
    const own = res.body.demands.find(
      (d: { organisationId: string }) => d.organisationId === buyers[0]!.organisationId,
    );
    expect(own).toMatchObject({
      cpvCode: PAPER,
      unit: PACK,
      unitPriceEur: 3.9,
      quantity: called.find((i) => i.organisationId === buyers[0]!.organisationId)!.estimatedQuantity,
    });
    const bundle = await t.http.get(`${API}/bundles/${res.body.bundleId}`).set(region.coordinator.auth).expect(200);
    expect(bundle.body).toMatchObject({ status: 'open', deliveryFrom: nextFrom, deliveryTo: res.body.termTo });
    // the draft is the participant's: it publishes it and joins the new bundle
    const demand = await t.http.get(`${API}/demands/${own.id}`).set(buyers[0]!.auth).expect(200);
    expect(demand.body).toMatchObject({ status: 'draft', quantity: own.quantity, deliveryFrom: nextFrom });
    expect((await t.http.get(`${API}/demands/${own.id}`).set(buyers[1]!.auth)).status).toBe(404);
    await t.http.patch(`${API}/demands/${own.id}`).set(buyers[0]!.auth).send({ status: 'open' }).expect(200);
    expect((await join(t, buyers[0]!, res.body.bundleId, [own.id])).status).toBe(201);
    const notes = await t.http.get(`${API}/notifications`).set(buyers[0]!.auth).expect(200);
    expect(notes.body.items.some((n: { kind: string }) => n.kind === 'framework.next-bundle')).toBe(true);
  });

  it("names a participant without a delivery place among the skipped, with a code, in the reader's language", async () => {
    const db = t.app.get(DataSource);
    const [{ ags }] = await db.query(`SELECT ags FROM organisations WHERE id = $1`, [buyers[0]!.organisationId]);
    await db.query(`UPDATE organisations SET ags = NULL WHERE id = $1`, [buyers[0]!.organisationId]);
    try {
      const start = (language: string) =>
        t.http
          .post(`${API}/frameworks/${frameworkId}/next-bundle`)
          .set(region.coordinator.auth)
          .set('accept-language', language)
          .send({ joinDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString() })
          .expect(201);
      const skippedOf = (body: { skipped: Array<{ organisationId: string }> }) =>
        body.skipped.find((s) => s.organisationId === buyers[0]!.organisationId);
      expect(skippedOf((await start('en')).body)).toMatchObject({
        code: 'NO_DELIVERY_PLACE',
        reason: expect.stringMatching(/^The organisation has no AGS/),
      });
      expect(skippedOf((await start('de')).body)).toMatchObject({
        code: 'NO_DELIVERY_PLACE',
        reason: expect.stringMatching(/^Die Organisation hat keinen Amtlichen Gemeindeschlüssel/),
      });
    } finally {
      await db.query(`UPDATE organisations SET ags = $2 WHERE id = $1`, [buyers[0]!.organisationId, ags]);
    }
  });

  it('warns 90 days before the term ends and ends the framework after its term', async () => {
    const sweep = () => t.app.get(FrameworksService).sweep();
    const daysTo = (date: string) => (new Date(`${date}T12:00:00Z`).getTime() - Date.now()) / 86_400_000;
    try {
      clock.advance((daysTo(termTo) - 91) * 86_400_000);
      await sweep();
      expect((await t.http.get(`${API}/frameworks/${frameworkId}`).set(region.coordinator.auth)).body.status).toBe(
        'active',
      );
      clock.reset();
      clock.advance((daysTo(termTo) - 89) * 86_400_000);
      expect((await sweep()).warned).toBeGreaterThanOrEqual(1);
      const mails = await eventually(async () => {
        const got = (await mailsTo(buyers[3]!.email)).filter((m) =>
          m.subject.startsWith('Rahmenvereinbarung endet am'),
        );
        return got.length ? got : undefined;
      }, 30_000);
      expect(mails[0]!.text).toContain('Danach sind keine Abrufe mehr möglich');
      await sweep(); // once only
      const notes = await t.http.get(`${API}/notifications`).set(buyers[3]!.auth).expect(200);
      expect(notes.body.items.filter((n: { kind: string }) => n.kind === 'framework.expiry-warning')).toHaveLength(1);
      clock.reset();
      clock.advance((daysTo(termTo) + 1) * 86_400_000);
      const outside = await t.http
        .post(`${API}/frameworks/${frameworkId}/call-offs`)
        .set(buyers[3]!.auth)
        .send({ lotId: lot.id, items: [{ itemId: item.id, quantity: 1 }] });
      expect(outside.body.code).toBe('FRAMEWORK_OUTSIDE_TERM');
      expect((await sweep()).ended).toBeGreaterThanOrEqual(1);
      const f = await t.http.get(`${API}/frameworks/${frameworkId}`).set(region.coordinator.auth).expect(200);
      expect(f.body).toMatchObject({ status: 'expired', endReason: 'term' });
      const ended = await t.http
        .post(`${API}/frameworks/${frameworkId}/call-offs`)
        .set(buyers[3]!.auth)
        .send({ lotId: lot.id, items: [{ itemId: item.id, quantity: 1 }] });
      expectProblem(ended, 409);
      expect(ended.body.code).toBe('FRAMEWORK_ENDED');
    } finally {
      clock.reset();
    }
  });
});
