import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  insertMunicipalities,
  insertSignedInUsers,
  TestApp,
} from '@buendel/testing';
import { API, currentAggregate, join, recordDemand } from '../support/bundling-api';

const BUYERS = 200;

describe('200 buyers join one bundle at once', () => {
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('loses nothing and counts nobody twice', async () => {
    const region = await createTestRegion(t, 0);
    const municipalities = await insertMunicipalities(t, region.districtKey, BUYERS);
    const buyers = await insertSignedInUsers(t, municipalities, 'buyer');
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Büropapier Recycling',
        cpvPrefix: '3019',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    const bundleId: string = bundle.body.id;

    // each buyer records one demand of i+1 packs at EUR 4.99 (20 at a time)
    const demands: string[] = [];
    for (let start = 0; start < BUYERS; start += 20) {
      const batch = await Promise.all(
        buyers.slice(start, start + 20).map((buyer, j) =>
          recordDemand(t, buyer, {
            cpvCode: '30197630-1',
            title: 'Recyclingpapier A4',
            quantity: start + j + 1,
            unit: 'H87',
            unitPriceEur: 4.99,
            deliveryFrom: '2027-02-01',
            deliveryTo: '2027-03-31',
          }),
        ),
      );
      demands.push(...batch.map((d) => d.id));
    }

    // every join at once, and each buyer's join a second time (idempotent)
    const started = Date.now();
    const answers = await Promise.all([
      ...buyers.map((buyer, i) => join(t, buyer, bundleId, [demands[i]!])),
      ...buyers.slice(0, 20).map((buyer, i) => join(t, buyer, bundleId, [demands[i]!])),
    ]);
    const seconds = (Date.now() - started) / 1000;
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(BUYERS);
    console.log(`${answers.length} joins in ${seconds.toFixed(2)} s`);

    const db = t.app.get(DataSource);
    const [counts] = await db.query<Array<{ rows: number; organisations: number; version: string; joined: number }>>(
      `SELECT (SELECT count(*)::int FROM bundle_participations WHERE bundle_id = $1) AS rows,
              (SELECT count(DISTINCT organisation_id)::int FROM bundle_participations WHERE bundle_id = $1) AS organisations,
              (SELECT participation_version FROM bundles WHERE id = $1) AS version,
              (SELECT count(*)::int FROM audit_events WHERE entity_id = $1::text AND action = 'bundle.joined') AS joined`,
      [bundleId],
    );
    expect(counts).toEqual({ rows: BUYERS, organisations: BUYERS, version: String(BUYERS), joined: BUYERS });

    // sum over i of (i+1) packs x 4.99 = 20,100 x 4.99
    const aggregate = await currentAggregate(t, region.coordinator, bundleId, 30_000);
    expect(aggregate).toMatchObject({
      participantCount: BUYERS,
      demandCount: BUYERS,
      totalEstimatedValueEur: 100_299,
      lines: [
        {
          cpvCode: '30197630-1',
          unit: 'H87',
          quantity: (BUYERS * (BUYERS + 1)) / 2,
          estimatedValueEur: 100_299,
          participantCount: BUYERS,
        },
      ],
      version: BUYERS,
    });
  });
});
