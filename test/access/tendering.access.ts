import { DataSource } from 'typeorm';
import {
  AccessMatrixContext,
  insertBundle,
  insertTender,
  RouteAccessRule,
  TEST_ROLES,
  TestUser,
} from '@buendel/testing';

/** a tender the owner's organisation runs (a coordinator) or takes part in (a buyer) */
const ownTender = async (ctx: AccessMatrixContext, owner: TestUser) => ({
  params: {
    id:
      owner.role === 'coordinator'
        ? await insertTender(ctx.t, owner.organisationId)
        : await insertTender(ctx.t, ctx.users.coordinator.organisationId, owner.organisationId),
  },
  body: {},
});

const withBody = (body: unknown) => async (ctx: AccessMatrixContext, owner: TestUser) => ({
  ...(await ownTender(ctx, owner)),
  body,
});

const ownBundle = async (ctx: AccessMatrixContext, owner: TestUser) => ({
  params: { id: await insertBundle(ctx.t, owner.organisationId, [owner.organisation.districtKey!]) },
  body: { submissionDeadline: new Date(Date.now() + 86_400_000).toISOString() },
});

/** a tender of the owner with one stored notice (inserted directly) */
const ownNotice = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const { params } = await ownTender(ctx, owner);
  const [row] = await ctx.t.app
    .get(DataSource)
    .query<Array<{ id: string }>>(
      `INSERT INTO eforms_notices (id, tender_id, kind, version, subtype, xml) VALUES (gen_random_uuid(), $1, 'contract', 1, '16', '<ContractNotice/>') RETURNING id`,
      [params['id']],
    );
  return { params: { id: params['id']!, file: `${row!.id}.xml` } };
};

const ownSubscription = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const [row] = await ctx.t.app
    .get(DataSource)
    .query<Array<{ id: string }>>(
      `INSERT INTO supplier_subscriptions (supplier_organisation_id, cpv_prefixes) VALUES ($1, '{3414}') RETURNING id`,
      [owner.organisationId],
    );
  return { params: { id: row!.id } };
};

/** an offer of the supplier for the first lot of a tender (sealed bytes that are never opened here) */
async function insertOffer(ctx: AccessMatrixContext, tenderId: string, supplierId: string) {
  const db = ctx.t.app.get(DataSource);
  const [lot] = await db.query<Array<{ id: string }>>(`SELECT id FROM tender_lots WHERE tender_id = $1`, [tenderId]);
  const [offer] = await db.query<Array<{ id: string }>>(
    `INSERT INTO offers (tender_id, lot_id, supplier_organisation_id, version, ciphertext, iv, auth_tag, key_id, digest, submitted_at)
     VALUES ($1, $2, $3, 1, '\\x00', '\\x00', '\\x00', 'k1', 'd', now()) RETURNING id`,
    [tenderId, lot!.id, supplierId],
  );
  return { lotId: lot!.id, offerId: offer!.id };
}

/** a lot of the coordinator's own tender */
const ownLot = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const { params } = await ownTender(ctx, owner);
  const [lot] = await ctx.t.app
    .get(DataSource)
    .query<Array<{ id: string }>>(`SELECT id FROM tender_lots WHERE tender_id = $1`, [params['id']]);
  return { params: { id: params['id']!, lotId: lot!.id }, body: {} };
};

/** the coordinator's tender, a participant's tender, or a tender with a contract the supplier holds */
const ownContract = async (ctx: AccessMatrixContext, owner: TestUser) => {
  if (owner.role !== 'supplier') return ownTender(ctx, owner);
  const tenderId = await insertTender(ctx.t, ctx.users.coordinator.organisationId, ctx.users.buyer.organisationId);
  const { lotId, offerId } = await insertOffer(ctx, tenderId, owner.organisationId);
  await ctx.t.app.get(DataSource).query(
    `INSERT INTO tender_contracts (number, tender_id, lot_id, organisation_id, supplier_organisation_id, offer_id, value_cents,
       term_from, term_to, concluded_at)
     VALUES ('TEST-' || gen_random_uuid(), $1, $2, $3, $4, $5, 100000, '2027-01-01', '2027-12-31', now())`,
    [tenderId, lotId, ctx.users.buyer.organisationId, owner.organisationId, offerId],
  );
  return { params: { id: tenderId } };
};

/**
 * a tender the coordinator runs; for a supplier, a tender with an information letter to it
 * (offer and letter inserted directly: the sealed bytes are never opened here)
 */
const ownLetter = async (ctx: AccessMatrixContext, owner: TestUser) => {
  if (owner.role !== 'supplier') return ownTender(ctx, owner);
  const tenderId = await insertTender(ctx.t, ctx.users.coordinator.organisationId);
  const { lotId, offerId } = await insertOffer(ctx, tenderId, owner.organisationId);
  await ctx.t.app.get(DataSource).query(
    `INSERT INTO tender_information_letters (tender_id, lot_id, offer_id, supplier_organisation_id, outcome, winner_name, reasons,
       subject, body, sent_at, earliest_conclusion_at)
     VALUES ($1, $2, $3, $4, 'awarded', 'Test GmbH', '[]', 'Vorabinformation', 'Text', now(), now())`,
    [tenderId, lotId, offerId, owner.organisationId],
  );
  return { params: { id: tenderId } };
};

export const rules: RouteAccessRule[] = [
  { route: 'POST /api/v1/bundles/{id}/tender', access: ['coordinator'], ownedObject: ownBundle },
  // a list of one's own (public bodies) or of the published ones (suppliers): nothing to address
  { route: 'GET /api/v1/tenders', access: ['buyer', 'coordinator', 'supplier'] },
  { route: 'GET /api/v1/tenders/{id}', access: ['buyer', 'coordinator'], ownedObject: ownTender },
  { route: 'PATCH /api/v1/tenders/{id}', access: ['coordinator'], ownedObject: ownTender },
  {
    route: 'PATCH /api/v1/tenders/{id}/lots/{lotId}',
    access: ['coordinator'],
    ownedObject: async (ctx, owner) => ({ ...(await ownLot(ctx, owner)), body: { title: 'Los 1: Umbenannt' } }),
  },
  // the dry run of publish: like publish, only for the coordinator who runs the tender
  { route: 'GET /api/v1/tenders/{id}/publish-check', access: ['coordinator'], ownedObject: ownTender },
  { route: 'POST /api/v1/tenders/{id}/publish', access: ['coordinator'], ownedObject: ownTender },
  // opening by two (§ 55 Abs. 2 VgV): the first a coordinator, the second any person of the coordinating organisation
  { route: 'POST /api/v1/tenders/{id}/opening', access: ['coordinator'], ownedObject: ownTender },
  {
    route: 'POST /api/v1/tenders/{id}/opening/confirm',
    access: ['buyer', 'coordinator'],
    ownedObject: ownTender,
    // a buyer confirms only as the named witness of the coordinating organisation (procedure.e2e-spec.ts)
    foreignRoles: ['coordinator'],
  },
  {
    route: 'POST /api/v1/tenders/{id}/cancel',
    access: ['coordinator'],
    ownedObject: withBody({ reason: 'Der Bedarf ist entfallen.' }),
  },
  // published tenders are public; a draft only for the coordinator who runs it
  { route: 'GET /api/v1/tenders/{id}/ocds', access: TEST_ROLES, ownedObject: ownTender, foreignRoles: ['coordinator'] },
  { route: 'GET /api/v1/tenders/{id}/record', access: ['coordinator'], ownedObject: ownTender },
  // eForms notices: like the OCDS export, a draft's only for its coordinator, a published tender's for everyone
  {
    route: 'GET /api/v1/tenders/{id}/notices',
    access: TEST_ROLES,
    ownedObject: ownTender,
    foreignRoles: ['coordinator'],
  },
  {
    route: 'GET /api/v1/tenders/{id}/notices/{file}',
    access: TEST_ROLES,
    ownedObject: ownNotice,
    foreignRoles: ['coordinator'],
  },
  {
    route: 'POST /api/v1/tenders/{id}/offers',
    access: ['supplier'],
    noOwner: 'any supplier may bid on a published tender; a draft answers 404 to every supplier',
  },
  { route: 'GET /api/v1/tenders/{id}/offers', access: ['coordinator'], ownedObject: ownTender },
  { route: 'GET /api/v1/tenders/{id}/evaluation', access: ['coordinator'], ownedObject: ownTender },
  {
    route: 'GET /api/v1/tenders/{id}/offers/mine',
    access: ['supplier'],
    noOwner: "every supplier reads its own receipts of a published tender (another supplier's list is empty)",
  },
  {
    route: 'POST /api/v1/tenders/{id}/award',
    access: ['coordinator'],
    ownedObject: withBody({
      lotId: '00000000-0000-4000-8000-000000000001',
      offerId: '00000000-0000-4000-8000-000000000002',
    }),
  },
  {
    route: 'GET /api/v1/tenders/{id}/information-letters',
    access: ['coordinator', 'supplier'],
    ownedObject: ownLetter,
  },
  { route: 'POST /api/v1/tenders/{id}/lots/{lotId}/contract', access: ['coordinator'], ownedObject: ownLot },
  {
    route: 'GET /api/v1/tenders/{id}/contracts',
    access: ['buyer', 'coordinator', 'supplier'],
    ownedObject: ownContract,
  },
  { route: 'GET /api/v1/contracts', access: ['buyer', 'coordinator', 'supplier'] },
  { route: 'GET /api/v1/tenders/{id}/evaluation.xlsx', access: ['coordinator'], ownedObject: ownTender },
  {
    route: 'GET /api/v1/tenders/{id}/contracts.xlsx',
    access: ['buyer', 'coordinator', 'supplier'],
    ownedObject: ownContract,
  },
  // the supplier sees the allocations of the lots whose contracts it holds (to deliver)
  {
    route: 'GET /api/v1/tenders/{id}/allocations',
    access: ['buyer', 'coordinator', 'supplier'],
    ownedObject: ownContract,
  },
  { route: 'GET /api/v1/market/demand', access: ['supplier'] },
  { route: 'GET /api/v1/market/tenders', access: ['supplier'] },
  {
    route: 'GET /api/v1/market/tenders/{id}',
    access: ['supplier'],
    noOwner: 'a published tender is public to every supplier; a draft answers 404 to every supplier',
  },
  { route: 'POST /api/v1/market/subscriptions', access: ['supplier'] },
  { route: 'GET /api/v1/market/subscriptions', access: ['supplier'] },
  { route: 'DELETE /api/v1/market/subscriptions/{id}', access: ['supplier'], ownedObject: ownSubscription },
  { route: 'GET /api/v1/reports/sustainability', access: ['coordinator', 'admin'] },
  { route: 'GET /api/v1/reports/sustainability.xlsx', access: ['coordinator', 'admin'] },
  { route: 'GET /api/v1/reports/sustainability.csv', access: ['coordinator', 'admin'] },
];
