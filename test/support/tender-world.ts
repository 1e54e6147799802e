import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BundlesRepository, NewBundle } from '@buendel/bundling';
import { TendersRepository } from '@buendel/tendering';
import { testDistrictKey } from '@buendel/testing';

/** one organisation of the world with one user */
export interface WorldOrganisation {
  id: string;
  userId: string;
  name: string;
}

/**
 * A small procurement for the integration tier, written straight into the run's database (no
 * Nest, no HTTP): a Landkreis of a test region coordinates a closed bundle in which two of its
 * municipalities take part (2 and 3 e-cars at 30.000 €), two suppliers, and a draft tender of
 * the bundle with one lot, one item and the two shares, stored through TendersRepository.
 */
export interface TenderWorld {
  db: DataSource;
  manager: EntityManager;
  districtKey: string;
  coordinator: WorldOrganisation;
  /** Gemeinde A (ags …001) and Gemeinde B (ags …002), by name */
  buyers: [WorldOrganisation, WorldOrganisation];
  suppliers: [WorldOrganisation, WorldOrganisation];
  bundleId: string;
  demandIds: Record<string, string>;
  tenderId: string;
  lotId: string;
  itemId: string;
}

const CAR = '34144900-7';

async function organisation(
  db: DataSource,
  type: string,
  name: string,
  place: { ags?: string; districtKey?: string },
): Promise<WorldOrganisation> {
  const [org] = await db.query<Array<{ id: string }>>(
    `INSERT INTO organisations (type, name, ags, district_key) VALUES ($1, $2, $3, $4) RETURNING id`,
    [type, name, place.ags ?? null, place.districtKey ?? null],
  );
  const [user] = await db.query<Array<{ id: string }>>(
    `INSERT INTO users (organisation_id, email, password_hash, role, name) VALUES ($1, $2, 'x', $3, $4) RETURNING id`,
    [org!.id, `welt-${randomUUID()}@example.test`, type === 'supplier' ? 'supplier' : 'buyer', `Person ${name}`],
  );
  return { id: org!.id, userId: user!.id, name };
}

/**
 * A bundle of the coordinator, written through BundlesRepository: e-vehicles (3414), delivered
 * in 2027, sub-central thresholds, no criteria, unless `over` says otherwise.
 */
export function insertBundle(
  db: DataSource,
  coordinator: Pick<WorldOrganisation, 'id' | 'userId'>,
  over: Pick<NewBundle, 'title' | 'districtKeys' | 'joinDeadline'> & Partial<NewBundle>,
): Promise<string> {
  return new BundlesRepository(db).insert(db.manager, {
    description: null,
    coordinatorOrganisationId: coordinator.id,
    provisionalJoins: 'keep',
    cpvPrefixes: ['3414'],
    deliveryFrom: '2027-01-01',
    deliveryTo: '2027-12-31',
    mandatoryCriteria: [],
    minParticipants: null,
    targetValueCents: null,
    thresholdCategory: 'SUPPLIES_SERVICES_SUB_CENTRAL',
    createdBy: coordinator.userId,
    ...over,
  });
}

export async function createTenderWorld(db: DataSource): Promise<TenderWorld> {
  const manager = db.manager;
  const districtKey = testDistrictKey();
  const coordinator = await organisation(db, 'district', `Landkreis Welt ${districtKey}`, { districtKey });
  const buyers: [WorldOrganisation, WorldOrganisation] = [
    await organisation(db, 'municipality', `Gemeinde A ${districtKey}`, { ags: `${districtKey}001`, districtKey }),
    await organisation(db, 'municipality', `Gemeinde B ${districtKey}`, { ags: `${districtKey}002`, districtKey }),
  ];
  const suppliers: [WorldOrganisation, WorldOrganisation] = [
    await organisation(db, 'supplier', `Autohaus Eins ${districtKey}`, {}),
    await organisation(db, 'supplier', `Autohaus Zwei ${districtKey}`, {}),
  ];
  const bundleId = await insertBundle(db, coordinator, {
    title: `E-Autos ${districtKey}`,
    districtKeys: [districtKey],
    joinDeadline: new Date(Date.now() - 86_400_000),
  });
  const demandIds: Record<string, string> = {};
  for (const [i, buyer] of buyers.entries()) {
    const quantity = i + 2;
    const [demand] = await db.query<Array<{ id: string }>>(
      `INSERT INTO demands (organisation_id, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents,
         delivery_from, delivery_to, delivery_ags, district_key, status, created_by)
       VALUES ($1, $2, 'E-Kleinwagen', $3, 'H87', 30000, $4, '2027-01-01', '2027-12-31', $5, $6, 'tendered', $7)
       RETURNING id`,
      [buyer.id, CAR, quantity, quantity * 3_000_000, `${districtKey}00${i + 1}`, districtKey, buyer.userId],
    );
    demandIds[buyer.id] = demand!.id;
    await db.query(
      `INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id, joined_by) VALUES ($1, $2, $3, $4)`,
      [bundleId, demand!.id, buyer.id, buyer.userId],
    );
  }
  await db.query(`UPDATE bundles SET status = 'tendering', closed_at = now() WHERE id = $1`, [bundleId]);

  const tenders = new TendersRepository();
  const tenderId = await tenders.insert(manager, {
    bundleId,
    coordinatorOrganisationId: coordinator.id,
    title: `Ausschreibung E-Autos ${districtKey}`,
    description: null,
    procedureType: 'national-open',
    regime: { scope: 'national', thresholdEur: 221_000, legalBasis: 'UVgO' },
    estimatedValueCents: 15_000_000,
    priceWeight: 100,
    submissionDeadline: new Date(Date.now() - 60_000),
    createdBy: coordinator.userId,
  });
  await tenders.replaceLots(manager, tenderId, [
    {
      key: 'L1',
      title: 'Los 1: Elektrofahrzeuge',
      valueCents: 15_000_000,
      items: [
        {
          cpvCode: CAR,
          unit: 'H87',
          specificationKey: null,
          specificationText: null,
          districtKey,
          quantityMilli: 5_000,
          valueCents: 15_000_000,
          deliveryAgs: [`${districtKey}001`, `${districtKey}002`],
          shares: [
            { organisationId: buyers[0].id, quantityMilli: 2_000, valueCents: 6_000_000 },
            { organisationId: buyers[1].id, quantityMilli: 3_000, valueCents: 9_000_000 },
          ],
        },
      ],
    },
  ]);
  const { lots, items } = await tenders.parts(manager, tenderId);
  return {
    db,
    manager,
    districtKey,
    coordinator,
    buyers,
    suppliers,
    bundleId,
    demandIds,
    tenderId,
    lotId: lots[0]!.id,
    itemId: items[0]!.id,
  };
}
