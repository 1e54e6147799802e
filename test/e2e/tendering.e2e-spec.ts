import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  adminToken,
  createTestApp,
  createTestRegion,
  createTestWorker,
  completeNoticeData,
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
import { mailsTo } from '../support/mail';
import { formatGermanDate, standstillAfter } from '@buendel/domain';
import { loadOcdsReleasePackageValidator } from '@buendel/domain/testing';

/**
 * A bundle runs to award: joint tender, publication, sealed offers from two suppliers (no one
 * reads them before the deadline, admins included), opening by the deadline job, evaluation,
 * award with and without the best offer, allocations that sum exactly to the awarded totals,
 * and an OCDS package that validates at every step.
 */
/** every number (as text) and every key of a JSON body, where a price would show */
function numbersAndKeysOf(body: unknown): { numbers: string[]; keys: string[] } {
  const numbers: string[] = [];
  const keys: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'number') numbers.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        keys.push(k);
        walk(inner);
      }
    }
  };
  walk(body);
  return { numbers, keys };
}

describe('joint tender from bundle to award', () => {
  let t: TestApp;
  const clock = new TestClock();
  let worker: INestApplicationContext;
  let db: DataSource;
  let region: TestRegion;
  let buyers: TestUser[];
  let supplierA: TestUser;
  let supplierB: TestUser;
  let foreignCoordinator: TestUser;
  let admin: Record<string, string>;
  let bundleId: string;
  let tenderId: string;
  let carLot: { id: string; items: Array<{ id: string; cpvCode: string; quantity: number }> };
  let chargerLot: { id: string; items: Array<{ id: string; cpvCode: string; quantity: number }> };
  const validate = loadOcdsReleasePackageValidator();
  const quantities = [3, 1, 2, 4]; // cars per municipality
  const offerIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp({ clock }));
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 4);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    supplierA = await createUserWithRole(t, 'supplier');
    supplierB = await createUserWithRole(t, 'supplier');
    foreignCoordinator = (await createTestRegion(t, 0)).coordinator;
    admin = { Authorization: `Bearer ${await adminToken(t)}` };
    // EU tenders start with their eForms notice, which names every organisation's address and contact
    await completeNoticeData(t, [
      region.district.id,
      ...region.municipalities.map((m) => m.id),
      supplierA.organisationId,
      supplierB.organisationId,
    ]);

    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'E-Fahrzeuge Testkreis',
        cpvPrefix: '3414',
        additionalCpvPrefixes: ['3115'],
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        mandatoryCriteria: ['ZERO_EMISSION_VEHICLE'],
      })
      .expect(201);
    bundleId = bundle.body.id;
    for (const [i, buyer] of buyers.entries()) {
      const car = await recordDemand(t, buyer, {
        cpvCode: '34144900-7',
        title: 'E-Auto',
        quantity: quantities[i]!,
        unit: 'H87',
        unitPriceEur: 30_000,
        deliveryFrom: '2027-03-01',
        deliveryTo: '2027-06-30',
        criteria: ['ZERO_EMISSION_VEHICLE'],
      });
      const charger = await recordDemand(t, buyer, {
        cpvCode: '31158000-8',
        title: 'Wallbox',
        quantity: 1,
        unit: 'H87',
        unitPriceEur: 1_500,
        deliveryFrom: '2027-03-01',
        deliveryTo: '2027-06-30',
      });
      expect((await join(t, buyer, bundleId, [car.id, charger.id])).status).toBe(201);
    }
    await t.http.post(`${API}/bundles/${bundleId}/close`).set(region.coordinator.auth).expect(200);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('refuses a tender for a bundle that is not closed, and drafts one from the closed bundle', async () => {
    const open = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Noch offen',
        cpvPrefix: '3414',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    const early = await t.http
      .post(`${API}/bundles/${open.body.id}/tender`)
      .set(region.coordinator.auth)
      .send({ submissionDeadline: new Date(Date.now() + 60_000).toISOString() });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('BUNDLE_NOT_CLOSED');
    const before = await t.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth).expect(200);
    expect(before.body.tenderId).toBeNull();

    // long enough for the steps before the opening on a loaded machine; the deadline job opens it
    const deadline = new Date(Date.now() + 15_000).toISOString();
    const res = await t.http
      .post(`${API}/bundles/${bundleId}/tender`)
      .set(region.coordinator.auth)
      .send({ submissionDeadline: deadline });
    expect(res.status).toBe(201);
    tenderId = res.body.id;
    expect(res.body).toMatchObject({
      status: 'draft',
      bundleId,
      procedureType: 'open',
      estimatedValueEur: 10 * 30_000 + 4 * 1_500,
    });
    expect(res.body.lots.map((l: { key: string }) => l.key).sort()).toEqual(['P-3115', 'P-3414']);
    carLot = res.body.lots.find((l: { key: string }) => l.key === 'P-3414');
    chargerLot = res.body.lots.find((l: { key: string }) => l.key === 'P-3115');
    expect(carLot.items).toEqual([expect.objectContaining({ cpvCode: '34144900-7', unit: 'H87', quantity: 10 })]);
    // the mandatory criterion sits in each of its phases, on the vehicles' lot only: price 70, the criterion 30;
    // the wallboxes are no vehicles and are awarded on the price alone
    expect(res.body.criteria).toEqual([
      expect.objectContaining({
        code: 'ZERO_EMISSION_VEHICLE',
        phase: 'specification',
        weight: null,
        lotKeys: ['P-3414'],
      }),
      expect.objectContaining({ code: 'ZERO_EMISSION_VEHICLE', phase: 'award', weight: 30, lotKeys: ['P-3414'] }),
    ]);
    expect(res.body.priceWeight).toBe(70);
    expect(carLot).toMatchObject({ priceWeight: 70 });
    expect(chargerLot).toMatchObject({ priceWeight: 100 });
    const again = await t.http
      .post(`${API}/bundles/${bundleId}/tender`)
      .set(region.coordinator.auth)
      .send({ submissionDeadline: deadline });
    expect(again.status).toBe(409);
    const bundle = await t.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth).expect(200);
    expect(bundle.body.status).toBe('tendering');
    // the bundle shows its tender, in its detail and in the list
    expect(bundle.body.tenderId).toBe(tenderId);
    const bundles = await t.http
      .get(`${API}/bundles`)
      .query({ status: 'tendering', pageSize: 100 })
      .set(buyers[0]!.auth)
      .expect(200);
    expect(bundles.body.items.find((b: { id: string }) => b.id === bundleId).tenderId).toBe(tenderId);
  });

  it('lists the tenders: the coordinator and the participants theirs with drafts, suppliers never a draft', async () => {
    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((i) => i.id);
    const own = await t.http.get(`${API}/tenders`).set(region.coordinator.auth).expect(200);
    expect(own.body).toMatchObject({ page: 1, pageSize: 20, total: 1 });
    expect(own.body.items[0]).toEqual({
      id: tenderId,
      bundleId,
      coordinatorOrganisationId: region.district.id,
      coordinatorName: region.district.name,
      status: 'draft',
      title: 'E-Fahrzeuge Testkreis',
      procedureType: 'open',
      procedureLabel: expect.stringContaining('EU-weit'),
      scope: 'EU',
      estimatedValueEur: expect.any(Number),
      lotCount: 2,
      submissionDeadline: expect.any(String),
      publishedAt: null,
      openedAt: null,
      awardedAt: null,
      cancelledAt: null,
    });
    for (const buyer of buyers) {
      const res = await t.http.get(`${API}/tenders`).query({ status: 'draft' }).set(buyer.auth).expect(200);
      expect(ids(res)).toEqual([tenderId]);
    }
    const byBundle = await t.http.get(`${API}/tenders`).query({ bundleId }).set(buyers[1]!.auth).expect(200);
    expect(ids(byBundle)).toEqual([tenderId]);
    const published = await t.http
      .get(`${API}/tenders`)
      .query({ status: 'published' })
      .set(region.coordinator.auth)
      .expect(200);
    expect(published.body.total).toBe(0);
    expect(ids(await t.http.get(`${API}/tenders`).set(foreignCoordinator.auth).expect(200))).not.toContain(tenderId);
    // a supplier sees no draft, not even asking for one
    const draft = await t.http.get(`${API}/tenders`).query({ status: 'draft' }).set(supplierA.auth).expect(200);
    expect(draft.body.total).toBe(0);
    const supplierView = await t.http.get(`${API}/tenders`).query({ bundleId }).set(supplierA.auth).expect(200);
    expect(supplierView.body.total).toBe(0);

    const bad = await t.http
      .get(`${API}/tenders`)
      .query({ status: 'sealed', bundleId: 'not-a-uuid', pageSize: 0, color: 'red' })
      .set('Accept-Language', 'de')
      .set(region.coordinator.auth)
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'bundleId',
      'color',
      'pageSize',
      'status',
    ]);
    expect(bad.body.errors.find((e: { field: string }) => e.field === 'bundleId').reason).toMatch(/UUID/);

    // the last municipality's buyer wants no mails of openings and awards (checked when they happen)
    await t.http
      .put(`${API}/auth/me/mail-preferences`)
      .set(buyers[3]!.auth)
      .send({ 'offers-opened': false, awards: false })
      .expect(200);
  });

  it('keeps a draft away from suppliers: no OCDS, no offers', async () => {
    expect((await t.http.get(`${API}/tenders/${tenderId}/ocds`).set(supplierA.auth)).status).toBe(404);
    expect((await t.http.get(`${API}/market/tenders/${tenderId}`).set(supplierA.auth)).status).toBe(404);
    expect((await t.http.get(`${API}/tenders/${tenderId}/offers/mine`).set(supplierA.auth)).status).toBe(404);
    const offer = await t.http
      .post(`${API}/tenders/${tenderId}/offers`)
      .set(supplierA.auth)
      .send({ lotId: carLot.id, prices: [{ itemId: carLot.items[0]!.id, unitPriceEur: 28_000 }] });
    expect(offer.status).toBe(404);
  });

  it('publishes, lists the tender in the market and exports a valid OCDS package', async () => {
    await t.http
      .post(`${API}/market/subscriptions`)
      .set(supplierA.auth)
      .send({ cpvPrefixes: ['3414'] })
      .expect(201);
    await t.http
      .post(`${API}/market/subscriptions`)
      .set(supplierB.auth)
      .send({ cpvPrefixes: ['3019'] })
      .expect(201);
    const res = await t.http.post(`${API}/tenders/${tenderId}/publish`).set(region.coordinator.auth).expect(200);
    // published: every supplier finds it in GET /tenders, without anything of the offers
    const listed = await t.http.get(`${API}/tenders`).query({ bundleId }).set(supplierB.auth).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: tenderId, status: 'published', lotCount: 2 })]);
    expect(Object.keys(listed.body.items[0])).not.toEqual(expect.arrayContaining(['lots']));
    expect(JSON.stringify(listed.body)).not.toMatch(/offer|price/i);
    expect(res.body.status).toBe('published');
    // the subscriber of 3414 hears of it (a job), the subscriber of paper does not
    const note = await eventually(async () => {
      const list = await t.http.get(`${API}/notifications`).set(supplierA.auth).expect(200);
      return list.body.items.find((n: { subjectId: string }) => n.subjectId === tenderId);
    });
    expect(note.kind).toBe('tender.published');
    const other = await t.http.get(`${API}/notifications`).set(supplierB.auth).expect(200);
    expect(other.body.items.find((n: { subjectId: string }) => n.subjectId === tenderId)).toBeUndefined();
    const market = await t.http
      .get(`${API}/market/tenders`)
      .query({ districtKey: region.districtKey })
      .set(supplierA.auth)
      .expect(200);
    expect(market.body.items.map((i: { id: string }) => i.id)).toContain(tenderId);
    const ocds = await t.http.get(`${API}/tenders/${tenderId}/ocds`).set(supplierA.auth).expect(200);
    expect(validate(ocds.body)).toEqual({ valid: true, errors: [] });
    const release = ocds.body.releases[0];
    expect(release.tag).toEqual(['tender']);
    const buyerIds = release.parties
      .filter((p: { roles: string[] }) => p.roles.includes('buyer'))
      .map((p: { id: string }) => p.id);
    expect(buyerIds).toEqual(expect.arrayContaining([region.district.id, ...buyers.map((b) => b.organisationId)]));
    expect(release.parties.find((p: { id: string }) => p.id === region.district.id).roles).toEqual(
      expect.arrayContaining(['procuringEntity', 'buyer', 'leadBuyer']),
    );
  });

  it('takes sealed offers and their replacements; the stored bytes do not show the prices', async () => {
    const submit = (supplier: TestUser, lot: typeof carLot, price: number, criteria: string[]) =>
      t.http
        .post(`${API}/tenders/${tenderId}/offers`)
        .set(supplier.auth)
        .send({ lotId: lot.id, prices: lot.items.map((i) => ({ itemId: i.id, unitPriceEur: price })), criteria });
    const a1 = await submit(supplierA, carLot, 29_500, ['ZERO_EMISSION_VEHICLE']);
    expect(a1.status).toBe(201);
    expect(a1.body).toMatchObject({ version: 1, sealed: true });
    const a2 = await submit(supplierA, carLot, 28_750.5, ['ZERO_EMISSION_VEHICLE']);
    expect(a2.status).toBe(200);
    expect(a2.body).toMatchObject({ id: a1.body.id, version: 2 });
    expect(a2.body.digest).not.toBe(a1.body.digest);
    // the supplier checks its receipt from what it sent: the digest is salted, per submission
    const sent = {
      prices: carLot.items.map((i) => ({ itemId: i.id, unitPriceEur: 28_750.5 })),
      criteria: ['ZERO_EMISSION_VEHICLE'],
    };
    const expected = createHash('sha256')
      .update(
        `buendel-offer-receipt-v2|${a2.body.salt}|${tenderId}|${carLot.id}|${a2.body.id}|v2|${JSON.stringify(sent)}`,
      )
      .digest('hex');
    expect(a2.body.digest).toBe(expected);
    const [stored] = await db.query<Array<{ digest: string; digest_salt: string }>>(
      `SELECT digest, digest_salt FROM offers WHERE id = $1`,
      [a2.body.id],
    );
    expect(stored).toEqual({ digest: expected, digest_salt: a2.body.salt });
    const b = await submit(supplierB, carLot, 27_900, ['ZERO_EMISSION_VEHICLE']);
    expect(b.status).toBe(201);
    // the vehicle criterion is no criterion of the wallbox lot
    const vehicleCriterion = await submit(supplierA, chargerLot, 1_390, ['ZERO_EMISSION_VEHICLE']);
    expect(vehicleCriterion.status).toBe(400);
    expect(vehicleCriterion.body.errors).toEqual([
      {
        field: 'criteria.0',
        code: 'NOT_A_LOT_CRITERION',
        reason: 'ZERO_EMISSION_VEHICLE is not a criterion of this lot',
      },
    ]);
    const aCharger = await submit(supplierA, chargerLot, 1_390, []);
    expect(aCharger.status).toBe(201);
    offerIds['A-car'] = a1.body.id;
    offerIds['B-car'] = b.body.id;
    offerIds['A-charger'] = aCharger.body.id;

    const bad = await submit(supplierB, chargerLot, 0, []);
    expect(bad.status).toBe(400);
    const rows = await db.query<Array<{ ciphertext: Buffer }>>(`SELECT ciphertext FROM offers WHERE tender_id = $1`, [
      tenderId,
    ]);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.ciphertext.toString('latin1')).not.toMatch(/2875|2790|1390|unitPrice/);
  });

  it("shows a bidder the published tender and its own receipts, none of another's", async () => {
    const detail = await t.http.get(`${API}/market/tenders/${tenderId}`).set(supplierB.auth).expect(200);
    expect(detail.body).toMatchObject({ id: tenderId, status: 'published' });
    const lotOrder: string[] = detail.body.lots.map((l: { id: string }) => l.id);
    expect([...lotOrder].sort()).toEqual([carLot.id, chargerLot.id].sort());
    expect(detail.body.lots[0].items[0].deliveryAgs.length).toBeGreaterThan(0);
    expect(detail.body.criteria.map((c: { code: string }) => c.code)).toContain('ZERO_EMISSION_VEHICLE');
    expect(JSON.stringify(detail.body)).not.toMatch(/unitPrice|offerId/);

    const mineA = await t.http.get(`${API}/tenders/${tenderId}/offers/mine`).set(supplierA.auth).expect(200);
    // in the tender's lot order, the latest version of each
    const versions: Record<string, number> = { [carLot.id]: 2, [chargerLot.id]: 1 };
    expect(mineA.body.items.map((r: { lotId: string; version: number }) => [r.lotId, r.version])).toEqual(
      lotOrder.map((lot) => [lot, versions[lot]]),
    );
    const [stored] = await db.query<Array<{ digest: string; digest_salt: string }>>(
      `SELECT digest, digest_salt FROM offers WHERE id = $1`,
      [offerIds['A-car']],
    );
    expect(mineA.body.items.find((r: { lotId: string }) => r.lotId === carLot.id)).toMatchObject({
      digest: stored!.digest,
      salt: stored!.digest_salt,
      sealed: true,
    });
    expect(JSON.stringify(mineA.body)).not.toMatch(/2875|unitPrice/);
    const mineB = await t.http.get(`${API}/tenders/${tenderId}/offers/mine`).set(supplierB.auth).expect(200);
    expect(mineB.body.items.map((r: { id: string }) => r.id)).toEqual([offerIds['B-car']]);

    // the market list narrows to tenders that still take offers and by their deadline (Berlin days)
    const open = await t.http.get(`${API}/market/tenders`).query({ open: true }).set(supplierA.auth).expect(200);
    expect(open.body.items.map((i: { id: string }) => i.id)).toContain(tenderId);
    const deadline = new Date(detail.body.submissionDeadline);
    const berlinDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const onTheDay = await t.http
      .get(`${API}/market/tenders`)
      .query({ deadlineBefore: berlinDay(deadline) })
      .set(supplierA.auth)
      .expect(200);
    expect(onTheDay.body.items.map((i: { id: string }) => i.id)).toContain(tenderId);
    const dayBefore = await t.http
      .get(`${API}/market/tenders`)
      .query({ deadlineBefore: berlinDay(new Date(deadline.getTime() - 86_400_000)) })
      .set(supplierA.auth)
      .expect(200);
    expect(dayBefore.body.items.map((i: { id: string }) => i.id)).not.toContain(tenderId);
  });

  it('lets nobody read an offer before the deadline, not even an admin', async () => {
    const asCoordinator = await t.http.get(`${API}/tenders/${tenderId}/offers`).set(region.coordinator.auth);
    expect(asCoordinator.status).toBe(409);
    expect(asCoordinator.body.code).toBe('OFFERS_SEALED');
    expect((await t.http.get(`${API}/tenders/${tenderId}/offers`).set(admin)).status).toBe(403);
    expect((await t.http.get(`${API}/tenders/${tenderId}/offers`).set(supplierA.auth)).status).toBe(403);
    expect((await t.http.get(`${API}/tenders/${tenderId}/offers`).set(buyers[0]!.auth)).status).toBe(403);
    expect((await t.http.get(`${API}/tenders/${tenderId}/offers`).set(foreignCoordinator.auth)).status).toBe(404);
    // the evaluation page's one request: the tender, and nothing of the offers while they are sealed
    const sealed = await t.http.get(`${API}/tenders/${tenderId}/evaluation`).set(region.coordinator.auth).expect(200);
    expect(sealed.body.tender).toMatchObject({ id: tenderId, status: 'published' });
    expect(Object.keys(sealed.body)).toEqual(['tender']);
    expect((await t.http.get(`${API}/tenders/${tenderId}/evaluation`).set(supplierA.auth)).status).toBe(403);
    expect((await t.http.get(`${API}/tenders/${tenderId}/evaluation`).set(buyers[0]!.auth)).status).toBe(403);
    expect((await t.http.get(`${API}/tenders/${tenderId}/evaluation`).set(foreignCoordinator.auth)).status).toBe(404);
    const record = await t.http.get(`${API}/tenders/${tenderId}/record`).set(region.coordinator.auth).expect(200);
    // the sealed prices (28,750.50, 27,900, 1,390 and their totals) are in no number and under no price key;
    // the record's identifiers, names and AGS are left out: their random digits are no prices
    const { numbers, keys } = numbersAndKeysOf(record.body);
    expect(numbers.filter((n) => /2875|2790|1390/.test(n))).toEqual([]);
    expect(keys.filter((k) => /unitPrice|totalEur/.test(k))).toEqual([]);
    expect(record.body.opening).toBeNull();
    expect(
      (
        await t.http
          .post(`${API}/tenders/${tenderId}/award`)
          .set(region.coordinator.auth)
          .send({ lotId: carLot.id, offerId: offerIds['B-car'] })
      ).status,
    ).toBe(409);
  });

  it('opens the EU offers by two people of the coordinating organisation, and refuses late offers', async () => {
    // the deadline passes, but an EU procedure's offers wait for two people (§ 55 Abs. 2 VgV)
    const second = (await insertSignedInUsers(t, [region.district], 'coordinator'))[0]!;
    await db.query(`UPDATE users SET name = 'Sabine Hoffmann' WHERE id = $1`, [second.id]);
    const alone = await eventually(async () => {
      const res = await t.http.post(`${API}/tenders/${tenderId}/opening`).set(region.coordinator.auth).send({});
      return res.status === 409 && res.body.code === 'OFFERS_SEALED' ? undefined : res;
    }, 40_000);
    expect(alone.status).toBe(200);
    expect((await t.http.get(`${API}/tenders/${tenderId}`).set(region.coordinator.auth)).body.status).toBe('published');
    const same = await t.http
      .post(`${API}/tenders/${tenderId}/opening/confirm`)
      .set(region.coordinator.auth)
      .set('accept-language', 'de')
      .send({});
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('OPENING_SAME_PERSON');
    expect(same.body.detail).toBe(
      'Die Öffnung muss eine zweite, andere Person bestätigen, nicht wer sie begonnen hat (§ 55 Abs. 2 VgV).',
    );
    const foreign = await t.http.post(`${API}/tenders/${tenderId}/opening/confirm`).set(foreignCoordinator.auth);
    expect(foreign.status).toBe(404);
    const confirm = await t.http.post(`${API}/tenders/${tenderId}/opening/confirm`).set(second.auth).send({});
    expect(confirm.status).toBe(200);
    const opened = confirm.body;
    expect(opened.status).toBe('opened');
    const [byTwo] = await db.query<Array<{ data: { openedBy: string[] } }>>(
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'tender.opened'`,
      [tenderId],
    );
    expect(byTwo!.data.openedBy).toEqual([region.coordinator.id, second.id]);
    expect(new Date(opened.openedAt).getTime()).toBeGreaterThanOrEqual(new Date(opened.submissionDeadline).getTime());
    const late = await t.http
      .post(`${API}/tenders/${tenderId}/offers`)
      .set(supplierB.auth)
      .send({ lotId: chargerLot.id, prices: [{ itemId: chargerLot.items[0]!.id, unitPriceEur: 1_000 }] });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SUBMISSION_CLOSED');
    const [event] = await db.query<Array<{ data: { offersPerLot: Record<string, number> } }>>(
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'tender.opened'`,
      [tenderId],
    );
    expect(event!.data.offersPerLot).toEqual({ 'P-3115': 1, 'P-3414': 2 });
  });

  it('shows the coordinator the opened offers, scored with their parts', async () => {
    const res = await t.http.get(`${API}/tenders/${tenderId}/offers`).set(region.coordinator.auth).expect(200);
    const cars = res.body.lots.find((l: { lotId: string }) => l.lotId === carLot.id);
    expect(cars.offers.map((o: { offerId: string }) => o.offerId)).toEqual([offerIds['B-car'], offerIds['A-car']]);
    expect(cars.offers[0]).toMatchObject({
      totalEur: 279_000,
      excluded: false,
      score: { rank: 1, pricePoints: 70, criteriaPoints: 30, totalPoints: 100 },
    });
    expect(cars.offers[1]).toMatchObject({ totalEur: 287_505, version: 2, score: { rank: 2 } });
    expect(cars.offers[1].score.pricePoints).toBeCloseTo((70 * 279_000) / 287_505, 2);
    // the evaluation page's one request answers the same offers beside the tender, no letter or contract yet
    const evaluation = await t.http
      .get(`${API}/tenders/${tenderId}/evaluation`)
      .set(region.coordinator.auth)
      .expect(200);
    expect(evaluation.body.tender).toMatchObject({ id: tenderId, status: 'opened' });
    expect(evaluation.body.offers).toEqual(res.body);
    expect(evaluation.body.informationLetters).toEqual({ tenderId, items: [] });
    expect(evaluation.body.contracts).toEqual({ items: [] });
  });

  it('needs a written reason to pass over the best offer; awards each lot; the tender is awarded', async () => {
    const noReason = await t.http
      .post(`${API}/tenders/${tenderId}/award`)
      .set(region.coordinator.auth)
      .send({ lotId: carLot.id, offerId: offerIds['A-car'] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const car = await t.http.post(`${API}/tenders/${tenderId}/award`).set(region.coordinator.auth).send({
      lotId: carLot.id,
      offerId: offerIds['A-car'],
      reason: 'Bieter B konnte die geforderte Lieferzeit nicht nachweisen.',
    });
    expect(car.status).toBe(200);
    expect(car.body).toMatchObject({ tenderStatus: 'opened', award: { bestRanked: false, valueEur: 287_505 } });
    const twice = await t.http
      .post(`${API}/tenders/${tenderId}/award`)
      .set(region.coordinator.auth)
      .send({ lotId: carLot.id, offerId: offerIds['B-car'] });
    expect(twice.status).toBe(409);
    const charger = await t.http
      .post(`${API}/tenders/${tenderId}/award`)
      .set(region.coordinator.auth)
      .send({ lotId: chargerLot.id, offerId: offerIds['A-charger'] });
    expect(charger.body).toMatchObject({ tenderStatus: 'awarded', award: { bestRanked: true, valueEur: 5_560 } });
    const bundle = await t.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth).expect(200);
    expect(bundle.body.status).toBe('awarded');
  });

  it('sends every bidder of a lot its information letter (§ 134 GWB) with the earliest date of conclusion', async () => {
    const all = await t.http
      .get(`${API}/tenders/${tenderId}/information-letters`)
      .set(region.coordinator.auth)
      .expect(200);
    expect(all.body.items).toHaveLength(3);
    const carLetters = all.body.items.filter((l: { lotId: string }) => l.lotId === carLot.id);
    const toB = carLetters.find((l: { offerId: string }) => l.offerId === offerIds['B-car']);
    const toA = carLetters.find((l: { offerId: string }) => l.offerId === offerIds['A-car']);
    expect(toA).toMatchObject({ outcome: 'awarded', reasons: [] });
    // B ranked first, and is told so and why the award went to A anyway
    expect(toB).toMatchObject({ outcome: 'not-awarded', rank: 1 });
    expect(toB.reasons.join(' ')).toMatch(/Lieferzeit/);
    expect(toB.body).toContain(toA.supplierName);
    // an EU procedure, sent on the platform: 10 calendar days, then midnight in Berlin
    const standstill = standstillAfter(new Date(toB.sentAt), 10);
    expect(toB.earliestConclusionAt).toBe(standstill.earliestConclusionAt.toISOString());
    expect(toB.body).toContain(`frühestens am ${formatGermanDate(standstill.earliestConclusionDate)}`);
    // a bidder reads its own letters only, in the API and in its notifications
    const mine = await t.http.get(`${API}/tenders/${tenderId}/information-letters`).set(supplierB.auth).expect(200);
    expect(mine.body.items.map((l: { id: string }) => l.id)).toEqual([toB.id]);
    const notes = await t.http.get(`${API}/notifications`).set(supplierB.auth).expect(200);
    expect(notes.body.items.find((n: { kind: string }) => n.kind === 'tender.information-letter')).toMatchObject({
      subjectId: carLot.id,
    });
    expect(
      (await t.http.get(`${API}/tenders/${tenderId}/information-letters`).set(foreignCoordinator.auth)).status,
    ).toBe(404);
    // the evaluation page's one request carries the same letters (their mailing goes on meanwhile)
    const evaluation = await t.http
      .get(`${API}/tenders/${tenderId}/evaluation`)
      .set(region.coordinator.auth)
      .expect(200);
    expect(evaluation.body.tender.status).toBe('awarded');
    const letterIds = (body: { items: Array<{ id: string; outcome: string }> }) =>
      body.items.map((l) => `${l.id} ${l.outcome}`);
    expect(letterIds(evaluation.body.informationLetters)).toEqual(letterIds(all.body));
  });

  it('mails the opening and the award decision to participants and bidders, as each chose', async () => {
    const mailed = (user: TestUser, subject: string, count = 1) =>
      eventually(async () => {
        const got = (await mailsTo(user.email)).filter((m) => m.subject.startsWith(subject));
        return got.length >= count ? got : undefined;
      }, 30_000);
    // opened by two: the participants read how many offers each lot has, and who opened
    for (const user of [region.coordinator, ...buyers.slice(0, 3)]) {
      const [opened] = await mailed(user, 'Angebote geöffnet: E-Fahrzeuge Testkreis');
      expect(opened!.text).toContain('(Max Mustermann und Sabine Hoffmann)');
      expect(opened!.text).toMatch(/: 2 Angebote/);
    }
    // a bidder reads that its offer is there, nothing of the others
    const [toB] = await mailed(supplierB, 'Angebote geöffnet');
    expect(toB!.text).toContain('Ihr Angebot liegt vor und wird geprüft');
    expect(toB!.text).not.toMatch(/\d Angebote?\b/);
    // the award decision: each municipality its share, the winner that it won
    const [decision] = await mailed(buyers[0]!, 'Zuschlag erteilt', 2);
    expect(decision!.text).toContain('Anteil Ihrer Organisation (netto)');
    const won = await mailed(supplierA, 'Zuschlag erteilt', 2);
    expect(won.map((m) => m.text).every((text) => text.includes('erhält den Zuschlag'))).toBe(true);
    // who switched the two categories off got neither, but its information letters would still come
    const optedOut = await mailsTo(buyers[3]!.email);
    expect(optedOut.filter((m) => /^(Angebote geöffnet|Zuschlag erteilt)/.test(m.subject))).toEqual([]);
  });

  it('mails every bidder its information letter through the real SMTP server, as written', async () => {
    const letters = async (user: TestUser, count: number) =>
      eventually(async () => {
        const got = (await mailsTo(user.email)).filter((m) => m.subject.startsWith('Vorabinformation nach § 134 GWB'));
        return got.length >= count ? got : undefined;
      }, 30_000);
    const [toB] = await letters(supplierB, 1);
    expect(toB!.subject).toContain('Ihr Angebot wird nicht berücksichtigt');
    expect(toB!.text).toContain('Der Zuschlag soll auf das Angebot von');
    expect(toB!.text).toContain('Lieferzeit');
    expect(toB!.text).toMatch(/frühestens am \d{2}\.\d{2}\.\d{4}/);
    const toA = await letters(supplierA, 2);
    expect(toA.map((m) => m.subject).every((s) => s.includes('Zuschlag auf Ihr Angebot vorgesehen'))).toBe(true);
    // the letters record when their mail left
    const sent = await eventually(async () => {
      const res = await t.http.get(`${API}/tenders/${tenderId}/information-letters`).set(region.coordinator.auth);
      return res.body.items.every((l: { mailedAt: string | null }) => l.mailedAt) ? res.body.items : undefined;
    }, 30_000);
    expect(sent).toHaveLength(3);
  });

  it('concludes the contracts only after the standstill, one per municipality and lot', async () => {
    const contract = (lotId: string, body: object = {}) =>
      t.http.post(`${API}/tenders/${tenderId}/lots/${lotId}/contract`).set(region.coordinator.auth).send(body);
    // awarded, but no contract is concluded during the standstill: the OCDS release has awards only
    const awardedOnly = await t.http.get(`${API}/tenders/${tenderId}/ocds`).set(buyers[0]!.auth).expect(200);
    expect(validate(awardedOnly.body)).toEqual({ valid: true, errors: [] });
    expect(awardedOnly.body.releases[0].awards).toHaveLength(2);
    expect(awardedOnly.body.releases[0].contracts ?? []).toEqual([]);
    expect(awardedOnly.body.releases[0].tag).toEqual(['award']);
    const early = await contract(carLot.id).set('accept-language', 'de');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'STANDSTILL_RUNNING' });
    expect(early.body.detail).toMatch(/frühestens am \d{2}\.\d{2}\.\d{4}/);
    const letters = await t.http
      .get(`${API}/tenders/${tenderId}/information-letters`)
      .set(region.coordinator.auth)
      .expect(200);
    expect(early.body.earliestConclusionAt).toBe(letters.body.items[0].earliestConclusionAt);
    // bad input: every bad field at once
    const badPath = await t.http.post(`${API}/tenders/nope/lots/nix/contract`).set(region.coordinator.auth).send({});
    expect(badPath.status).toBe(400);
    expect(badPath.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['id', 'lotId']);
    const badBody = await contract(carLot.id, { termFrom: '2027-02-30', termTo: 'bald', extra: 1 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'termFrom', 'termTo']);
    expect(
      (await t.http.post(`${API}/tenders/${tenderId}/lots/${carLot.id}/contract`).set(foreignCoordinator.auth).send({}))
        .status,
    ).toBe(404);

    clock.advance(20 * 86_400_000);
    const backwards = await contract(carLot.id, { termFrom: '2027-06-01', termTo: '2027-05-31' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['termFrom', 'termTo']);
    const cars = await contract(carLot.id);
    expect(cars.status).toBe(201);
    expect(cars.body.awardNoticeIssued).toBe(false);
    expect(cars.body.contracts).toHaveLength(4);
    expect(new Set(cars.body.contracts.map((c: { buyer: { id: string } }) => c.buyer.id))).toEqual(
      new Set(buyers.map((b) => b.organisationId)),
    );
    const cents = (rows: Array<{ valueEur: number }>) => Math.round(rows.reduce((s, r) => s + r.valueEur * 100, 0));
    expect(cents(cars.body.contracts)).toBe(28_750_500);
    for (const [i, buyer] of buyers.entries()) {
      const own = cars.body.contracts.find((c: { buyer: { id: string } }) => c.buyer.id === buyer.organisationId);
      expect(own).toMatchObject({
        supplier: { id: supplierA.organisationId },
        termFrom: '2027-01-01',
        termTo: '2027-12-31',
        items: [expect.objectContaining({ cpvCode: '34144900-7', unit: 'H87', quantity: quantities[i] })],
      });
      expect(own.number).toMatch(/^BUENDEL-[0-9A-F]{8}-P3414-0\d$/);
    }
    expect((await contract(carLot.id)).body.code).toBe('CONTRACTS_CONCLUDED');
    const chargers = await contract(chargerLot.id);
    expect(chargers.status).toBe(201);
    // the last lot's contracts conclude the EU procedure: the award notice follows from them
    expect(chargers.body.awardNoticeIssued).toBe(true);
    clock.reset();
    const notices = await t.http.get(`${API}/tenders/${tenderId}/notices`).set(supplierA.auth).expect(200);
    expect(notices.body.items.map((n: { kind: string }) => n.kind)).toContain('award');
  });

  it('shows each municipality its contracts, and the supplier all it holds with whom to deliver to', async () => {
    const mine = await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(buyers[2]!.auth).expect(200);
    expect(mine.body.items).toHaveLength(2);
    expect(new Set(mine.body.items.map((c: { buyer: { id: string } }) => c.buyer.id))).toEqual(
      new Set([buyers[2]!.organisationId]),
    );
    const all = await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(region.coordinator.auth).expect(200);
    expect(all.body.items).toHaveLength(8);
    // the coordinator's evaluation page finds the same contracts in its one request
    const evaluation = await t.http
      .get(`${API}/tenders/${tenderId}/evaluation`)
      .set(region.coordinator.auth)
      .expect(200);
    expect(evaluation.body.contracts).toEqual(all.body);
    const held = await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(supplierA.auth).expect(200);
    expect(held.body.items.map((c: { id: string }) => c.id).sort()).toEqual(
      all.body.items.map((c: { id: string }) => c.id).sort(),
    );
    expect((await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(supplierB.auth)).status).toBe(404);
    expect((await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(foreignCoordinator.auth)).status).toBe(404);
    const list = await t.http.get(`${API}/contracts`).set(supplierA.auth).expect(200);
    expect(list.body.total).toBe(8);
    // the winner sees who receives how much, where it goes and whom to call
    const alloc = await t.http.get(`${API}/tenders/${tenderId}/allocations`).set(supplierA.auth).expect(200);
    expect(alloc.body.items).toHaveLength(8);
    const first = alloc.body.items.find(
      (a: { organisationId: string; lotId: string }) =>
        a.organisationId === buyers[0]!.organisationId && a.lotId === carLot.id,
    );
    expect(first.quantity).toBe(quantities[0]);
    expect(first.deliveryAgs).toEqual([region.municipalities[0]!.ags]);
    expect(first.procurementOffice.email).toEqual(expect.stringContaining('@'));
    expect(first.procurementOffice.address).toMatchObject({ city: expect.any(String) });
    expect((await t.http.get(`${API}/tenders/${tenderId}/allocations`).set(supplierB.auth)).status).toBe(404);
  });

  it('exports the evaluation and the contracts with allocations as Excel workbooks, with real numbers and dates', async () => {
    const workbookAt = async (user: TestUser, file: string) => {
      const res = await t.http.get(`${API}/tenders/${tenderId}/${file}`).set(user.auth).buffer(true).parse(binaryBody);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as never);
      return book;
    };
    const evaluation = await workbookAt(region.coordinator, 'evaluation.xlsx');
    expect(evaluation.worksheets.map((w) => w.name)).toEqual(['Übersicht', 'Wertung', 'Preise']);
    const scored = evaluation.getWorksheet('Wertung')!;
    expect(scored.rowCount).toBe(4);
    const rows: ExcelJS.Row[] = [];
    scored.eachRow((row, n) => {
      if (n > 1) rows.push(row);
    });
    const best = rows.find((r) => r.getCell(1).value === 'P-3414' && r.getCell(8).value === 1)!;
    expect(best.getCell(4).value).toBe(279_000);
    expect(best.getCell(4).numFmt).toBe('#,##0.00 "€"');
    expect(best.getCell(8).value).toBe(1);
    expect(best.getCell(11).value).toBeInstanceOf(Date);
    expect((await t.http.get(`${API}/tenders/${tenderId}/evaluation.xlsx`).set(buyers[0]!.auth)).status).toBe(403);

    const all = await workbookAt(supplierA, 'contracts.xlsx');
    expect(all.worksheets.map((w) => w.name)).toEqual(['Verträge', 'Positionen', 'Zuteilungen']);
    const contracts = all.getWorksheet('Verträge')!;
    expect(contracts.rowCount).toBe(9);
    let total = 0;
    contracts.eachRow((row, n) => {
      if (n > 1) total += Math.round(Number(row.getCell(6).value) * 100);
    });
    expect(total).toBe(28_750_500 + 556_000);
    expect(contracts.getRow(2).getCell(7).value).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(all.getWorksheet('Zuteilungen')!.getRow(2).getCell(8).value).toEqual(expect.stringContaining('@'));
    const own = await workbookAt(buyers[3]!, 'contracts.xlsx');
    expect(own.getWorksheet('Verträge')!.rowCount).toBe(3);
    expect(own.getWorksheet('Verträge')!.getRow(2).getCell(4).value).toBe(region.municipalities[3]!.name);
  });

  it('gives every participant its allocation, summing exactly to the awarded totals', async () => {
    const res = await t.http.get(`${API}/tenders/${tenderId}/allocations`).set(region.coordinator.auth).expect(200);
    const cars = res.body.items.filter((a: { lotId: string }) => a.lotId === carLot.id);
    expect(cars).toHaveLength(4);
    const sum = (rows: Array<{ valueEur: number }>) => Math.round(rows.reduce((s, r) => s + r.valueEur * 100, 0));
    expect(sum(cars)).toBe(28_750_500);
    expect(res.body.totals.find((x: { lotId: string }) => x.lotId === carLot.id)).toMatchObject({
      quantity: 10,
      valueEur: 287_505,
    });
    // each municipality gets exactly the quantity it brought; its value is its share of the price, to the cent
    for (const [i, buyer] of buyers.entries()) {
      const own = cars.find((a: { organisationId: string }) => a.organisationId === buyer.organisationId);
      expect(own.quantity).toBe(quantities[i]);
      expect(Math.abs(own.valueEur - quantities[i]! * 28_750.5)).toBeLessThanOrEqual(0.01);
    }
    const chargers = res.body.items.filter((a: { lotId: string }) => a.lotId === chargerLot.id);
    expect(sum(chargers)).toBe(556_000);
    // a buyer sees its own allocation only
    const mine = await t.http.get(`${API}/tenders/${tenderId}/allocations`).set(buyers[1]!.auth).expect(200);
    expect(new Set(mine.body.items.map((a: { organisationId: string }) => a.organisationId))).toEqual(
      new Set([buyers[1]!.organisationId]),
    );
    expect((await t.http.get(`${API}/tenders/${tenderId}/allocations`).set(foreignCoordinator.auth)).status).toBe(404);
  });

  it('exports the awarded tender as a valid OCDS package with one contract per buyer and lot', async () => {
    const res = await t.http.get(`${API}/tenders/${tenderId}/ocds`).set(buyers[0]!.auth).expect(200);
    expect(validate(res.body)).toEqual({ valid: true, errors: [] });
    const release = res.body.releases[0];
    expect(release.awards).toHaveLength(2);
    expect(release.contracts).toHaveLength(8);
    expect(release.tag).toEqual(['award', 'contract']);
    // the contracts are the concluded contract records: their ids, numbers, terms and dates
    const records = await t.http.get(`${API}/tenders/${tenderId}/contracts`).set(region.coordinator.auth).expect(200);
    for (const record of records.body.items as Array<{
      id: string;
      number: string;
      concludedAt: string;
      termFrom: string;
      termTo: string;
      valueEur: number;
    }>) {
      const published = release.contracts.find((c: { id: string }) => c.id === record.id);
      expect(published).toMatchObject({
        title: expect.stringContaining(record.number),
        dateSigned: record.concludedAt,
        period: { startDate: `${record.termFrom}T00:00:00.000Z`, endDate: `${record.termTo}T23:59:59.000Z` },
        value: { amount: record.valueEur, currency: 'EUR' },
      });
    }
    for (const award of release.awards) {
      const contracts = release.contracts.filter((c: { awardID: string }) => c.awardID === award.id);
      const total = contracts.reduce(
        (s: number, c: { value: { amount: number } }) => s + Math.round(c.value.amount * 100),
        0,
      );
      expect(total).toBe(Math.round(award.value.amount * 100));
    }
  });

  it('keeps the full record (Vergabevermerk) with every step', async () => {
    const res = await t.http.get(`${API}/tenders/${tenderId}/record`).set(region.coordinator.auth).expect(200);
    const actions = res.body.events.map((e: { action: string }) => e.action);
    for (const action of [
      'bundle.created',
      'bundle.joined',
      'bundle.closed',
      'tender.created',
      'tender.published',
      'offer.submitted',
      'offer.replaced',
      'tender.opened',
      'tender.offers.read',
      'tender.lot.awarded',
      'tender.lot.information-sent',
      'tender.awarded',
    ]) {
      expect(actions).toContain(action);
    }
    expect(res.body.awards.find((a: { lotId: string }) => a.lotId === carLot.id).reason).toMatch(/Lieferzeit/);
    expect(res.body.opening.offers).toHaveLength(3);
    expect((await t.http.get(`${API}/tenders/${tenderId}/record`).set(foreignCoordinator.auth)).status).toBe(404);
    expect(res.body.people.map((p: { email: string }) => p.email)).toContain(region.coordinator.email);
    // names, not only ids: who opened (two people of an EU procedure), who awarded, who acted
    expect(res.body.opening).toMatchObject({
      startedBy: { userId: region.coordinator.id, name: 'Max Mustermann' },
      witness: null,
      confirmedBy: { name: 'Sabine Hoffmann' },
    });
    expect(res.body.awards.map((a: { awardedByName: string }) => a.awardedByName)).toEqual(
      res.body.awards.map(() => 'Max Mustermann'),
    );
    const opening = res.body.events.find((e: { action: string }) => e.action === 'tender.opened');
    expect(opening.actorName).toBe('Sabine Hoffmann');
    expect(res.body.contracts).toHaveLength(8);
  });

  it('prints the record as German HTML and as a paginated PDF with the lots and the reasons', async () => {
    const html = await t.http
      .get(`${API}/tenders/${tenderId}/record`)
      .set(region.coordinator.auth)
      .set('Accept', 'text/html')
      .expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('<h2>3. Lose und Gründe der Losbildung</h2>');
    const pdf = await t.http
      .get(`${API}/tenders/${tenderId}/record`)
      .query({ format: 'pdf' })
      .set(region.coordinator.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'record-'));
    writeFileSync(path.join(dir, 'record.pdf'), pdf.body as Buffer);
    const text = execFileSync('pdftotext', [path.join(dir, 'record.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Vergabevermerk: E-Fahrzeuge Testkreis');
    expect(text).toContain('Seite 1 von');
    for (const key of ['P-3414', 'P-3115']) expect(text).toContain(`Los ${key}`);
    expect(text).toContain('Fachlos nach § 97 Abs. 4 Satz 2 GWB');
    expect(text).toContain('Der Zuschlag geht nicht an das bestbewertete Angebot');
    expect(text).toContain('Lieferzeit');
    expect(text).toContain('Vorabinformation nach § 134 GWB versandt');
    expect(text).toContain(region.coordinator.email);
    expect(text).toMatch(/durch Max Mustermann \(.*\) und Sabine Hoffmann/);
    const bad = await t.http
      .get(`${API}/tenders/${tenderId}/record`)
      .query({ format: 'docx' })
      .set(region.coordinator.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['format']);
  });

  it('reports the sustainable share of bundled and awarded value for the district', async () => {
    const res = await t.http
      .get(`${API}/reports/sustainability`)
      .query({ districtKey: region.districtKey })
      .set(region.coordinator.auth)
      .expect(200);
    const district = res.body.districts[0];
    // every participation carries the bundle's mandatory criterion
    expect(district.bundled).toEqual({
      totalEur: 306_000,
      criteria: [{ code: 'ZERO_EMISSION_VEHICLE', valueEur: 306_000, share: 1 }],
    });
    expect(district.awarded.totalEur).toBe(293_065);
    expect(res.body.organisations).toHaveLength(4);
    expect(
      (await t.http.get(`${API}/reports/sustainability`).query({ districtKey: '14524' }).set(region.coordinator.auth))
        .status,
    ).toBe(404);
  });
});
