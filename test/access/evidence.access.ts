import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { StoredFiles } from '@buendel/http';
import { AccessMatrixContext, insertTender, RouteAccessRule, TestUser } from '@buendel/testing';

const PDF = Buffer.from('%PDF-1.4\n% Zugriffstest\n%%EOF\n');

/** a piece of evidence of the owner's organisation (row inserted directly, its file written into the store) */
export async function insertEvidence(
  ctx: AccessMatrixContext,
  owner: TestUser,
  validTo: string | null = '2099-12-31',
): Promise<string> {
  const sha256 = createHash('sha256').update(PDF).digest('hex');
  const file = ctx.t.app.get(StoredFiles).pathOf(sha256);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, PDF);
  const [row] = await ctx.t.app.get(DataSource).query<Array<{ id: string }>>(
    `INSERT INTO supplier_evidence (organisation_id, kind, title, issuer, number, valid_from, valid_to, file_sha256,
       file_name, media_type, size_bytes)
     VALUES ($1, 'ISO_14001', 'ISO 14001', 'TÜV', 'Z-1', '2020-01-01', $2, $3, 'z.pdf', 'application/pdf', $4)
     RETURNING id`,
    [owner.organisationId, validTo, sha256, PDF.length],
  );
  return row!.id;
}

const ownEvidence = async (ctx: AccessMatrixContext, owner: TestUser) => ({
  params: { id: await insertEvidence(ctx, owner) },
});

/** the coordinator's tender with an awarded offer's claim on a piece of a supplier's evidence (inserted directly) */
const claimedEvidence = async (ctx: AccessMatrixContext, owner: TestUser) => {
  const tenderId = await insertTender(ctx.t, owner.organisationId);
  const evidenceId = await insertEvidence(ctx, ctx.users.supplier);
  const db = ctx.t.app.get(DataSource);
  const [lot] = await db.query<Array<{ id: string }>>(`SELECT id FROM tender_lots WHERE tender_id = $1`, [tenderId]);
  await db.query(
    `INSERT INTO award_evidence_claims (tender_id, lot_id, offer_id, supplier_organisation_id, code, evidence_id)
     VALUES ($1, $2, gen_random_uuid(), $3, 'ENVIRONMENTAL_MANAGEMENT', $4)`,
    [tenderId, lot!.id, ctx.users.supplier.organisationId, evidenceId],
  );
  return { params: { id: tenderId, evidenceId }, body: { verification: 'checked' } };
};

export const rules: RouteAccessRule[] = [
  { route: 'GET /api/v1/tenders/{id}/evidence', access: ['coordinator'], ownedObject: claimedEvidence },
  {
    route: 'PUT /api/v1/tenders/{id}/evidence/{evidenceId}',
    access: ['coordinator'],
    ownedObject: claimedEvidence,
  },
  {
    route: 'GET /api/v1/tenders/{id}/evidence/{evidenceId}/file',
    access: ['coordinator'],
    ownedObject: claimedEvidence,
  },
  { route: 'POST /api/v1/suppliers/me/evidence', access: ['supplier'] },
  { route: 'GET /api/v1/suppliers/me/evidence', access: ['supplier'] },
  { route: 'GET /api/v1/suppliers/me/evidence/{id}', access: ['supplier'], ownedObject: ownEvidence },
  { route: 'GET /api/v1/suppliers/me/evidence/{id}/file', access: ['supplier'], ownedObject: ownEvidence },
  { route: 'DELETE /api/v1/suppliers/me/evidence/{id}', access: ['supplier'], ownedObject: ownEvidence },
];
