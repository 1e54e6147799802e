import { DataSource } from 'typeorm';
import { AccessMatrixContext, insertFrameworkRows, insertTender, RouteAccessRule, TestUser } from '@buendel/testing';

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

/** a framework in force whose coordinator, participant or supplier the owner is */
function insertFramework(ctx: AccessMatrixContext, owner: TestUser) {
  return insertFrameworkRows(ctx.t, {
    coordinator: owner.role === 'coordinator' ? owner.organisationId : ctx.users.coordinator.organisationId,
    participant: owner.role === 'supplier' ? ctx.users.buyer.organisationId : owner.organisationId,
    supplier: owner.role === 'supplier' ? owner.organisationId : ctx.users.supplier.organisationId,
  });
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
  { route: 'GET /api/v1/contracts/call-offs', access: PARTIES },
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
    route: 'GET /api/v1/frameworks/{id}/call-offs/{callOffId}/offers/mine',
    access: ['supplier'],
    ownedObject: ownCallOff(),
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
