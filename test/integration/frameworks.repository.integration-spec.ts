import { DataSource } from 'typeorm';
import { FrameworksRepository } from '@buendel/tendering';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

/**
 * FrameworksRepository against the run's migrated database (no Nest, no HTTP): the conditional
 * UPDATE of a call-off never passes a maximum however many run at once, the CHECK refuses what
 * slips past it, and the expiry ends a framework whose every maximum is called off; the call-off
 * contracts an organisation holds, and a supplier's own mini-competition offer.
 */
describe('FrameworksRepository against PostgreSQL', () => {
  let db: DataSource;
  const repo = new FrameworksRepository();
  const district = testDistrictKey();

  const one = async <T>(sql: string, params: unknown[]): Promise<T> => {
    const [row] = await db.query<T[]>(sql, params);
    return row!;
  };

  /** a framework of one lot and item with one participant whose maximum is `maximum` */
  async function framework(maximum: number, termTo = '2099-12-31') {
    const org = (type: string) =>
      one<{ id: string }>(`INSERT INTO organisations (type, name, district_key) VALUES ($1, $2, $3) RETURNING id`, [
        type,
        `Rahmen ${type}`,
        district,
      ]).then((r) => r.id);
    const coordinator = await org('district');
    const buyer = await org('municipality');
    const supplier = await org('supplier');
    const bundle = await one<{ id: string }>(
      `INSERT INTO bundles (title, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
         delivery_from, delivery_to, threshold_category)
       VALUES ('Rahmenbündel', 'awarded', $1, '{3019}', $2, now(), '2027-01-01', '2027-12-31', 'SUPPLIES_SERVICES_SUB_CENTRAL')
       RETURNING id`,
      [coordinator, [district]],
    );
    const tender = await one<{ id: string }>(
      `INSERT INTO tenders (bundle_id, coordinator_organisation_id, status, title, procedure_type, regime, estimated_value_cents,
         price_weight, submission_deadline)
       VALUES ($1, $2, 'awarded', 'Papier', 'national-open', '{}', 1000, 100, now()) RETURNING id`,
      [bundle.id, coordinator],
    );
    const lot = await one<{ id: string }>(
      `INSERT INTO tender_lots (tender_id, key, title, position, estimated_value_cents) VALUES ($1, 'P-3019', 'Papier', 0, 1000) RETURNING id`,
      [tender.id],
    );
    const item = await one<{ id: string }>(
      `INSERT INTO tender_items (tender_id, lot_id, cpv_code, unit, quantity, estimated_value_cents, delivery_ags, position)
       VALUES ($1, $2, '30197630-1', 'XPA', 10, 1000, '{}', 0) RETURNING id`,
      [tender.id, lot.id],
    );
    const offer = await one<{ id: string }>(
      `INSERT INTO offers (tender_id, lot_id, supplier_organisation_id, version, ciphertext, iv, auth_tag, key_id, digest, submitted_at)
       VALUES ($1, $2, $3, 1, '\\x00', '\\x00', '\\x00', 'k1', 'd', now()) RETURNING id`,
      [tender.id, lot.id, supplier],
    );
    const { id } = await repo.ensureFramework(db.manager, {
      tenderId: tender.id,
      number: `TEST-${tender.id}`,
      coordinatorOrganisationId: coordinator,
      title: 'Papier',
      termFrom: '2027-01-01',
      termTo,
      termReason: null,
      suppliersPerLot: 1,
      concludedAt: new Date(),
    });
    await repo.insertSuppliers(db.manager, id, lot.id, [
      { supplierOrganisationId: supplier, rank: 1, offerId: offer.id, prices: { [item.id]: 4 } },
    ]);
    await repo.insertQuantities(db.manager, id, [
      { lotId: lot.id, itemId: item.id, organisationId: buyer, estimated: '10.000', maximum: maximum.toFixed(3) },
    ]);
    return { id, buyer, coordinator, supplier, lotId: lot.id, itemId: item.id };
  }

  beforeAll(async () => {
    db = await openIntegrationDb(10);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('reserves concurrently up to the maximum and never past it', async () => {
    const f = await framework(20);
    const results = await Promise.all(
      Array.from({ length: 60 }, () => db.transaction((m) => repo.reserve(m, f.id, f.buyer, f.itemId, '1.000'))),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(20);
    expect(await repo.quantityOf(db.manager, f.id, f.buyer, f.itemId)).toEqual({
      maximum_quantity: '20.000',
      called_off_quantity: '20.000',
    });
    // the CHECK refuses a called-off quantity past the maximum, whatever statement tries it
    await expect(
      db.query(`UPDATE framework_quantities SET called_off_quantity = 21 WHERE framework_id = $1`, [f.id]),
    ).rejects.toThrow(/CHK_framework_quantities_called_off/);
  });

  it('ends a framework whose every maximum is called off, and one whose term passed', async () => {
    const full = await framework(2);
    const running = await framework(2);
    const past = await framework(2, '2027-06-30');
    await repo.reserve(db.manager, full.id, full.buyer, full.itemId, '2.000');
    await repo.reserve(db.manager, running.id, running.buyer, running.itemId, '1.000');
    const ended = await repo.endDue(db.manager, '2027-07-01', new Date());
    const ours = ended.filter((e) => [full.id, running.id, past.id].includes(e.id));
    expect(ours.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: full.id, end_reason: 'exhausted' },
        { id: past.id, end_reason: 'term' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect((await repo.find(db.manager, full.id))?.status).toBe('exhausted');
    expect((await repo.find(db.manager, running.id))?.status).toBe('active');
    expect(await repo.nextCallOffNumber(db.manager, full.id)).toBeUndefined();
    expect(await repo.nextCallOffNumber(db.manager, running.id)).toBe(1);
  });

  /** a call-off of the framework's buyer: ordered from its supplier at `orderedAt`, or (null) never ordered */
  async function callOff(
    f: Awaited<ReturnType<typeof framework>>,
    n: number,
    status: string,
    orderedAt: Date | null,
  ): Promise<string> {
    const row = await one<{ id: string }>(
      `INSERT INTO framework_call_offs (framework_id, lot_id, number, organisation_id, method, status, supplier_organisation_id,
         submission_deadline, value_cents, created_at, ordered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), $10) RETURNING id`,
      [
        f.id,
        f.lotId,
        `TEST-${f.id}-A000${n}`,
        f.buyer,
        orderedAt ? 'direct' : 'mini-competition',
        status,
        orderedAt ? f.supplier : null,
        orderedAt ? null : new Date(Date.now() + 86_400_000),
        orderedAt ? 400 : null,
        orderedAt,
      ],
    );
    await db.query(`INSERT INTO framework_call_off_items (call_off_id, item_id, quantity) VALUES ($1, $2, 1)`, [
      row.id,
      f.itemId,
    ]);
    return row.id;
  }

  it("lists an organisation's call-off contracts as buyer, supplier or coordinator, newest order first", async () => {
    const f = await framework(50);
    const other = await framework(50);
    const ordered = await callOff(f, 1, 'ordered', new Date('2027-02-01T10:00:00Z'));
    const cancelled = await callOff(f, 2, 'cancelled', new Date('2027-03-01T10:00:00Z'));
    await callOff(f, 3, 'competition', null);
    await callOff(other, 1, 'ordered', new Date('2027-04-01T10:00:00Z'));
    for (const org of [f.buyer, f.supplier, f.coordinator]) {
      const rows = await repo.callOffContracts(db.manager, org, 10, 0);
      expect(rows.map((r) => [r.id, r.status])).toEqual([
        [cancelled, 'cancelled'],
        [ordered, 'ordered'],
      ]);
      expect(rows[0]).toMatchObject({
        framework_number: (await repo.find(db.manager, f.id))?.number,
        framework_title: 'Papier',
        lot_title: 'Papier',
        supplier_organisation_id: f.supplier,
      });
      expect(await repo.countCallOffContracts(db.manager, org)).toBe(2);
    }
    expect((await repo.callOffContracts(db.manager, f.buyer, 1, 1)).map((r) => r.id)).toEqual([ordered]);
    expect(await repo.countCallOffContracts(db.manager, other.buyer)).toBe(1);
  });

  it("reads a supplier's own mini-competition offer, never another's", async () => {
    const f = await framework(50);
    const competition = await callOff(f, 1, 'competition', null);
    const rival = await one<{ id: string }>(
      `INSERT INTO organisations (type, name, district_key) VALUES ('supplier', 'Rahmen rival', $1) RETURNING id`,
      [district],
    );
    expect(await repo.ownCallOffOffer(db.manager, competition, f.supplier)).toBeUndefined();
    for (const [supplier, digest] of [
      [rival.id, 'rival-digest'],
      [f.supplier, 'own-digest'],
    ] as const)
      await repo.upsertCallOffOffer(db.manager, {
        id: (await one<{ id: string }>(`SELECT gen_random_uuid() AS id`, [])).id,
        callOffId: competition,
        supplierOrganisationId: supplier,
        version: 1,
        ciphertext: Buffer.from('x'),
        iv: Buffer.from('i'),
        authTag: Buffer.from('a'),
        keyId: 'k1',
        digest,
        salt: `${digest}-salt`,
        submittedAt: new Date(),
      });
    expect(await repo.ownCallOffOffer(db.manager, competition, f.supplier)).toMatchObject({
      supplier_organisation_id: f.supplier,
      digest: 'own-digest',
      digest_salt: 'own-digest-salt',
      version: 1,
    });
  });
});
