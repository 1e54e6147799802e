import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AwardRepository,
  ContractsRepository,
  NoticesRepository,
  OcdsRepository,
  OffersRepository,
  RecordRepository,
  TendersRepository,
} from '@buendel/tendering';
import { openIntegrationDb } from '../support/integration-db';
import { createTenderWorld, TenderWorld } from '../support/tender-world';

/**
 * The middle tier of tendering: the repositories of tenders, offers, awards, contracts, OCDS,
 * notices and the record against the real PostgreSQL (the run's migrated database), without Nest
 * or HTTP. One procedure runs through them in its order (tests of a describe build on the one
 * before): the tender of a closed bundle, two suppliers' offers, the award of the lot to the
 * first, its allocations and contracts, then what OCDS, the notices and the record read of it.
 */
describe('tendering repositories against PostgreSQL', () => {
  let db: DataSource;
  let w: TenderWorld;
  const tenders = new TendersRepository();
  const offers = new OffersRepository();
  const award = new AwardRepository();
  const contracts = new ContractsRepository();
  const ocds = new OcdsRepository();
  const notices = new NoticesRepository();
  const record = new RecordRepository();
  const offerIds = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    db = await openIntegrationDb();
    w = await createTenderWorld(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const sealed = (digest: string) => ({
    ciphertext: randomBytes(32),
    iv: randomBytes(12),
    authTag: randomBytes(16),
    keyId: 'test-key',
    salt: randomBytes(8).toString('hex'),
    digest,
  });

  describe('TendersRepository', () => {
    it('reads the tender with its lot, its item (CPV label, unit name) and the frozen shares', async () => {
      const tender = await tenders.find(w.manager, w.tenderId);
      expect(tender).toMatchObject({ id: w.tenderId, status: 'draft', bundle_id: w.bundleId });
      const { lots, items } = await tenders.parts(w.manager, w.tenderId);
      expect(lots).toEqual([expect.objectContaining({ key: 'L1', title: 'Los 1: Elektrofahrzeuge', position: 0 })]);
      expect(items).toEqual([
        expect.objectContaining({
          cpv_code: '34144900-7',
          unit: 'H87',
          quantity: '5.000',
          district_key: w.districtKey,
        }),
      ]);
      expect(items[0]!.cpv_label).toEqual(expect.any(String));
      const shares = await tenders.frozenShares(w.manager, w.bundleId);
      expect(shares.map((s) => [s.organisation_id, s.quantity, s.value]).sort()).toEqual(
        [
          [w.buyers[0].id, '2.000', '6000000'],
          [w.buyers[1].id, '3.000', '9000000'],
        ].sort(),
      );
      expect(await tenders.lotsToPlace(w.manager, w.tenderId)).toEqual([
        { key: 'L1', title: 'Los 1: Elektrofahrzeuge', cpvCodes: ['34144900-7'] },
      ]);
    });

    it('knows who takes part: the share holders and the coordinator, nobody else', async () => {
      expect(await tenders.participatingOrganisations(w.manager, w.tenderId)).toEqual(
        [w.buyers[0].id, w.buyers[1].id, w.coordinator.id].sort(),
      );
      expect(await tenders.isParticipant(w.manager, w.tenderId, w.buyers[1].id)).toBe(true);
      expect(await tenders.isParticipant(w.manager, w.tenderId, w.suppliers[0].id)).toBe(false);
      expect(await tenders.isParticipant(w.manager, w.tenderId, w.coordinator.id)).toBe(false);
    });

    it('a published national tender past its deadline is due for opening; a draft or an EU one is not', async () => {
      expect(await tenders.dueForOpening(w.manager, 10_000)).not.toContain(w.tenderId);
      await tenders.markPublished(w.manager, w.tenderId, { scope: 'EU' }, 'open');
      expect(await tenders.dueForOpening(w.manager, 10_000)).not.toContain(w.tenderId);
      expect(await w.manager.transaction((m) => tenders.lockDueForOpening(m, w.tenderId))).toBe(false);
      await tenders.markPublished(w.manager, w.tenderId, { scope: 'national' }, 'national-open');
      expect(await tenders.dueForOpening(w.manager, 10_000)).toContain(w.tenderId);
      expect(await w.manager.transaction((m) => tenders.lockDueForOpening(m, w.tenderId))).toBe(true);
      expect(await tenders.publishedDeadlines(w.manager)).toContainEqual({
        id: w.tenderId,
        submission_deadline: expect.any(Date),
      });
    });

    it('renames a lot of its own tender only', async () => {
      expect(await tenders.renameLot(w.manager, randomUUID(), w.lotId, 'Fremd')).toBeUndefined();
      expect(await tenders.renameLot(w.manager, w.tenderId, w.lotId, 'Los 1: E-Kleinwagen')).toBe(
        'Los 1: Elektrofahrzeuge',
      );
      expect(await tenders.renameLot(w.manager, w.tenderId, w.lotId, 'Los 1: Elektrofahrzeuge')).toBe(
        'Los 1: E-Kleinwagen',
      );
    });
  });

  describe('OffersRepository', () => {
    it('stores each supplier one offer per lot; a new version replaces the earlier one', async () => {
      for (const [i, supplier] of w.suppliers.entries()) {
        await offers.upsert(w.manager, {
          id: offerIds[i]!,
          tenderId: w.tenderId,
          lotId: w.lotId,
          supplierOrganisationId: supplier.id,
          submittedBy: supplier.userId,
          version: 1,
          sealed: sealed(`digest-${i}-v1`),
        });
      }
      await offers.upsert(w.manager, {
        id: offerIds[0]!,
        tenderId: w.tenderId,
        lotId: w.lotId,
        supplierOrganisationId: w.suppliers[0].id,
        submittedBy: w.suppliers[0].userId,
        version: 2,
        sealed: sealed('digest-0-v2'),
      });
      expect(await offers.findOwn(w.manager, w.lotId, w.suppliers[0].id)).toEqual({ id: offerIds[0], version: 2 });
      const receipts = await offers.receipts(w.manager, w.tenderId);
      expect(receipts.map((r) => [r.supplier_organisation_id, r.version, r.digest]).sort()).toEqual(
        [
          [w.suppliers[0].id, 2, 'digest-0-v2'],
          [w.suppliers[1].id, 1, 'digest-1-v1'],
        ].sort(),
      );
      const own = await offers.ownReceipts(w.manager, w.tenderId, w.suppliers[1].id);
      expect(own).toEqual([expect.objectContaining({ id: offerIds[1], version: 1, digest_salt: expect.any(String) })]);
      const sealedRows = await offers.sealedOffers(w.manager, w.tenderId);
      expect(sealedRows.map((o) => o.supplier_name).sort()).toEqual(w.suppliers.map((s) => s.name).sort());
      expect(sealedRows.every((o) => Buffer.isBuffer(o.ciphertext) && o.ciphertext.length === 32)).toBe(true);
      expect(await tenders.offersPerLot(w.manager, w.tenderId)).toEqual([
        { key: 'L1', title: 'Los 1: Elektrofahrzeuge', offers: 2 },
      ]);
      expect(await offers.itemIdsOfLot(w.manager, w.tenderId, w.lotId)).toEqual([w.itemId]);
    });
  });

  describe('AwardRepository', () => {
    it('awards the lot and allocates its item to the two buyers by their shares', async () => {
      expect(await award.awardOfLot(w.manager, w.lotId)).toBeUndefined();
      const shares = await award.sharesOfLot(w.manager, w.lotId);
      expect(shares.map((s) => [s.organisation_id, s.quantity]).sort()).toEqual(
        [
          [w.buyers[0].id, '2.000'],
          [w.buyers[1].id, '3.000'],
        ].sort(),
      );
      await award.insertAward(w.manager, {
        lotId: w.lotId,
        tenderId: w.tenderId,
        offerId: offerIds[0]!,
        supplierOrganisationId: w.suppliers[0].id,
        valueCents: 14_000_000,
        bestRanked: true,
        reason: null,
        evaluation: { ranked: [offerIds[0], offerIds[1]] },
        awardedBy: w.coordinator.userId,
      });
      await award.insertAllocations(w.manager, w.tenderId, w.lotId, [
        { itemId: w.itemId, organisationId: w.buyers[0].id, quantityMilli: 2_000, valueCents: 5_600_000 },
        { itemId: w.itemId, organisationId: w.buyers[1].id, quantityMilli: 3_000, valueCents: 8_400_000 },
      ]);
      await award.markLotAwarded(w.manager, w.lotId);
      expect(await award.awardOfLot(w.manager, w.lotId)).toEqual({ offer_id: offerIds[0] });
      expect(await award.awardedLotIds(w.manager, w.tenderId)).toEqual([w.lotId]);
      expect(await award.allocationTotals(w.manager, w.tenderId)).toEqual([
        { lot_id: w.lotId, item_id: w.itemId, quantity: '5.000', value_cents: '14000000' },
      ]);
    });

    it('shows a buyer its own allocation with the place its demand delivers to, and all of them to the tender', async () => {
      const all = await award.allocations(w.manager, w.tenderId);
      expect(all.map((a) => a.name)).toEqual(w.buyers.map((b) => b.name));
      const own = await award.allocations(w.manager, w.tenderId, {
        kind: 'organisation',
        organisationId: w.buyers[1].id,
      });
      expect(own).toEqual([
        expect.objectContaining({
          organisation_id: w.buyers[1].id,
          quantity: '3.000',
          value_cents: '8400000',
          delivery_ags: [`${w.districtKey}002`],
        }),
      ]);
      // a supplier sees the allocations of the lots whose contracts it holds: none yet
      expect(
        await award.allocations(w.manager, w.tenderId, { kind: 'supplier', organisationId: w.suppliers[0].id }),
      ).toEqual([]);
      expect(await award.holdsContract(w.manager, w.tenderId, w.suppliers[0].id)).toBe(false);
    });
  });

  describe('ContractsRepository', () => {
    it('concludes one contract per buyer of the awarded lot, each readable by its parties only', async () => {
      expect(await contracts.awardedLotsWithoutContracts(w.manager, w.tenderId)).toBe(1);
      const lotAward = await w.manager.transaction((m) => contracts.lotAward(m, w.tenderId, w.lotId));
      expect(lotAward).toMatchObject({
        lot_key: 'L1',
        offer_id: offerIds[0],
        supplier_organisation_id: w.suppliers[0].id,
      });
      const perOrganisation = await contracts.allocatedPerOrganisation(w.manager, w.lotId);
      expect(perOrganisation).toEqual([
        { organisation_id: w.buyers[0].id, value_cents: '5600000' },
        { organisation_id: w.buyers[1].id, value_cents: '8400000' },
      ]);
      await contracts.insert(
        w.manager,
        perOrganisation.map((p, i) => ({
          number: `V-${w.districtKey}-${i + 1}`,
          tenderId: w.tenderId,
          lotId: w.lotId,
          organisationId: p.organisation_id,
          supplierOrganisationId: w.suppliers[0].id,
          offerId: offerIds[0]!,
          valueCents: Number(p.value_cents),
          termFrom: '2027-01-01',
          termTo: '2027-12-31',
          concludedAt: new Date(),
          concludedBy: w.coordinator.userId,
        })),
      );
      expect(await contracts.countOfLot(w.manager, w.lotId)).toBe(2);
      expect(await contracts.awardedLotsWithoutContracts(w.manager, w.tenderId)).toBe(0);

      const all = await contracts.ofTender(w.manager, w.tenderId, { kind: 'tender' });
      expect(all.map((c) => [c.number, c.organisation_name, c.supplier_name, c.term_from, c.term_to])).toEqual([
        [`V-${w.districtKey}-1`, w.buyers[0].name, w.suppliers[0].name, '2027-01-01', '2027-12-31'],
        [`V-${w.districtKey}-2`, w.buyers[1].name, w.suppliers[0].name, '2027-01-01', '2027-12-31'],
      ]);
      const buyerB = await contracts.ofTender(w.manager, w.tenderId, { kind: 'buyer', organisationId: w.buyers[1].id });
      expect(buyerB.map((c) => c.number)).toEqual([`V-${w.districtKey}-2`]);
      expect(
        await contracts.ofTender(w.manager, w.tenderId, { kind: 'supplier', organisationId: w.suppliers[1].id }),
      ).toEqual([]);
      expect((await contracts.ofOrganisation(w.manager, w.suppliers[0].id, 10, 0)).length).toBe(2);
      expect(await contracts.countOfOrganisation(w.manager, w.buyers[0].id)).toBe(1);
      expect(await contracts.countOfOrganisation(w.manager, w.suppliers[1].id)).toBe(0);

      const items = await contracts.items(w.manager, [{ lotId: w.lotId, organisationId: w.buyers[0].id }]);
      expect(items).toEqual([
        expect.objectContaining({ item_id: w.itemId, quantity: '2.000', delivery_ags: [`${w.districtKey}001`] }),
      ]);
    });

    it('a supplier holding a contract sees its lot’s allocations; the other supplier none', async () => {
      expect(await award.holdsContract(w.manager, w.tenderId, w.suppliers[0].id)).toBe(true);
      expect(await award.holdsContract(w.manager, w.tenderId, w.suppliers[1].id)).toBe(false);
      const seen = await award.allocations(w.manager, w.tenderId, {
        kind: 'supplier',
        organisationId: w.suppliers[0].id,
      });
      expect(seen.map((a) => a.organisation_id)).toEqual(w.buyers.map((b) => b.id));
    });

    it('notifies the buyers and the supplier of the conclusion once', async () => {
      await contracts.notifyConcluded(w.manager, w.tenderId, w.lotId, 'E-Autos');
      await contracts.notifyConcluded(w.manager, w.tenderId, w.lotId, 'E-Autos');
      const rows = await db.query<Array<{ organisation_id: string; title: string }>>(
        `SELECT organisation_id, title FROM notifications WHERE kind = 'tender.contract-concluded' AND subject_id = $1`,
        [w.lotId],
      );
      expect(rows.map((r) => r.organisation_id).sort()).toEqual(
        [w.buyers[0].id, w.buyers[1].id, w.suppliers[0].id].sort(),
      );
      expect(rows.every((r) => r.title === 'Vertrag geschlossen: E-Autos')).toBe(true);
    });
  });

  describe('OcdsRepository', () => {
    it('reads the parties, the award, the contracts and the allocations of the procedure', async () => {
      expect((await ocds.buyers(w.manager, w.tenderId)).map((p) => p.name)).toEqual(w.buyers.map((b) => b.name));
      expect((await ocds.tenderers(w.manager, w.tenderId)).map((p) => p.name)).toEqual(w.suppliers.map((s) => s.name));
      expect((await ocds.party(w.manager, w.coordinator.id)).district_key).toBe(w.districtKey);
      expect(await ocds.parties(w.manager, [])).toEqual([]);
      expect(await ocds.awards(w.manager, w.tenderId)).toEqual([
        expect.objectContaining({
          lot_id: w.lotId,
          offer_id: offerIds[0],
          supplier_organisation_id: w.suppliers[0].id,
        }),
      ]);
      expect((await ocds.contracts(w.manager, w.tenderId)).map((c) => [c.number, c.value_cents])).toEqual([
        [`V-${w.districtKey}-1`, '5600000'],
        [`V-${w.districtKey}-2`, '8400000'],
      ]);
      expect((await ocds.allocations(w.manager, w.tenderId)).length).toBe(2);
    });
  });

  describe('NoticesRepository', () => {
    it('keeps the notices in their versions; the latest is the one a change refers to', async () => {
      expect(await notices.latest(w.manager, w.tenderId)).toBeUndefined();
      const first = randomUUID();
      const change = randomUUID();
      await notices.insert(w.manager, {
        id: first,
        tenderId: w.tenderId,
        kind: 'contract',
        version: 1,
        subtype: '16',
        changesNoticeId: null,
        xml: '<ContractNotice/>',
        createdBy: w.coordinator.userId,
      });
      await notices.insert(w.manager, {
        id: change,
        tenderId: w.tenderId,
        kind: 'change',
        version: 2,
        subtype: '16',
        changesNoticeId: first,
        xml: '<ContractNotice><Change/></ContractNotice>',
        createdBy: w.coordinator.userId,
      });
      expect((await notices.list(w.manager, w.tenderId)).map((n) => [n.version, n.kind, n.changes_notice_id])).toEqual([
        [1, 'contract', null],
        [2, 'change', first],
      ]);
      expect((await notices.latest(w.manager, w.tenderId))?.id).toBe(change);
      expect(await notices.xml(w.manager, w.tenderId, first)).toBe('<ContractNotice/>');
      expect(await notices.xml(w.manager, randomUUID(), first)).toBeUndefined();
    });

    it('reads what a notice is made of: participants, places, offers, award and contracts', async () => {
      expect((await notices.participantIds(w.manager, w.tenderId)).sort()).toEqual(w.buyers.map((b) => b.id).sort());
      expect([...(await notices.nutsOfPlaces(w.manager, [`${w.districtKey}001`])).keys()]).toEqual([
        `${w.districtKey}001`,
      ]);
      expect(await notices.offersPerLot(w.manager, w.tenderId)).toEqual(new Map([[w.lotId, 2]]));
      expect((await notices.awards(w.manager, w.tenderId)).map((a) => a.offer_id)).toEqual([offerIds[0]]);
      expect((await notices.contractsPerBuyer(w.manager, w.tenderId)).map((c) => c.organisation_id).sort()).toEqual(
        w.buyers.map((b) => b.id).sort(),
      );
      expect((await notices.organisations(w.manager, [w.suppliers[1].id])).map((o) => o.type)).toEqual(['supplier']);
    });
  });

  describe('RecordRepository', () => {
    it('reads the procedure record: bundle, participants, award with the supplier, values and contracts', async () => {
      expect(await record.bundle(w.manager, w.bundleId)).toMatchObject({
        id: w.bundleId,
        districtKeys: [w.districtKey],
      });
      const participants = await record.participants(w.manager, w.tenderId);
      expect(participants.map((p) => [p.name, p.value])).toEqual([
        [w.buyers[0].name, '6000000'],
        [w.buyers[1].name, '9000000'],
      ]);
      expect(await record.awards(w.manager, w.tenderId)).toEqual([
        expect.objectContaining({ lotId: w.lotId, offerId: offerIds[0], supplierName: w.suppliers[0].name }),
      ]);
      const values = await record.allocatedValues(w.manager, w.tenderId);
      expect(values.map((v) => [v.organisation_id, v.value]).sort()).toEqual(
        [
          [w.buyers[0].id, '5600000'],
          [w.buyers[1].id, '8400000'],
        ].sort(),
      );
      expect(await record.organisationName(w.manager, w.coordinator.id)).toBe(w.coordinator.name);
      expect((await record.contracts(w.manager, w.tenderId)).map((c) => c.buyer_name)).toEqual(
        w.buyers.map((b) => b.name),
      );
    });
  });
});
