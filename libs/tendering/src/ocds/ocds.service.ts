import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { Clock } from '@buendel/clock';
import {
  areOffersOpened,
  buildOcdsReleasePackage,
  isTenderAwarded,
  OcdsAwardInput,
  OcdsContractInput,
  OcdsPartyInput,
  OcdsReleasePackage,
  quantityToMilli,
  withFrameworkAgreement,
} from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { FrameworksService } from '../frameworks/frameworks.service';
import { OffersService } from '../offers/offers.service';
import { TendersRepository } from '../tenders/tenders.repository';
import { OcdsRepository, PartyRow } from './ocds.repository';

function toParty(r: PartyRow): OcdsPartyInput {
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    ags: r.ags,
    districtKey: r.district_key,
    nuts3: r.nuts3,
    vatId: r.vat_id,
    address: r.address,
  };
}

/**
 * The OCDS 1.1 release package of a tender, filled from the database into the domain builder:
 * the coordinator as procuring entity and lead buyer, every participant as buyer, lots and
 * items by CPV with UN/CEFACT units, after the award the awards, and the contracts as the
 * contract records concluded after the standstill (one per buyer and lot; none before).
 */
@Injectable()
export class OcdsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly offers: OffersService,
    private readonly tenders: TendersRepository,
    private readonly repo: OcdsRepository,
    private readonly clock: Clock,
    private readonly frameworks: FrameworksService,
  ) {}

  /** Published tenders for every signed-in user; a draft for its coordinator only. */
  async package(user: AuthUser, tenderId: string): Promise<OcdsReleasePackage> {
    const manager = this.dataSource.manager;
    const tender = await this.tenders.find(manager, tenderId);
    if (!tender || (!tender.published_at && tender.coordinator_organisation_id !== user.organisationId)) {
      throw new NotFoundException('Tender', tenderId);
    }
    const { lots, items, criteria } = await this.tenders.parts(manager, tenderId);
    const coordinator = await this.repo.party(manager, tender.coordinator_organisation_id);
    const buyers = await this.repo.buyers(manager, tenderId);
    const places = await this.repo.places(manager, [...new Set(items.flatMap((i) => i.delivery_ags))]);
    const placeOf = new Map(places.map((p) => [p.ags, p]));
    const opened = areOffersOpened(tender.status);
    const awarded = isTenderAwarded(tender.status);
    const tenderers = opened ? await this.repo.tenderers(manager, tenderId) : [];

    const awards: OcdsAwardInput[] = [];
    const contracts: OcdsContractInput[] = [];
    const suppliers = new Set<string>();
    if (awarded) {
      const evaluation = await this.offers.evaluate(manager, tender);
      const rows = await this.repo.awards(manager, tenderId);
      const allocations = await this.repo.allocations(manager, tenderId);
      const concluded = await this.repo.contracts(manager, tenderId);
      for (const award of rows) {
        const chosen = evaluation
          .find((l) => l.lotId === award.lot_id)
          ?.offers.find((o) => o.row.id === award.offer_id);
        const lotItems = items.filter((i) => i.lot_id === award.lot_id);
        suppliers.add(award.supplier_organisation_id);
        awards.push({
          id: award.lot_id,
          lotId: award.lot_id,
          supplierId: award.supplier_organisation_id,
          valueCents: Number(award.value_cents),
          date: award.awarded_at,
          items: lotItems.map((i) => ({
            itemId: i.id,
            quantityMilli: quantityToMilli(i.quantity),
            unitPriceEur: chosen?.content.prices.find((p) => p.itemId === i.id)?.unitPriceEur ?? null,
          })),
        });
        for (const contract of concluded.filter((c) => c.lot_id === award.lot_id)) {
          contracts.push({
            id: contract.id,
            awardId: award.lot_id,
            buyerId: contract.organisation_id,
            number: contract.number,
            valueCents: Number(contract.value_cents),
            dateSigned: contract.concluded_at,
            termFrom: contract.term_from,
            termTo: contract.term_to,
            items: allocations
              .filter((a) => a.lot_id === contract.lot_id && a.organisation_id === contract.organisation_id)
              .map((a) => ({
                itemId: a.item_id,
                quantityMilli: quantityToMilli(a.quantity),
                valueCents: Number(a.value_cents),
              })),
          });
        }
      }
    }
    const supplierRows = await this.repo.parties(manager, [...suppliers]);
    const publicUrl = (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/$/, '');
    const pkg = buildOcdsReleasePackage({
      ocidPrefix: this.config.OCDS_PREFIX,
      packageUri: `${publicUrl}/api/v1/tenders/${tenderId}/ocds`,
      publisher: { name: 'Bündel', uri: publicUrl },
      publishedDate: this.clock.now(),
      releaseDate: tender.updated_at,
      tender: {
        id: tender.id,
        bundleId: tender.bundle_id,
        title: tender.title,
        description: tender.description,
        status: tender.status,
        regimeScope: tender.regime.scope,
        procedureType: tender.procedure_type,
        legalBasis: tender.regime.legalBasis,
        submissionDeadline: tender.submission_deadline,
        publishedAt: tender.published_at,
        estimatedValueCents: Number(tender.estimated_value_cents),
      },
      procuringEntity: toParty(coordinator),
      buyers: buyers.map(toParty),
      suppliers: supplierRows.map(toParty),
      ...(opened ? { tenderers: tenderers.map(toParty) } : {}),
      lots: lots.map((l) => ({
        id: l.id,
        key: l.key,
        title: l.title,
        estimatedValueCents: Number(l.estimated_value_cents),
        items: items
          .filter((i) => i.lot_id === l.id)
          .map((i) => ({
            id: i.id,
            cpvCode: i.cpv_code,
            cpvLabel: i.cpv_label,
            unit: i.unit,
            unitName: i.unit_name,
            quantityMilli: quantityToMilli(i.quantity),
            deliveryPlaces: i.delivery_ags.map((ags) => ({
              ags,
              name: placeOf.get(ags)?.name ?? ags,
              nuts3: placeOf.get(ags)?.nuts3 ?? null,
            })),
          })),
      })),
      criteria: criteria.map((c) => ({
        code: c.code,
        name: c.name,
        phase: c.phase,
        weight: c.weight === null ? null : Number(c.weight),
        detail: c.detail,
        lotKeys: c.lot_keys,
      })),
      priceWeight: Number(tender.price_weight),
      awards,
      contracts,
    });
    // a framework agreement states its method, period, suppliers and maximum value (techniques extension)
    const framework = await this.frameworks.ocdsFacts(manager, tenderId);
    if (!framework) return pkg;
    return withFrameworkAgreement(pkg, {
      termFrom: framework.plan.term_from,
      termTo: framework.plan.term_to,
      termReason: framework.plan.term_reason,
      suppliersPerLot: framework.plan.suppliers_per_lot,
      maximumValueCents: framework.maximumValueCents,
      shares: framework.shares,
    });
  }
}
