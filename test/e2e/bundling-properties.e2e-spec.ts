import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import {
  aggregateLines,
  centsToEur,
  lineValueCents,
  parseThresholds,
  procedureRegime,
  quantityToMilli,
} from '@buendel/domain';
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
import { AggregateView, API, currentAggregate, join, recordDemand } from '../support/bundling-api';

/**
 * Property: whatever sequence of joins, leaves and demand changes runs against a bundle (one
 * after the other, or several at once in any order), once the jobs have run the stored
 * aggregate equals a recomputation from scratch: from the participations in the database,
 * and from a model of the commands, with the pure domain function.
 */
const BUYERS = 5;
const PRODUCTS = [
  { cpvCode: '34144900-7', unit: 'H87', title: 'E-Fahrzeug' },
  { cpvCode: '31158000-8', unit: 'H87', title: 'Ladegerät' },
];
const THRESHOLDS = parseThresholds(readFileSync(path.resolve(__dirname, '../../config/thresholds.json'), 'utf8'));

type Command =
  | { kind: 'join'; buyer: number; products: number[] }
  | { kind: 'leave'; buyer: number }
  | { kind: 'change'; buyer: number; product: number; quantity: number; unitPriceEur: number };

const quantityArb = fc.integer({ min: 1, max: 4000 }).map((n) => n / 4); // 0.25 steps
const priceArb = fc.integer({ min: 0, max: 6_000_000 }).map((c) => c / 100);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('join' as const),
    buyer: fc.nat({ max: BUYERS - 1 }),
    products: fc.uniqueArray(fc.nat({ max: PRODUCTS.length - 1 }), { minLength: 1, maxLength: PRODUCTS.length }),
  }),
  fc.record({ kind: fc.constant('leave' as const), buyer: fc.nat({ max: BUYERS - 1 }) }),
  fc.record({
    kind: fc.constant('change' as const),
    buyer: fc.nat({ max: BUYERS - 1 }),
    product: fc.nat({ max: PRODUCTS.length - 1 }),
    quantity: quantityArb,
    unitPriceEur: priceArb,
  }),
);

interface DemandState {
  id: string;
  organisationId: string;
  cpvCode: string;
  unit: string;
  quantity: number;
  unitPriceEur: number;
  joined: boolean;
}

describe('aggregate equals a recomputation from scratch (fast-check, real database and worker)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let region: TestRegion;
  let buyers: TestUser[];

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, BUYERS);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  /** a fresh bundle and a demand per buyer and product, with the given starting quantities */
  async function scene(quantities: number[][]): Promise<{ bundleId: string; demands: DemandState[][] }> {
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Eigenschaftstest',
        cpvPrefix: '3414',
        additionalCpvPrefixes: ['3115'],
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    const demands = await Promise.all(
      buyers.map((buyer, b) =>
        Promise.all(
          PRODUCTS.map(async (p, i) => {
            const quantity = quantities[b]?.[i] ?? 1;
            const created = await recordDemand(t, buyer, {
              ...p,
              quantity,
              unitPriceEur: 1000 + i,
              deliveryFrom: '2027-03-01',
              deliveryTo: '2027-04-30',
            });
            return {
              id: created.id,
              organisationId: buyer.organisationId,
              ...p,
              quantity,
              unitPriceEur: 1000 + i,
              joined: false,
            };
          }),
        ),
      ),
    );
    return { bundleId: bundle.body.id, demands };
  }

  /** runs one command through the API; updates the model only with what the API accepted */
  async function run(bundleId: string, demands: DemandState[][], command: Command): Promise<void> {
    const buyer = buyers[command.buyer]!;
    const own = demands[command.buyer]!;
    switch (command.kind) {
      case 'join': {
        const chosen = command.products.map((p) => own[p]!);
        const res = await join(
          t,
          buyer,
          bundleId,
          chosen.map((d) => d.id),
        );
        expect([200, 201]).toContain(res.status);
        expect(res.status === 201).toBe(chosen.some((d) => !d.joined));
        chosen.forEach((d) => (d.joined = true));
        return;
      }
      case 'leave': {
        const res = await t.http.delete(`${API}/bundles/${bundleId}/participations/mine`).set(buyer.auth);
        expect(res.status).toBe(own.some((d) => d.joined) ? 204 : 404);
        own.forEach((d) => (d.joined = false));
        return;
      }
      case 'change': {
        const d = own[command.product]!;
        await t.http
          .patch(`${API}/demands/${d.id}`)
          .set(buyer.auth)
          .send({ quantity: command.quantity, unitPriceEur: command.unitPriceEur })
          .expect(200);
        d.quantity = command.quantity;
        d.unitPriceEur = command.unitPriceEur;
        return;
      }
    }
  }

  /** the stored aggregate against the pure domain function over the given participations */
  function expectAggregateOf(
    stored: AggregateView,
    lines: Array<{
      organisationId: string;
      cpvCode: string;
      unit: string;
      districtKey: string;
      quantityMilli: number;
      estimatedValueCents: number;
    }>,
  ): void {
    const expected = aggregateLines(lines.map((l) => ({ ...l, specificationKey: null, specificationText: null })));
    expect(stored.lines).toEqual(
      expected.lines.map((l) => ({
        cpvCode: l.cpvCode,
        unit: l.unit,
        specificationKey: null,
        specificationText: null,
        districtKey: l.districtKey,
        quantity: l.quantityMilli / 1000,
        estimatedValueEur: centsToEur(l.estimatedValueCents),
        participantCount: l.participantCount,
      })),
    );
    expect(stored.participantCount).toBe(expected.participantCount);
    expect(stored.totalEstimatedValueEur).toBe(centsToEur(expected.totalEstimatedValueCents));
    const regime = procedureRegime({
      estimatedValueCents: expected.totalEstimatedValueCents,
      category: 'SUPPLIES_SERVICES_SUB_CENTRAL',
      on: stored.regime.referenceDate,
      thresholds: THRESHOLDS,
    });
    expect(stored.regime.scope).toBe(regime.scope);
    expect(stored.lots.reduce((s, l) => s + Math.round(l.estimatedValueEur * 100), 0)).toBe(
      expected.totalEstimatedValueCents,
    );
  }

  /** recomputation from scratch: straight from the participation rows */
  async function fromDatabase(bundleId: string) {
    const rows = await db.query<
      Array<{
        organisation_id: string;
        cpv_code: string;
        unit: string;
        district_key: string;
        quantity: string;
        value: string;
      }>
    >(
      `SELECT p.organisation_id, d.cpv_code, d.unit, d.district_key, d.quantity::text AS quantity,
              d.estimated_value_cents::text AS value
       FROM bundle_participations p JOIN demands d ON d.id = p.demand_id WHERE p.bundle_id = $1`,
      [bundleId],
    );
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      cpvCode: r.cpv_code,
      unit: r.unit,
      districtKey: r.district_key,
      quantityMilli: quantityToMilli(r.quantity),
      estimatedValueCents: Number(r.value),
    }));
  }

  function fromModel(demands: DemandState[][]) {
    return demands
      .flat()
      .filter((d) => d.joined)
      .map((d) => {
        const quantityMilli = quantityToMilli(d.quantity);
        return {
          organisationId: d.organisationId,
          cpvCode: d.cpvCode,
          unit: d.unit,
          districtKey: region.districtKey,
          quantityMilli,
          estimatedValueCents: lineValueCents(quantityMilli, d.unitPriceEur),
        };
      });
  }

  it('holds for any sequence of joins, leaves and changes, one after the other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 14 }), async (commands) => {
        const { bundleId, demands } = await scene([]);
        for (const command of commands) await run(bundleId, demands, command);
        const stored = await currentAggregate(t, region.coordinator, bundleId);
        expectAggregateOf(stored, fromModel(demands));
        expectAggregateOf(stored, await fromDatabase(bundleId));
      }),
      { numRuns: 12, seed: 20261123, endOnFailure: true },
    );
  });

  it('holds when the commands of each step run at once, in whatever order they land', async () => {
    // one command per buyer and step, so that the model stays exact while the order is free
    const stepArb = fc.uniqueArray(commandArb, { minLength: 1, maxLength: BUYERS, selector: (c) => c.buyer });
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 5 }), async (steps) => {
        const { bundleId, demands } = await scene([]);
        for (const step of steps) await Promise.all(step.map((command) => run(bundleId, demands, command)));
        const stored = await currentAggregate(t, region.coordinator, bundleId);
        expectAggregateOf(stored, fromModel(demands));
        expectAggregateOf(stored, await fromDatabase(bundleId));
      }),
      { numRuns: 10, seed: 7, endOnFailure: true },
    );
  });
});
