import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { BundlesService } from '@buendel/bundling';
import { StoredFiles } from '@buendel/http';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { binaryBody } from '../support/import-files';
import { API, currentAggregate, expectProblem, join, recordDemand } from '../support/bundling-api';
import { PDF } from '../support/evidence';

/**
 * Issue 17, the mandate to join: a municipality's join above the value it set is provisional
 * until the decision of its council or mayor (date, body, file) is recorded; the coordinator
 * sees which joins wait; at the deadline a join still waiting is dropped (its demands are open
 * again and the aggregate changes) or kept, as the bundle says.
 */

const CAR = '34144900-7';
const MAX_BYTES = 64 * 1024;
const today = () => new Date().toISOString().slice(0, 10);

describe('the mandate to join: provisional joins, the decision, drop or keep at the deadline', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyers: TestUser[];
  let db: DataSource;

  beforeAll(async () => {
    // a small limit for the file, so that the test can send one over it
    const before = process.env['EVIDENCE_MAX_BYTES'];
    process.env['EVIDENCE_MAX_BYTES'] = String(MAX_BYTES);
    try {
      t = await createTestApp(() => createApiApp());
    } finally {
      if (before === undefined) delete process.env['EVIDENCE_MAX_BYTES'];
      else process.env['EVIDENCE_MAX_BYTES'] = before;
    }
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 3);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const setRule = (user: TestUser, aboveEur: unknown) =>
    t.http.put(`${API}/organisations/${user.organisationId}/join-mandate`).set(user.auth).send({ aboveEur });

  const newBundle = async (provisionalJoins?: string) => {
    const res = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: `E-Autos Beschluss ${provisionalJoins ?? 'Vorgabe'}`,
        cpvPrefix: '3414',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        ...(provisionalJoins ? { provisionalJoins } : {}),
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; provisionalJoins: string };
  };

  const cars = (buyer: TestUser, quantity: number) =>
    recordDemand(t, buyer, {
      cpvCode: CAR,
      title: 'E-Kleinwagen',
      quantity,
      unit: 'H87',
      unitPriceEur: 10_000,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-09-30',
    });

  const recordMandate = (
    user: TestUser,
    bundleId: string,
    fields: Record<string, string>,
    file: { content: Buffer; name: string } | null = { content: PDF, name: 'Beschluss Gemeinderat.pdf' },
  ) => {
    let req = t.http.put(`${API}/bundles/${bundleId}/participations/mine/mandate`).set(user.auth);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', file.content, { filename: file.name, contentType: 'application/pdf' });
    return req;
  };

  /** the deadline passes (the row's deadline moved into the past) and the deadline job's close runs */
  const deadlinePasses = async (bundleId: string) => {
    await db.query(`UPDATE bundles SET join_deadline = now() - interval '1 second' WHERE id = $1`, [bundleId]);
    expect(await t.app.get(BundlesService).closeIfDue(bundleId, 'deadline')).toBe(true);
  };

  it('lets a municipality set the value above which its joins need a mandate; bad input names the field', async () => {
    expectProblem(await setRule(buyers[0]!, 'viel'), 400, ['aboveEur']);
    expectProblem(await setRule(buyers[0]!, -1), 400, ['aboveEur']);
    expectProblem(await setRule(buyers[0]!, 1.234), 400, ['aboveEur']);
    expectProblem(
      await t.http.put(`${API}/organisations/${buyers[0]!.organisationId}/join-mandate`).set(buyers[0]!.auth).send({}),
      400,
      ['aboveEur'],
    );
    const german = await setRule(buyers[0]!, -1).set('Accept-Language', 'de');
    expectProblem(german, 400, ['aboveEur'], { aboveEur: /^muss mindestens 0 sein$/ });
    // another municipality's rule is not this user's to set
    const other = await t.http
      .put(`${API}/organisations/${buyers[1]!.organisationId}/join-mandate`)
      .set(buyers[0]!.auth)
      .send({ aboveEur: 1 });
    expectProblem(other, 404);

    const set = await setRule(buyers[0]!, 50_000);
    expect(set.status).toBe(200);
    expect(set.body.joinMandateAboveEur).toBe(50_000);
    expect((await setRule(buyers[1]!, null)).body.joinMandateAboveEur).toBeUndefined();
    expect((await setRule(buyers[2]!, 10_000)).body.joinMandateAboveEur).toBe(10_000);
  });

  it("shows the rule to the organisation's own users only, not to another municipality", async () => {
    expect((await setRule(buyers[0]!, 50_000)).status).toBe(200);
    const read = (user: TestUser) => t.http.get(`${API}/organisations/${buyers[0]!.organisationId}`).set(user.auth);
    const own = await read(buyers[0]!);
    expect(own.status).toBe(200);
    expect(own.body.joinMandateAboveEur).toBe(50_000);
    // the public body itself stays public reference data, its rule does not
    const foreign = await read(buyers[1]!);
    expect(foreign.status).toBe(200);
    expect(foreign.body.name).toBe(own.body.name);
    expect(foreign.body).not.toHaveProperty('joinMandateAboveEur');
  });

  it('refuses a bad rule for provisional joins on the bundle, naming the field', async () => {
    const res = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Falsch',
        cpvPrefix: '3414',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        provisionalJoins: 'vielleicht',
      });
    expectProblem(res, 400, ['provisionalJoins']);
    expect((await newBundle()).provisionalJoins).toBe('keep');
  });

  it('drops a provisional join without a mandate at the deadline when the bundle says so; the aggregate changes', async () => {
    const bundle = await newBundle('drop');
    expect(bundle.provisionalJoins).toBe('drop');
    // buyer 0: 6 cars, EUR 60,000 above its EUR 50,000: provisional
    const above = await cars(buyers[0]!, 6);
    const joined = await join(t, buyers[0]!, bundle.id, [above.id]);
    expect(joined.status).toBe(201);
    expect(joined.body.mandate).toMatchObject({
      status: 'awaiting',
      provisional: true,
      requiredAboveEur: 50_000,
      joinValueEur: 60_000,
      decidedOn: null,
      file: null,
    });
    // buyer 1 set no rule: 3 cars join for good
    const free = await cars(buyers[1]!, 3);
    expect((await join(t, buyers[1]!, bundle.id, [free.id])).body.mandate).toBeNull();
    // buyer 2: EUR 20,000 above its EUR 10,000; records its council's decision
    const decided = await cars(buyers[2]!, 2);
    expect((await join(t, buyers[2]!, bundle.id, [decided.id])).body.mandate.status).toBe('awaiting');

    // bad records: every field named at once; not multipart 415; a join that needs none 409; a stranger 404
    const bad = await recordMandate(
      buyers[2]!,
      bundle.id,
      { decidedOn: '2099-01-01', body: 'landrat' },
      { content: Buffer.from('kein PDF'), name: 'x.txt' },
    );
    expectProblem(bad, 400, ['decidedOn', 'body', 'file']);
    expect(bad.body.code).toBe('INVALID_JOIN_MANDATE');
    const badGerman = await recordMandate(buyers[2]!, bundle.id, { decidedOn: '2099-01-01' }, null).set(
      'Accept-Language',
      'de',
    );
    expectProblem(badGerman, 400, ['decidedOn', 'body', 'file'], {
      decidedOn: /^darf nicht nach heute \(\d\d\.\d\d\.\d{4}\) liegen$/,
      // not given: it says so, not the values it may take
      body: /^muss angegeben werden$/,
      file: /^muss angegeben werden: eine PDF-, PNG- oder JPEG-Datei$/,
    });
    expect(badGerman.body.detail).toBe('Der Beschluss ist unvollständig oder ungültig; die Felder nennen die Gründe.');
    expectProblem(await recordMandate(buyers[2]!, bundle.id, { decidedOn: 'gestern', body: 'council' }), 400, [
      'decidedOn',
    ]);
    const json = await t.http
      .put(`${API}/bundles/${bundle.id}/participations/mine/mandate`)
      .set(buyers[2]!.auth)
      .send({ decidedOn: today(), body: 'council' });
    expectProblem(json, 415);
    // a file over the limit: 413 naming the file, and not kept in the store
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]);
    const tooLarge = await recordMandate(
      buyers[2]!,
      bundle.id,
      { decidedOn: today(), body: 'council' },
      { content: big, name: 'gross.pdf' },
    );
    expectProblem(tooLarge, 413, ['file'], { file: new RegExp(`must be at most ${MAX_BYTES} bytes`) });
    expect(tooLarge.body.code).toBe('JOIN_MANDATE_FILE_TOO_LARGE');
    const files = t.app.get(StoredFiles);
    expect(existsSync(files.pathOf(createHash('sha256').update(big).digest('hex')))).toBe(false);
    const needsNone = await recordMandate(buyers[1]!, bundle.id, { decidedOn: today(), body: 'mayor' });
    expectProblem(needsNone, 409);
    expect(needsNone.body.code).toBe('JOIN_MANDATE_NOT_REQUIRED');
    const stranger = await recordMandate(region.coordinator, bundle.id, { decidedOn: today(), body: 'council' });
    expectProblem(stranger, 404);
    expect(stranger.body.code).toBe('NOT_PARTICIPATING');

    const recorded = await recordMandate(buyers[2]!, bundle.id, { decidedOn: today(), body: 'council' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      organisationId: buyers[2]!.organisationId,
      status: 'recorded',
      provisional: false,
      decidedOn: today(),
      body: 'council',
      bodyLabel: 'Gemeinderat / Kreistag',
      file: { name: 'Beschluss Gemeinderat.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length },
    });

    // the coordinator sees which joins wait for a mandate, and reads the decision's file
    const seen = await t.http.get(`${API}/bundles/${bundle.id}`).set(region.coordinator.auth).expect(200);
    const mandateOf = (user: TestUser) =>
      (seen.body.participants as Array<{ organisationId: string; mandate: { status: string } | null }>).find(
        (p) => p.organisationId === user.organisationId,
      )?.mandate;
    expect(mandateOf(buyers[0]!)).toMatchObject({ status: 'awaiting', provisional: true });
    expect(mandateOf(buyers[1]!)).toBeNull();
    expect(mandateOf(buyers[2]!)).toMatchObject({ status: 'recorded', provisional: false });
    const file = await t.http
      .get(`${API}/bundles/${bundle.id}/mandates/${buyers[2]!.organisationId}/file`)
      .set(region.coordinator.auth)
      .buffer(true)
      .parse(binaryBody);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    // another participant does not read it
    expectProblem(
      await t.http.get(`${API}/bundles/${bundle.id}/mandates/${buyers[2]!.organisationId}/file`).set(buyers[1]!.auth),
      404,
    );
    const mine = await t.http.get(`${API}/bundles/${bundle.id}`).set(buyers[0]!.auth).expect(200);
    expect(mine.body.myParticipation.mandate).toMatchObject({ status: 'awaiting' });

    const before = await currentAggregate(t, region.coordinator, bundle.id);
    expect(before).toMatchObject({ participantCount: 3, totalEstimatedValueEur: 110_000 });

    await deadlinePasses(bundle.id);

    const after = await currentAggregate(t, region.coordinator, bundle.id);
    expect(after).toMatchObject({ participantCount: 2, totalEstimatedValueEur: 50_000 });
    const closed = await t.http.get(`${API}/bundles/${bundle.id}`).set(region.coordinator.auth).expect(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.participants.map((p: { organisationId: string }) => p.organisationId).sort()).toEqual(
      [buyers[1]!.organisationId, buyers[2]!.organisationId].sort(),
    );
    // the dropped demand is open again and may join another bundle
    const demand = await t.http.get(`${API}/demands/${above.id}`).set(buyers[0]!.auth).expect(200);
    expect(demand.body).toMatchObject({ status: 'open', bundleId: null });
    // a decision after the drop comes too late
    const late = await recordMandate(buyers[0]!, bundle.id, { decidedOn: today(), body: 'mayor' });
    expectProblem(late, 409);
    expect(late.body.code).toBe('JOIN_MANDATE_NOT_REQUIRED');
    const [trail] = await db.query<Array<{ data: { organisationIds: string[]; releasedDemandIds: string[] } }>>(
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'bundle.provisional-joins-dropped'`,
      [bundle.id],
    );
    expect(trail?.data).toEqual({ organisationIds: [buyers[0]!.organisationId], releasedDemandIds: [above.id] });
  });

  it('keeps a provisional join at the deadline when the bundle says so; the decision may follow', async () => {
    const bundle = await newBundle('keep');
    const above = await cars(buyers[0]!, 7);
    expect((await join(t, buyers[0]!, bundle.id, [above.id])).body.mandate.status).toBe('awaiting');
    await deadlinePasses(bundle.id);
    const kept = await t.http.get(`${API}/bundles/${bundle.id}`).set(buyers[0]!.auth).expect(200);
    expect(kept.body.myParticipation).toMatchObject({
      demandIds: [above.id],
      binding: true,
      mandate: { status: 'kept', provisional: true, statusLabel: 'ohne Beschluss beibehalten' },
    });
    expect((await currentAggregate(t, region.coordinator, bundle.id)).totalEstimatedValueEur).toBe(70_000);
    const recorded = await recordMandate(buyers[0]!, bundle.id, { decidedOn: today(), body: 'mayor' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      status: 'recorded',
      provisional: false,
      bodyLabel: 'Bürgermeister / Landrat',
    });
  });

  it('forgets the mandate when the organisation leaves before the deadline', async () => {
    const bundle = await newBundle('drop');
    const above = await cars(buyers[0]!, 6);
    expect((await join(t, buyers[0]!, bundle.id, [above.id])).body.mandate.status).toBe('awaiting');
    await t.http.delete(`${API}/bundles/${bundle.id}/participations/mine`).set(buyers[0]!.auth).expect(204);
    const [row] = await db.query(`SELECT 1 FROM join_mandates WHERE bundle_id = $1`, [bundle.id]);
    expect(row).toBeUndefined();
  });
});
