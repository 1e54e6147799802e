import { DataSource } from 'typeorm';
import { AccessMatrixContext, insertTender, RouteAccessRule, TestUser } from '@buendel/testing';

const TERM = { termFrom: '2027-01-01', termTo: '2028-12-31' };

/** a draft tender the coordinator runs or the buyer takes part in, with a framework plan */
const planned = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const id =
    owner.role === 'coordinator'
      ? await insertTender(ctx.t, owner.organisationId, ctx.users.buyer.organisationId)
      : await insertTender(ctx.t, ctx.users.coordinator.organisationId, owner.organisationId);
  await ctx.t.app
    .get(DataSource)
    .query(`INSERT INTO tender_frameworks (tender_id, term_from, term_to) VALUES ($1, $2, $3)`, [
      id,
      TERM.termFrom,
      TERM.termTo,
    ]);
  return { params: { id }, body: TERM };
};

/**
 * A framework in force (rows inserted directly): the owner is its coordinator (and a participant),
 * a participant, or its supplier; with one mini-competition call-off of the participant whose
 * deadline is a day away (its offers sealed).
 */
async function insertFramework(ctx: AccessMatrixContext, owner: TestUser) {
  const db = ctx.t.app.get(DataSource);
  const coordinator = owner.role === 'coordinator' ? owner.organisationId : ctx.users.coordinator.organisationId;
  const participant = owner.role === 'supplier' ? ctx.users.buyer.organisationId : owner.organisationId;
  const supplier = owner.role === 'supplier' ? owner.organisationId : ctx.users.supplier.organisationId;
  const tenderId = await insertTender(ctx.t, coordinator, participant);
  const [lot] = await db.query<Array<{ id: string }>>(`SELECT id FROM tender_lots WHERE tender_id = $1`, [tenderId]);
  const [item] = await db.query<Array<{ id: string }>>(`SELECT id FROM tender_items WHERE tender_id = $1`, [tenderId]);
  const [offer] = await db.query<Array<{ id: string }>>(
    `INSERT INTO offers (tender_id, lot_id, supplier_organisation_id, version, ciphertext, iv, auth_tag, key_id, digest, submitted_at)
     VALUES ($1, $2, $3, 1, '\\x00', '\\x00', '\\x00', 'k1', 'd', now()) RETURNING id`,
    [tenderId, lot!.id, supplier],
  );
  const [framework] = await db.query<Array<{ id: string; number: string }>>(
    `INSERT INTO frameworks (tender_id, number, coordinator_organisation_id, title, term_from, term_to, suppliers_per_lot, concluded_at)
     VALUES ($1, 'TEST-' || gen_random_uuid(), $2, 'Testrahmenvereinbarung', current_date, current_date + 700, 1, now())
     RETURNING id, number`,
    [tenderId, coordinator],
  );
  await db.query(
    `INSERT INTO framework_suppliers (framework_id, lot_id, supplier_organisation_id, rank, offer_id, prices)
     VALUES ($1, $2, $3, 1, $4, jsonb_build_object($5::text, 10))`,
    [framework!.id, lot!.id, supplier, offer!.id, item!.id],
  );
  await db.query(
    `INSERT INTO framework_quantities (framework_id, lot_id, item_id, organisation_id, estimated_quantity, maximum_quantity, called_off_quantity)
     VALUES ($1, $2, $3, $4, 100, 120, 1)`,
    [framework!.id, lot!.id, item!.id, participant],
  );
  const [callOff] = await db.query<Array<{ id: string }>>(
    `INSERT INTO framework_call_offs (framework_id, lot_id, number, organisation_id, method, status, submission_deadline, created_at)
     VALUES ($1, $2, $3 || '-A0001', $4, 'mini-competition', 'competition', now() + interval '1 day', now()) RETURNING id`,
    [framework!.id, lot!.id, framework!.number, participant],
  );
  await db.query(`INSERT INTO framework_call_off_items (call_off_id, item_id, quantity) VALUES ($1, $2, 1)`, [
    callOff!.id,
    item!.id,
  ]);
  return { frameworkId: framework!.id, callOffId: callOff!.id, lotId: lot!.id, itemId: item!.id };
}

const ownFramework = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const f = await insertFramework(ctx, owner);
  return { params: { id: f.frameworkId }, body: { lotId: f.lotId, items: [{ itemId: f.itemId, quantity: 1 }] } };
};

const ownCallOff =
  (body: (f: { itemId: string }) => unknown = () => ({})) =>
  async (ctx: AccessMatrixContext, owner: TestUser) => {
    const f = await insertFramework(ctx, owner);
    return { params: { id: f.frameworkId, callOffId: f.callOffId }, body: body(f) };
  };

const PARTIES = ['buyer', 'coordinator', 'supplier'] as const;

export const rules: RouteAccessRule[] = [
  { route: 'PUT /api/v1/tenders/{id}/framework', access: ['coordinator'], ownedObject: planned, body: TERM },
  { route: 'GET /api/v1/tenders/{id}/framework', access: ['buyer', 'coordinator'], ownedObject: planned },
  { route: 'GET /api/v1/frameworks', access: PARTIES },
  { route: 'GET /api/v1/frameworks/{id}', access: PARTIES, ownedObject: ownFramework },
  { route: 'GET /api/v1/frameworks/{id}/consumption', access: PARTIES, ownedObject: ownFramework },
  { route: 'GET /api/v1/frameworks/{id}/ocds', access: PARTIES, ownedObject: ownFramework },
  { route: 'GET /api/v1/frameworks/{id}/consumption.xlsx', access: PARTIES, ownedObject: ownFramework },
  { route: 'GET /api/v1/frameworks/{id}/next-estimate', access: ['buyer', 'coordinator'], ownedObject: ownFramework },
  {
    route: 'POST /api/v1/frameworks/{id}/next-bundle',
    access: ['coordinator'],
    ownedObject: async (ctx, owner) => ({
      ...(await ownFramework(ctx, owner)),
      body: { joinDeadline: new Date(Date.now() + 86_400_000).toISOString() },
    }),
  },
  // only participating organisations call off (a coordinator's organisation too when it takes part)
  { route: 'POST /api/v1/frameworks/{id}/call-offs', access: ['buyer', 'coordinator'], ownedObject: ownFramework },
  { route: 'GET /api/v1/frameworks/{id}/call-offs', access: PARTIES, ownedObject: ownFramework },
  {
    route: 'POST /api/v1/frameworks/{id}/call-offs/{callOffId}/accept',
    access: ['supplier'],
    ownedObject: ownCallOff(),
  },
  {
    route: 'POST /api/v1/frameworks/{id}/call-offs/{callOffId}/decline',
    access: ['supplier'],
    ownedObject: ownCallOff(),
  },
  {
    route: 'POST /api/v1/frameworks/{id}/call-offs/{callOffId}/cancel',
    access: ['buyer', 'coordinator'],
    ownedObject: ownCallOff(),
  },
  {
    route: 'POST /api/v1/frameworks/{id}/call-offs/{callOffId}/offers',
    access: ['supplier'],
    ownedObject: ownCallOff((f) => ({ prices: [{ itemId: f.itemId, unitPriceEur: 1 }] })),
  },
  {
    route: 'GET /api/v1/frameworks/{id}/call-offs/{callOffId}/offers',
    access: ['buyer', 'coordinator'],
    ownedObject: ownCallOff(),
  },
  {
    route: 'POST /api/v1/frameworks/{id}/call-offs/{callOffId}/award',
    access: ['buyer', 'coordinator'],
    ownedObject: ownCallOff(() => ({ offerId: '00000000-0000-4000-8000-000000000002' })),
  },
  {
    route: 'POST /api/v1/frameworks/{id}/call-offs/{callOffId}/deliveries',
    access: ['supplier'],
    ownedObject: ownCallOff((f) => ({ deliveredOn: '2027-01-01', items: [{ itemId: f.itemId, quantity: 1 }] })),
  },
];
