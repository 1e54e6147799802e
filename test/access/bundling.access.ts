import {
  AccessMatrixContext,
  insertBundle,
  insertDemand,
  insertParticipation,
  RouteAccessRule,
  TEST_ROLES,
  TestUser,
} from '@buendel/testing';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { StoredFiles } from '@buendel/http';

const PUBLIC_BODY_USERS = ['buyer', 'coordinator'] as const;

/** a demand of the owner's organisation */
const ownDemand = async (ctx: AccessMatrixContext, owner: TestUser) => ({
  params: {
    id: await insertDemand(ctx.t, owner.organisationId, { districtKey: owner.organisation.districtKey ?? undefined }),
  },
});

/** a bundle covering the owner's district (so the owner sees it; a user of another district does not) */
const bundleInRegion = async (ctx: AccessMatrixContext, owner: TestUser) => ({
  params: { id: await insertBundle(ctx.t, ctx.users.coordinator.organisationId, [owner.organisation.districtKey!]) },
  body: { demandIds: ['00000000-0000-4000-8000-000000000000'] },
});

/** a bundle the owner's organisation coordinates */
const ownBundle = async (ctx: AccessMatrixContext, owner: TestUser) => ({
  params: { id: await insertBundle(ctx.t, owner.organisationId, [owner.organisation.districtKey!]) },
  body: {},
});

/** a bundle the owner takes part in */
const joinedBundle = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const bundleId = await insertBundle(ctx.t, ctx.users.coordinator.organisationId, [owner.organisation.districtKey!]);
  const demandId = await insertDemand(ctx.t, owner.organisationId, {
    districtKey: owner.organisation.districtKey ?? undefined,
  });
  await insertParticipation(ctx.t, bundleId, demandId, owner.organisationId);
  return { params: { id: bundleId } };
};

/** a bundle the owner takes part in with a recorded mandate (its council's decision, the file in the store) */
const recordedMandate = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const { params } = await joinedBundle(ctx, owner);
  const pdf = Buffer.from('%PDF-1.4\n% Beschluss\n%%EOF\n');
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const file = ctx.t.app.get(StoredFiles).pathOf(sha256);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, pdf);
  await ctx.t.app.get(DataSource).query(
    `INSERT INTO join_mandates (bundle_id, organisation_id, status, required_above_cents, join_value_cents, decided_on,
       decision_body, file_sha256, file_name, media_type, size_bytes, recorded_at)
     VALUES ($1, $2, 'recorded', 0, 100, '2026-11-01', 'council', $3, 'b.pdf', 'application/pdf', $4, now())`,
    [params.id, owner.organisationId, sha256, pdf.length],
  );
  return { params: { id: params.id, organisationId: owner.organisationId } };
};

const ownNotification = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const [row] = await ctx.t.app
    .get(DataSource)
    .query<Array<{ id: string }>>(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title) VALUES ($1, 'test', gen_random_uuid(), 'Test') RETURNING id`,
      [owner.organisationId],
    );
  return { params: { id: row!.id } };
};

/** an import of the owner's organisation (done, with an empty report) */
const ownImport = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const [row] = await ctx.t.app.get(DataSource).query<Array<{ id: string }>>(
    `INSERT INTO demand_imports (id, organisation_id, created_by, status, format, dry_run, finished_at)
       VALUES (gen_random_uuid(), $1, $2, 'done', 'csv', true, now()) RETURNING id`,
    [owner.organisationId, owner.id],
  );
  return { params: { id: row!.id } };
};

export const rules: RouteAccessRule[] = [
  { route: 'GET /api/v1/criteria', access: TEST_ROLES },
  { route: 'POST /api/v1/criteria', access: ['admin'] },
  { route: 'POST /api/v1/demands', access: PUBLIC_BODY_USERS },
  { route: 'POST /api/v1/demands/import', access: PUBLIC_BODY_USERS },
  { route: 'GET /api/v1/demands/import/template.xlsx', access: PUBLIC_BODY_USERS },
  { route: 'GET /api/v1/demands/import/template.csv', access: PUBLIC_BODY_USERS },
  { route: 'GET /api/v1/demands/imports/{id}', access: PUBLIC_BODY_USERS, ownedObject: ownImport },
  { route: 'GET /api/v1/demands/export.xlsx', access: PUBLIC_BODY_USERS },
  { route: 'GET /api/v1/demands', access: PUBLIC_BODY_USERS },
  { route: 'GET /api/v1/demands/{id}', access: PUBLIC_BODY_USERS, ownedObject: ownDemand },
  { route: 'PATCH /api/v1/demands/{id}', access: PUBLIC_BODY_USERS, ownedObject: ownDemand },
  { route: 'DELETE /api/v1/demands/{id}', access: PUBLIC_BODY_USERS, ownedObject: ownDemand },
  { route: 'GET /api/v1/demands/{id}/matches', access: PUBLIC_BODY_USERS, ownedObject: ownDemand },
  { route: 'POST /api/v1/bundles', access: ['coordinator'] },
  { route: 'GET /api/v1/bundles', access: PUBLIC_BODY_USERS },
  { route: 'GET /api/v1/bundles/{id}', access: PUBLIC_BODY_USERS, ownedObject: bundleInRegion },
  // several bundles in one stream (a start page); each id is authorised like GET /bundles/{id}
  { route: 'GET /api/v1/bundles/events', access: PUBLIC_BODY_USERS, stream: true },
  {
    route: 'GET /api/v1/bundles/{id}/events',
    access: PUBLIC_BODY_USERS,
    ownedObject: bundleInRegion,
    stream: true,
  },
  { route: 'PATCH /api/v1/bundles/{id}', access: ['coordinator'], ownedObject: ownBundle },
  { route: 'GET /api/v1/bundles/{id}/export.xlsx', access: ['coordinator'], ownedObject: ownBundle },
  { route: 'POST /api/v1/bundles/{id}/participations', access: PUBLIC_BODY_USERS, ownedObject: bundleInRegion },
  {
    route: 'POST /api/v1/bundles/{id}/participations/preview',
    access: PUBLIC_BODY_USERS,
    ownedObject: bundleInRegion,
  },
  { route: 'DELETE /api/v1/bundles/{id}/participations/mine', access: PUBLIC_BODY_USERS, ownedObject: joinedBundle },
  {
    route: 'GET /api/v1/bundles/{id}/participations/mine/leave-preview',
    access: PUBLIC_BODY_USERS,
    ownedObject: joinedBundle,
  },
  {
    route: 'PUT /api/v1/bundles/{id}/participations/mine/mandate',
    access: PUBLIC_BODY_USERS,
    ownedObject: joinedBundle,
  },
  {
    route: 'GET /api/v1/bundles/{id}/mandates/{organisationId}/file',
    access: PUBLIC_BODY_USERS,
    ownedObject: recordedMandate,
  },
  { route: 'POST /api/v1/bundles/{id}/close', access: ['coordinator'], ownedObject: ownBundle },
  { route: 'POST /api/v1/bundles/{id}/cancel', access: ['coordinator'], ownedObject: ownBundle },
  { route: 'GET /api/v1/notifications', access: ['buyer', 'coordinator', 'supplier'] },
  {
    route: 'POST /api/v1/notifications/{id}/read',
    access: ['buyer', 'coordinator', 'supplier'],
    ownedObject: ownNotification,
  },
];
