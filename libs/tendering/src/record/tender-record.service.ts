import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { centsToEur } from '@buendel/domain';
import { OffersService, toLotOffersDto } from '../offers/offers.service';
import { TendersService } from '../tenders/tenders.service';
import { toTenderDto } from '../tenders/tender.view';

/**
 * The tender's full record (Vergabevermerk, § 8 VgV) as JSON: the bundle it came from and who
 * took part, the regime and its legal basis, the lots, items and criteria, publication and
 * deadline, the opening, the evaluation with its parts, the awards with their reasons, the
 * allocations, and every audit event of tender, bundle and offers in order. Who submitted an
 * offer is part of it only after the opening (§ 55 VgV).
 */
@Injectable()
export class TenderRecordService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenders: TendersService,
    private readonly offers: OffersService,
  ) {}

  async record(user: AuthUser, tenderId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const tender = await this.tenders.owned(manager, user, tenderId);
    const opened = ['opened', 'awarded'].includes(tender.status);
    const [bundle] = await manager.query<Array<Record<string, unknown>>>(
      `SELECT id, title, cpv_prefixes AS "cpvPrefixes", district_keys AS "districtKeys", join_deadline AS "joinDeadline",
              closed_at AS "closedAt", mandatory_criteria AS "mandatoryCriteria", created_at AS "createdAt"
       FROM bundles WHERE id = $1`,
      [tender.bundle_id],
    );
    const participants = await manager.query<
      Array<{ organisation_id: string; name: string; ags: string | null; value: string }>
    >(
      `SELECT s.organisation_id, o.name, o.ags, sum(s.estimated_value_cents)::text AS value
       FROM tender_item_shares s JOIN organisations o ON o.id = s.organisation_id
       WHERE s.tender_id = $1 GROUP BY s.organisation_id, o.name, o.ags ORDER BY o.name`,
      [tenderId],
    );
    const events = await manager.query<Array<Record<string, unknown>>>(
      `SELECT id, occurred_at AS "occurredAt", action, entity_type AS "entityType", entity_id AS "entityId",
              actor_user_id AS "actorUserId", actor_organisation_id AS "actorOrganisationId", data
       FROM audit_events
       WHERE (entity_type = 'tender' AND entity_id = $1) OR (entity_type = 'bundle' AND entity_id = $2)
          OR (entity_type = 'offer' AND entity_id IN (SELECT id::text FROM offers WHERE tender_id = $1::uuid) AND $3::boolean)
       ORDER BY id`,
      [tenderId, tender.bundle_id, opened],
    );
    const awards = await manager.query<Array<Record<string, unknown>>>(
      `SELECT a.lot_id AS "lotId", a.offer_id AS "offerId", a.supplier_organisation_id AS "supplierOrganisationId", o.name AS "supplierName",
              a.value_cents AS "valueCents", a.best_ranked AS "bestRanked", a.reason, a.awarded_by AS "awardedBy", a.awarded_at AS "awardedAt"
       FROM tender_awards a JOIN organisations o ON o.id = a.supplier_organisation_id WHERE a.tender_id = $1`,
      [tenderId],
    );
    const allocations = await manager.query<Array<{ organisation_id: string; value: string }>>(
      `SELECT organisation_id, sum(value_cents)::text AS value FROM tender_allocations WHERE tender_id = $1 GROUP BY organisation_id`,
      [tenderId],
    );
    const receipts = opened ? await this.offers.receipts(manager, tenderId) : [];
    return {
      kind: 'Vergabevermerk',
      generatedAt: new Date().toISOString(),
      tender: await toTenderDto(manager, tender),
      bundle: {
        ...bundle,
        participants: participants.map((p) => ({
          organisationId: p.organisation_id,
          name: p.name,
          ags: p.ags,
          estimatedValueEur: centsToEur(Number(p.value)),
        })),
      },
      regime: tender.regime,
      publication: { publishedAt: tender.published_at, submissionDeadline: tender.submission_deadline },
      opening: opened
        ? {
            openedAt: tender.opened_at,
            offers: receipts.map((r) => ({
              offerId: r.id,
              lotId: r.lot_id,
              supplierOrganisationId: r.supplier_organisation_id,
              version: r.version,
              submittedAt: r.submitted_at,
              digest: r.digest,
            })),
          }
        : null,
      evaluation: opened ? (await this.offers.evaluate(manager, tender)).map(toLotOffersDto) : null,
      awards: awards.map((a) => ({ ...a, valueEur: centsToEur(Number(a['valueCents'])) })),
      allocations: allocations.map((a) => ({
        organisationId: a.organisation_id,
        valueEur: centsToEur(Number(a.value)),
      })),
      events,
    };
  }
}
