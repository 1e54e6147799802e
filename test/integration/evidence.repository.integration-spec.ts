import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EvidenceClaimsRepository, EvidenceRepository, EvidenceToStore } from '@buendel/tendering';
import { openIntegrationDb } from '../support/integration-db';
import { createTenderWorld, TenderWorld } from '../support/tender-world';

/**
 * The middle tier of evidence: suppliers' evidence and the claims of awarded offers against the
 * real PostgreSQL, without Nest or HTTP. An organisation reads and withdraws only its own
 * pieces; the expiry warning is raised once per piece; a claim's evidence can be verified and
 * its file read only through a tender whose awarded offer names it.
 */
describe('EvidenceRepository and EvidenceClaimsRepository against PostgreSQL', () => {
  let db: DataSource;
  let w: TenderWorld;
  let repo: EvidenceRepository;
  const claims = new EvidenceClaimsRepository();

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new EvidenceRepository(db);
    w = await createTenderWorld(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const piece = (
    organisationId: string,
    uploadedBy: string,
    fields: Partial<EvidenceToStore> = {},
  ): EvidenceToStore => ({
    organisationId,
    uploadedBy,
    kind: 'EU_ECOLABEL',
    title: 'EU Ecolabel Papier',
    issuer: 'RAL gGmbH',
    number: `DE/011/${randomUUID().slice(0, 6)}`,
    validFrom: '2026-01-01',
    validTo: '2028-12-31',
    fileSha256: createHash('sha256').update(randomUUID()).digest('hex'),
    fileName: 'zertifikat.pdf',
    mediaType: 'application/pdf',
    sizeBytes: 1234,
    ...fields,
  });

  it('stores a piece and shows it to its organisation only', async () => {
    const [one, two] = w.suppliers;
    const stored = await repo.insert(w.manager, piece(one.id, one.userId));
    expect(stored).toMatchObject({ organisation_id: one.id, valid_from: '2026-01-01', valid_to: '2028-12-31' });
    expect((await repo.own(one.id, stored.id))?.id).toBe(stored.id);
    expect(await repo.own(two.id, stored.id)).toBeUndefined();
    expect(await repo.ownMany(w.manager, two.id, [stored.id])).toEqual([]);
    expect((await repo.byIds(w.manager, [stored.id])).map((e) => e.id)).toEqual([stored.id]);
  });

  it('withdraws once: the first time stays, another organisation cannot, the list hides it unless asked', async () => {
    const [one, two] = w.suppliers;
    const stored = await repo.insert(w.manager, piece(one.id, one.userId, { title: 'Zurückzuziehen' }));
    const first = new Date('2026-06-01T10:00:00Z');
    expect(await repo.withdraw(two.id, stored.id, first)).toBeUndefined();
    expect((await repo.withdraw(one.id, stored.id, first))?.withdrawn_at).toEqual(first);
    expect((await repo.withdraw(one.id, stored.id, new Date('2026-07-01T10:00:00Z')))?.withdrawn_at).toEqual(first);
    const request = { page: 1, pageSize: 100, limit: 100, offset: 0 };
    const visible = await repo.page(one.id, false, request, (r) => r.id);
    const all = await repo.page(one.id, true, request, (r) => r.id);
    expect(visible.items).not.toContain(stored.id);
    expect(all.items).toContain(stored.id);
  });

  it('flags a piece that expires within the window once, and neither a withdrawn nor a later one', async () => {
    const [one] = w.suppliers;
    const soon = await repo.insert(w.manager, piece(one.id, one.userId, { validTo: '2026-03-10' }));
    const later = await repo.insert(w.manager, piece(one.id, one.userId, { validTo: '2026-09-30' }));
    const gone = await repo.insert(w.manager, piece(one.id, one.userId, { validTo: '2026-03-05' }));
    await repo.withdraw(one.id, gone.id, new Date());
    const only = [soon.id, later.id, gone.id];
    const flagged = await repo.flagExpiring(w.manager, '2026-03-01', '2026-03-31', only);
    expect(flagged).toEqual([
      {
        organisation_id: one.id,
        evidence_id: soon.id,
        kind: 'EU_ECOLABEL',
        title: 'EU Ecolabel Papier',
        issuer: 'RAL gGmbH',
        number: soon.number,
        valid_to: '2026-03-10',
      },
    ]);
    const [notification] = await db.query<Array<{ title: string }>>(
      `SELECT title FROM notifications WHERE kind = 'evidence.expiring' AND subject_id = $1`,
      [soon.id],
    );
    expect(notification?.title).toBe('Nachweis läuft ab am 10.03.2026: EU Ecolabel Papier');
    expect(await repo.flagExpiring(w.manager, '2026-03-01', '2026-03-31', only)).toEqual([]);
  });

  it('verifies the evidence an awarded offer claims, through its tender only', async () => {
    const [one] = w.suppliers;
    const evidence = await repo.insert(w.manager, piece(one.id, one.userId));
    const offerId = randomUUID();
    await db.query(
      `INSERT INTO offers (id, tender_id, lot_id, supplier_organisation_id, submitted_by, version, ciphertext, iv, auth_tag,
         key_id, digest, digest_salt, submitted_at)
       VALUES ($1, $2, $3, $4, $5, 1, '\\x00', '\\x00', '\\x00', 'k', 'd', 's', now())`,
      [offerId, w.tenderId, w.lotId, one.id, one.userId],
    );
    const award = { tenderId: w.tenderId, lotId: w.lotId, offerId, supplierOrganisationId: one.id };
    await claims.insert(w.manager, award, [
      { code: 'EU_ECOLABEL', evidenceId: evidence.id },
      { code: 'BLAUER_ENGEL', evidenceId: null },
    ]);
    const before = await claims.ofTender(w.manager, w.tenderId);
    expect(before.map((c) => [c.code, c.evidence_id, c.verification, c.title])).toEqual([
      ['BLAUER_ENGEL', null, 'pending', null],
      ['EU_ECOLABEL', evidence.id, 'pending', 'EU Ecolabel Papier'],
    ]);
    const at = new Date('2026-06-02T09:00:00Z');
    const by = w.coordinator.userId;
    expect(
      await claims.verify(w.manager, randomUUID(), evidence.id, { verification: 'checked', note: null, by, at }),
    ).toEqual([]);
    expect(
      await claims.verify(w.manager, w.tenderId, evidence.id, { verification: 'checked', note: 'geprüft', by, at }),
    ).toHaveLength(1);
    const after = await claims.ofTender(w.manager, w.tenderId);
    expect(after.find((c) => c.code === 'EU_ECOLABEL')).toMatchObject({
      verification: 'checked',
      note: 'geprüft',
      verified_by: by,
    });
    expect(await claims.fileOfClaimed(w.manager, w.tenderId, evidence.id)).toMatchObject({
      file_name: 'zertifikat.pdf',
    });
    expect(await claims.fileOfClaimed(w.manager, randomUUID(), evidence.id)).toBeUndefined();
  });
});
