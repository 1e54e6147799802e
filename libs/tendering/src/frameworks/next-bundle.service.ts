import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { BundlesService, DemandsRepository } from '@buendel/bundling';
import { formatGermanDate, formatScaled, lineValueCents, quantityToMilli } from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { frameworkError, FrameworkErrorCode } from './frameworks.exception';
import { FrameworksRepository } from './frameworks.repository';
import { FrameworksService } from './frameworks.service';
import { NextBundleDto, NextBundleInputDto } from './http/framework.dto';

/**
 * The next term in one step (issue 16: what was called off feeds the next bundle's estimate):
 * the framework's coordinator opens a bundle for the next term, and every participant gets a
 * draft demand per item from its own call-offs, scaled to the next term (next-estimate), at
 * the first-ranked supplier's framework price. The drafts stay the participant's to check,
 * publish and join; nothing is joined in its name.
 */
/** why a participant's draft was not made; the controller sends the reader's language */
export const NO_DELIVERY_PLACE = {
  code: 'NO_DELIVERY_PLACE',
  reason: 'The organisation has no AGS as its delivery place; please record the demand yourself.',
  de: 'Die Organisation hat keinen Amtlichen Gemeindeschlüssel als Lieferort; bitte den Bedarf selbst erfassen.',
} as const;

@Injectable()
export class NextBundleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly frameworks: FrameworksService,
    private readonly repo: FrameworksRepository,
    private readonly bundles: BundlesService,
    private readonly demands: DemandsRepository,
  ) {}

  /** POST /frameworks/{id}/next-bundle */
  async create(user: AuthUser, frameworkId: string, dto: NextBundleInputDto): Promise<NextBundleDto> {
    const db = this.dataSource.manager;
    const { f, scope } = await this.frameworks.readable(db, user, frameworkId);
    if (scope.kind !== 'coordinator') throw new NotFoundException('Framework', frameworkId);
    const estimate = await this.frameworks.nextEstimate(user, f.id, dto.termFrom, dto.termTo);
    // the framework price of each CPV code and unit: the first-ranked supplier's, of the first item
    const quantities = await this.repo.quantities(db, f.id, { kind: 'coordinator' });
    const suppliers = await this.repo.suppliers(db, f.id);
    const price = new Map<string, number>();
    for (const q of quantities) {
      const first = suppliers.find((s) => s.lot_id === q.lot_id && s.rank === 1);
      const p = first?.prices[q.item_id];
      const key = `${q.cpv_code}|${q.unit}`;
      if (p !== undefined && !price.has(key)) price.set(key, p);
    }
    const wanted = estimate.items.filter((i) => i.estimatedQuantity > 0);
    if (!wanted.length)
      throw frameworkError(
        FrameworkErrorCode.NothingCalledOff,
        'Nothing has been called off the framework agreement yet; a follow-up bundle needs the call-offs of the last term.',
        {
          de: 'Aus der Rahmenvereinbarung wurde noch nichts abgerufen; ein Folgebündel braucht die Abrufe der letzten Laufzeit.',
        },
      );
    const cpvs = [...new Set(wanted.map((i) => i.cpvCode.replace(/\D/g, '').slice(0, 8)))];
    const term = ` (${formatGermanDate(estimate.termFrom)} bis ${formatGermanDate(estimate.termTo)})`;
    const title = dto.title ?? `${f.title.slice(0, 200 - term.length)}${term}`;
    const bundle = await this.bundles.create(user, {
      title,
      description: `Folgebündel der Rahmenvereinbarung ${f.number}: die Mengen sind die Abrufe der letzten Laufzeit, auf die neue Laufzeit hochgerechnet.`,
      cpvPrefix: cpvs[0] ?? '',
      additionalCpvPrefixes: cpvs.slice(1),
      joinDeadline: dto.joinDeadline,
      deliveryFrom: estimate.termFrom,
      deliveryTo: estimate.termTo,
    });
    const places = new Map(
      (await this.repo.agsOf(db, [...new Set(wanted.map((i) => i.organisationId))])).map((o) => [o.id, o.ags]),
    );
    return this.dataSource.transaction(async (manager) => {
      const demands: NextBundleDto['demands'] = [];
      const skipped: NextBundleDto['skipped'] = [];
      for (const i of wanted) {
        const ags = places.get(i.organisationId);
        const unitPriceEur = price.get(`${i.cpvCode}|${i.unit}`) ?? 0;
        if (!ags) {
          skipped.push({
            organisationId: i.organisationId,
            organisationName: i.organisationName,
            cpvCode: i.cpvCode,
            ...NO_DELIVERY_PLACE,
          });
          continue;
        }
        const milli = quantityToMilli(i.estimatedQuantity);
        const id = await this.demands.insert(
          manager,
          i.organisationId,
          [
            i.cpvCode,
            i.cpvLabel,
            `Aus den Abrufen der Rahmenvereinbarung ${f.number} (${i.calledOffQuantity} abgerufen).`,
            formatScaled(milli, 3),
            i.unit,
            unitPriceEur.toFixed(4),
            lineValueCents(milli, unitPriceEur),
            estimate.termFrom,
            estimate.termTo,
            ags,
            ags.slice(0, 5),
            [],
            null,
            null,
          ],
          'draft',
          user.id,
        );
        demands.push({
          id,
          organisationId: i.organisationId,
          organisationName: i.organisationName,
          cpvCode: i.cpvCode,
          unit: i.unit,
          quantity: i.estimatedQuantity,
          unitPriceEur,
        });
      }
      const organisations = [...new Set(demands.map((d) => d.organisationId))];
      await this.repo.notify(
        manager,
        organisations,
        'framework.next-bundle',
        bundle.id,
        `Folgebündel „${title}“: Ihr Bedarf aus den Abrufen liegt als Entwurf bereit`,
        { frameworkId: f.id, bundleId: bundle.id },
      );
      await this.audit.record(manager, {
        action: 'framework.next-bundle.created',
        entityType: 'framework',
        entityId: f.id,
        data: { bundleId: bundle.id, termFrom: estimate.termFrom, termTo: estimate.termTo, demands: demands.length },
      });
      return {
        frameworkId: f.id,
        bundleId: bundle.id,
        title,
        termFrom: estimate.termFrom,
        termTo: estimate.termTo,
        demands,
        skipped,
      };
    });
  }
}
