import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser, Role } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  berlinDate,
  buildCallOffReleases,
  callOffMethodsFor,
  callOffNumber,
  centsToEur,
  crossesWarningShare,
  formatGermanDate,
  GERMAN_UNIT_NAMES,
  lineValueCents,
  OCDS_EXTENSIONS,
  OCDS_TECHNIQUES_EXTENSION,
  milliToQuantity,
  quantityLeftMilli,
  quantityToMilli,
  rankCallOffOffers,
  withinTerm,
} from '@buendel/domain';
import { FieldError, isFieldWithin, NotFoundException, ValidationException } from '@buendel/errors';
import { MailService } from '@buendel/mail';
import { priceProblems } from '../offers/offer-content';
import { OfferVault } from '../offers/offer-vault';
import { frameworkError, FrameworkErrorCode, invalidCallOff } from './frameworks.exception';
import {
  CallOffItemRow,
  CallOffOfferRow,
  CallOffRow,
  FrameworkRow,
  FrameworkScope,
  FrameworkSupplierRow,
  FrameworksRepository,
} from './frameworks.repository';
import { checkableBody, orInvalid } from '../tenders/tender-input';
import { FrameworksService } from './frameworks.service';
import {
  AwardCallOffDto,
  CallOffContractDto,
  CallOffDto,
  CancelCallOffDto,
  CallOffOfferInputDto,
  CallOffOfferReceiptDto,
  CallOffsDto,
  CreateCallOffDto,
  OpenedCallOffOffersDto,
  OwnCallOffOfferViewDto,
  ReportDeliveryDto,
} from './http/framework.dto';

const toParam = (milli: number) => (milli / 1000).toFixed(3);
const unitName = (code: string) => GERMAN_UNIT_NAMES[code] ?? code;
const germanQuantity = (milli: number) => milliToQuantity(milli).toLocaleString('de-DE', { maximumFractionDigits: 3 });

/** a call-off can be cancelled while asked, in competition or ordered (and nothing delivered) */
const CANCELLABLE: readonly string[] = ['offered', 'competition', 'ordered'];
const STATUS_DE: Record<string, string> = {
  offered: 'angefragt',
  competition: 'im Kleinwettbewerb',
  ordered: 'erteilt',
  failed: 'gescheitert',
  cancelled: 'bereits storniert',
};

interface CallOffOfferContent {
  prices: Array<{ itemId: string; unitPriceEur: number }>;
}

/**
 * Why this file has more than 400 lines: the three ways of a call-off (direct, by ranking, after a
 * mini-competition) are one life cycle on one row: each creates, reserves the maxima under the row
 * lock, warns at 80 % and ends in the same contract, and accept, decline, offer, award and
 * delivery check the same status and visibility. The mini-competition (submitOffer, open, award)
 * is the next seam to split off should the file grow further.
 *
 * Call-offs from a framework agreement: a participant orders items within its maximum (a
 * conditional UPDATE per item, so that concurrent call-offs queue on the row and never pass
 * it), directly, by ranking (the first supplier that accepts) or after a mini-competition
 * among the lot's suppliers (sealed offers, opened at the deadline). Each call-off is a
 * contract with its own number. At 80 % of a maximum the coordinator and the buyer are warned.
 */
@Injectable()
export class CallOffsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly mail: MailService,
    private readonly vault: OfferVault,
    private readonly frameworks: FrameworksService,
    private readonly repo: FrameworksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** POST /frameworks/{id}/call-offs */
  async create(user: AuthUser, frameworkId: string, body: CreateCallOffDto): Promise<CallOffDto> {
    // the body's bad fields (the pipe keeps them): named whatever the framework's state, as before;
    // with a lot to check against, beside the lot's problems of the valid fields
    const { dto, invalid } = checkableBody(body);
    const refused = (field: string) => invalid.some((e) => isFieldWithin(e.field, field));
    const db = this.dataSource.manager;
    const { f } = await this.frameworks.readable(db, user, frameworkId).catch((e: unknown) => {
      throw orInvalid(invalid, e);
    });
    if (user.role === Role.Supplier || !(await this.repo.isParticipant(db, f.id, user.organisationId)))
      throw orInvalid(
        invalid,
        frameworkError(
          FrameworkErrorCode.NotParticipant,
          'Only the organisations that take part in the framework agreement may call off',
          { de: 'Nur die an der Rahmenvereinbarung beteiligten Organisationen dürfen abrufen.' },
        ),
      );
    const now = this.clock.now();
    try {
      this.assertOpen(f, now);
    } catch (e) {
      throw orInvalid(invalid, e);
    }
    if (refused('lotId') || refused('method')) throw new ValidationException(invalid);
    const method = dto.method ?? 'direct';
    const suppliers = (await this.repo.suppliers(db, f.id)).filter((s) => s.lot_id === dto.lotId);
    const own = (
      await this.repo.quantities(db, f.id, { kind: 'participant', organisationId: user.organisationId })
    ).filter((q) => q.lot_id === dto.lotId);
    const errors: FieldError[] = [];
    if (suppliers.length === 0)
      errors.push({
        field: 'lotId',
        code: 'NOT_A_LOT',
        reason: 'is not a lot of this framework agreement',
        de: 'ist kein Los dieser Rahmenvereinbarung',
      });
    else if (!callOffMethodsFor(suppliers.length).includes(method)) {
      const possible = callOffMethodsFor(suppliers.length).join(', ');
      errors.push({
        field: 'method',
        code: 'METHOD_NOT_POSSIBLE',
        reason: `is not possible with ${suppliers.length === 1 ? 'one framework supplier' : `${suppliers.length} framework suppliers`} (possible: ${possible})`,
        de: `ist bei ${suppliers.length === 1 ? 'einem Rahmenvertragspartner' : `${suppliers.length} Rahmenvertragspartnern`} nicht möglich (möglich: ${possible})`,
      });
    }
    let supplier: FrameworkSupplierRow | undefined = suppliers[0];
    if (dto.supplierOrganisationId !== undefined) {
      if (method !== 'direct')
        errors.push({
          field: 'supplierOrganisationId',
          code: 'ONLY_FOR_DIRECT',
          reason: 'is only given for a direct call-off (method direct)',
          de: 'wird nur beim Direktabruf (method direct) genannt',
        });
      else {
        supplier = suppliers.find((s) => s.supplier_organisation_id === dto.supplierOrganisationId);
        if (suppliers.length && !supplier)
          errors.push({
            field: 'supplierOrganisationId',
            code: 'NOT_A_FRAMEWORK_SUPPLIER',
            reason: 'is not a framework supplier of this lot',
            de: 'ist kein Rahmenvertragspartner dieses Loses',
          });
      }
    }
    const seen = new Set<string>();
    // the entries of the body's list, each by its place: a bad quantity leaves its item checked
    (Array.isArray(body.items) ? body.items : []).forEach((item, i) => {
      if (refused(`items.${i}.itemId`) || refused(`items.${i}`) || typeof item?.itemId !== 'string') return;
      if (seen.has(item.itemId))
        errors.push({
          field: `items.${i}.itemId`,
          code: 'STATED_TWICE',
          reason: 'is in the call-off twice',
          de: 'steht zweimal im Abruf',
        });
      seen.add(item.itemId);
      if (suppliers.length && !own.some((q) => q.item_id === item.itemId))
        errors.push({
          field: `items.${i}.itemId`,
          code: 'NOT_AN_ITEM',
          reason: 'is not an item of this lot for which your organisation has a maximum quantity',
          de: 'ist keine Position dieses Loses, für die Ihre Organisation eine Höchstmenge hat',
        });
    });
    let deadline: Date | null = null;
    if (refused('submissionDeadline')) {
      // named by the validation alone
    } else if (method === 'mini-competition') {
      if (dto.submissionDeadline === undefined)
        errors.push({
          field: 'submissionDeadline',
          code: 'REQUIRED',
          reason: 'is required for a mini-competition',
          de: 'muss für einen Kleinwettbewerb angegeben werden',
        });
      else {
        deadline = new Date(dto.submissionDeadline);
        if (deadline.getTime() <= now.getTime())
          errors.push({
            field: 'submissionDeadline',
            code: 'NOT_IN_FUTURE',
            reason: 'must be in the future',
            de: 'muss in der Zukunft liegen',
          });
      }
    } else if (dto.submissionDeadline !== undefined)
      errors.push({
        field: 'submissionDeadline',
        code: 'ONLY_FOR_MINI_COMPETITION',
        reason: 'exists only for a mini-competition (method mini-competition)',
        de: 'gibt es nur beim Kleinwettbewerb (method mini-competition)',
      });
    if (errors.length)
      throw invalidCallOff('The call-off is not possible like this', 'Der Abruf ist so nicht möglich.', [
        ...invalid,
        ...errors,
      ]);
    if (invalid.length) throw new ValidationException(invalid);
    const chosen = supplier as FrameworkSupplierRow;

    // items in a fixed order: concurrent call-offs with several items take the row locks in the same order
    const items = [...dto.items]
      .map((i) => ({ itemId: i.itemId, milli: quantityToMilli(i.quantity) }))
      .sort((a, b) => a.itemId.localeCompare(b.itemId));
    const id = await this.dataSource.transaction(async (manager) => {
      const reserved = [];
      const over: Array<Record<string, unknown>> = [];
      for (const item of items) {
        const row = await this.repo.reserve(manager, f.id, user.organisationId, item.itemId, toParam(item.milli));
        if (row) reserved.push(row);
        else {
          const current = await this.repo.quantityOf(manager, f.id, user.organisationId, item.itemId);
          const q = own.find((o) => o.item_id === item.itemId);
          const maximum = quantityToMilli(current?.maximum_quantity ?? '0');
          const left = quantityLeftMilli(maximum, quantityToMilli(current?.called_off_quantity ?? '0'));
          over.push({
            itemId: item.itemId,
            cpvCode: q?.cpv_code,
            label: q?.cpv_label,
            unit: q?.unit,
            requestedQuantity: milliToQuantity(item.milli),
            maximumQuantity: milliToQuantity(maximum),
            leftQuantity: milliToQuantity(left),
          });
        }
      }
      if (over.length)
        throw frameworkError(
          FrameworkErrorCode.MaximumExceeded,
          'The call-off exceeds the maximum quantity of your organisation: ' +
            over
              .map(
                (o) =>
                  `of "${o['label']}" ${o['leftQuantity']} ${o['unit']} can still be called off (maximum ${o['maximumQuantity']} ${o['unit']}), ${o['requestedQuantity']} ${o['unit']} were requested`,
              )
              .join('; ') +
            '. Beyond the maximum quantity the framework agreement has no effect (CJEU C-23/20).',
          {
            de:
              'Der Abruf überschreitet die Höchstmenge Ihrer Organisation: ' +
              over
                .map((o) => {
                  const unit = unitName(String(o['unit']));
                  return `von „${o['label']}“ sind noch ${germanQuantity(quantityToMilli(o['leftQuantity'] as number))} ${unit} abrufbar (Höchstmenge ${germanQuantity(quantityToMilli(o['maximumQuantity'] as number))} ${unit}), abgerufen werden sollten ${germanQuantity(quantityToMilli(o['requestedQuantity'] as number))} ${unit}`;
                })
                .join('; ') +
              '. Über die Höchstmenge hinaus hat die Rahmenvereinbarung keine Wirkung (EuGH C-23/20).',
            extensions: { left: over },
          },
        );
      const sequence = await this.repo.nextCallOffNumber(manager, f.id);
      if (sequence === undefined) throw this.ended(f);
      const direct = method === 'direct';
      const prices = direct ? chosen.prices : {};
      const valueCents = direct
        ? items.reduce((sum, i) => sum + lineValueCents(i.milli, prices[i.itemId] ?? 0), 0)
        : null;
      const callOffId = await this.repo.insertCallOff(
        manager,
        {
          frameworkId: f.id,
          lotId: dto.lotId,
          number: callOffNumber(f.number, sequence),
          organisationId: user.organisationId,
          method,
          status: direct ? 'ordered' : method === 'ranking' ? 'offered' : 'competition',
          supplierOrganisationId: method === 'mini-competition' ? null : chosen.supplier_organisation_id,
          offeredRank: method === 'ranking' ? chosen.rank : null,
          submissionDeadline: deadline,
          valueCents,
          note: dto.note ?? null,
          createdBy: user.id,
          createdAt: now,
          orderedAt: direct ? now : null,
        },
        items.map((i) => ({
          itemId: i.itemId,
          quantity: toParam(i.milli),
          unitPriceEur: direct ? (prices[i.itemId] ?? null) : null,
        })),
      );
      // 80 % of a maximum: coordinator and buyer, once per participant and item
      for (const r of reserved) {
        const before = quantityToMilli(r.before);
        const after = quantityToMilli(r.after);
        const maximum = quantityToMilli(r.maximum_quantity);
        if (crossesWarningShare(before, after, maximum) && (await this.repo.markWarned(manager, r.id, now)))
          await this.warn(manager, f, user.organisationId, r.item_id, r.id, after, maximum, own);
      }
      const addressed =
        method === 'mini-competition'
          ? suppliers.map((s) => s.supplier_organisation_id)
          : [chosen.supplier_organisation_id];
      await this.repo.notify(
        manager,
        addressed,
        method === 'direct'
          ? 'framework.call-off.ordered'
          : method === 'ranking'
            ? 'framework.call-off.offered'
            : 'framework.call-off.competition',
        callOffId,
        `${method === 'direct' ? 'Abruf' : method === 'ranking' ? 'Abruf zur Annahme' : 'Kleinwettbewerb'}: ${f.title}`,
        { frameworkId: f.id, callOffId },
      );
      await this.audit.record(manager, {
        action: 'framework.call-off.created',
        entityType: 'framework',
        entityId: f.id,
        data: {
          callOffId,
          method,
          lotId: dto.lotId,
          organisationId: user.organisationId,
          supplierOrganisationId: method === 'mini-competition' ? null : chosen.supplier_organisation_id,
          items: items.map((i) => ({ itemId: i.itemId, quantity: milliToQuantity(i.milli) })),
          valueCents,
        },
      });
      return callOffId;
    });
    return this.one(this.dataSource.manager, f.id, id);
  }

  private async warn(
    manager: EntityManager,
    f: FrameworkRow,
    organisationId: string,
    itemId: string,
    quantityId: string,
    after: number,
    maximum: number,
    own: Array<{ item_id: string; cpv_label: string; unit: string; organisation_name: string }>,
  ): Promise<void> {
    const q = own.find((o) => o.item_id === itemId);
    const label = q?.cpv_label ?? itemId;
    const orgs = [...new Set([organisationId, f.coordinator_organisation_id])];
    await this.repo.notify(
      manager,
      orgs,
      'framework.maximum-warning',
      quantityId,
      `80 % der Höchstmenge abgerufen: ${label} (${q?.organisation_name ?? ''})`,
      {
        frameworkId: f.id,
        itemId,
        organisationId,
        calledOffQuantity: milliToQuantity(after),
        maximumQuantity: milliToQuantity(maximum),
      },
    );
    await this.mail.enqueueToOrganisations(
      manager,
      orgs,
      {
        template: 'framework.maximum-warning',
        params: {
          frameworkTitle: f.title,
          frameworkNumber: f.number,
          participantName: q?.organisation_name ?? '',
          itemLabel: label,
          unitName: unitName(q?.unit ?? ''),
          calledOffQuantity: milliToQuantity(after),
          maximumQuantity: milliToQuantity(maximum),
          leftQuantity: milliToQuantity(quantityLeftMilli(maximum, after)),
          link: this.mail.link(`/frameworks/${f.id}`),
        },
        subjectId: f.id,
        onceKey: `framework-80:${quantityId}`,
      },
      ['buyer', 'coordinator'],
    );
  }

  private assertOpen(f: FrameworkRow, now: Date): void {
    if (f.status !== 'active') throw this.ended(f);
    const today = berlinDate(now);
    if (!withinTerm(f.term_from, f.term_to, today))
      throw frameworkError(
        FrameworkErrorCode.OutsideTerm,
        `Call-offs are only possible within the term from ${f.term_from} to ${f.term_to}`,
        {
          de: `Abrufe sind nur in der Laufzeit vom ${formatGermanDate(f.term_from)} bis ${formatGermanDate(f.term_to)} möglich.`,
          extensions: { termFrom: f.term_from, termTo: f.term_to },
        },
      );
  }

  private ended(f: FrameworkRow) {
    const exhausted = f.end_reason === 'exhausted';
    return frameworkError(
      FrameworkErrorCode.FrameworkEnded,
      exhausted
        ? 'The framework agreement has ended: every maximum quantity has been called off'
        : 'The framework agreement has ended: its term is over',
      {
        de: exhausted
          ? 'Die Rahmenvereinbarung ist beendet: alle Höchstmengen sind abgerufen.'
          : 'Die Rahmenvereinbarung ist beendet: ihre Laufzeit ist abgelaufen.',
        extensions: { frameworkStatus: f.status, endReason: f.end_reason },
      },
    );
  }

  /** GET /frameworks/{id}/call-offs */
  async list(user: AuthUser, frameworkId: string): Promise<CallOffsDto> {
    const db = this.dataSource.manager;
    const { f, scope } = await this.frameworks.readable(db, user, frameworkId);
    return { items: await this.toDtos(db, await this.repo.callOffs(db, f.id, scope)) };
  }

  private async one(db: EntityManager, frameworkId: string, callOffId: string): Promise<CallOffDto> {
    const row = await this.repo.callOff(db, frameworkId, callOffId);
    if (!row) throw new NotFoundException('CallOff', callOffId);
    const [dto] = await this.toDtos(db, [row]);
    return dto as CallOffDto;
  }

  /** a call-off the caller may act on: its buyer, the framework's coordinator, or a lot supplier */
  private async visible(
    manager: EntityManager,
    user: AuthUser,
    frameworkId: string,
    callOffId: string,
  ): Promise<{ f: FrameworkRow; scope: FrameworkScope; callOff: CallOffRow }> {
    const { f, scope } = await this.frameworks.readable(manager, user, frameworkId);
    const callOff = await this.repo.callOff(manager, f.id, callOffId, true);
    if (!callOff) throw new NotFoundException('CallOff', callOffId);
    if (scope.kind === 'participant' && callOff.organisation_id !== user.organisationId)
      throw new NotFoundException('CallOff', callOffId);
    if (scope.kind === 'supplier') {
      const lotSupplier = (await this.repo.suppliers(manager, f.id)).some(
        (s) => s.lot_id === callOff.lot_id && s.supplier_organisation_id === user.organisationId,
      );
      if (!lotSupplier) throw new NotFoundException('CallOff', callOffId);
    }
    return { f, scope, callOff };
  }

  /** what may not be done, in English and German (`de`), with the call-off's status */
  private wrongStatus(callOff: CallOffRow, what: string, de: string) {
    return frameworkError(
      FrameworkErrorCode.CallOffWrongStatus,
      `${what} (call-off ${callOff.number} is ${callOff.status})`,
      {
        de: `${de} (der Abruf ${callOff.number} ist ${STATUS_DE[callOff.status] ?? callOff.status}).`,
        extensions: { callOffStatus: callOff.status },
      },
    );
  }

  /** POST .../accept: the supplier asked by ranking takes the call-off at its framework prices */
  async accept(user: AuthUser, frameworkId: string, callOffId: string): Promise<CallOffDto> {
    await this.dataSource.transaction(async (manager) => {
      const { f, callOff } = await this.visible(manager, user, frameworkId, callOffId);
      if (callOff.status !== 'offered' || callOff.supplier_organisation_id !== user.organisationId)
        throw this.wrongStatus(
          callOff,
          'Only the framework supplier asked accepts an offered call-off',
          'Nur der angefragte Rahmenvertragspartner nimmt einen angebotenen Abruf an',
        );
      const supplier = (await this.repo.suppliers(manager, f.id)).find(
        (s) => s.lot_id === callOff.lot_id && s.supplier_organisation_id === user.organisationId,
      ) as FrameworkSupplierRow;
      const items = await this.repo.callOffItems(manager, [callOff.id]);
      const value = items.reduce(
        (s, i) => s + lineValueCents(quantityToMilli(i.quantity), supplier.prices[i.item_id] ?? 0),
        0,
      );
      await this.repo.order(manager, callOff.id, user.organisationId, supplier.prices, value, this.clock.now());
      await this.repo.notify(
        manager,
        [callOff.organisation_id],
        'framework.call-off.ordered',
        callOff.id,
        `Abruf angenommen: ${callOff.number}`,
        {
          frameworkId: f.id,
          callOffId,
        },
      );
      await this.audit.record(manager, {
        action: 'framework.call-off.accepted',
        entityType: 'framework',
        entityId: f.id,
        data: { callOffId, supplierOrganisationId: user.organisationId, rank: callOff.offered_rank, valueCents: value },
      });
    });
    return this.one(this.dataSource.manager, frameworkId, callOffId);
  }

  /** POST .../decline: the next in the ranking is asked; after the last the call-off fails and gives its quantity back */
  async decline(user: AuthUser, frameworkId: string, callOffId: string): Promise<CallOffDto> {
    await this.dataSource.transaction(async (manager) => {
      const { f, callOff } = await this.visible(manager, user, frameworkId, callOffId);
      if (callOff.status !== 'offered' || callOff.supplier_organisation_id !== user.organisationId)
        throw this.wrongStatus(
          callOff,
          'Only the framework supplier asked declines an offered call-off',
          'Nur der angefragte Rahmenvertragspartner lehnt einen angebotenen Abruf ab',
        );
      const next = (await this.repo.suppliers(manager, f.id)).find(
        (s) => s.lot_id === callOff.lot_id && s.rank > (callOff.offered_rank ?? 0),
      );
      if (next) {
        await this.repo.offerToRank(manager, callOff.id, next.supplier_organisation_id, next.rank);
        await this.repo.notify(
          manager,
          [next.supplier_organisation_id],
          'framework.call-off.offered',
          callOff.id,
          `Abruf zur Annahme: ${f.title}`,
          {
            frameworkId: f.id,
            callOffId,
          },
        );
      } else {
        await this.repo.setStatus(manager, callOff.id, 'failed');
        await this.repo.release(manager, callOff.id);
        await this.repo.notify(
          manager,
          [callOff.organisation_id],
          'framework.call-off.failed',
          callOff.id,
          `Abruf von keinem Rahmenvertragspartner angenommen: ${callOff.number}`,
          {
            frameworkId: f.id,
            callOffId,
          },
        );
      }
      await this.audit.record(manager, {
        action: 'framework.call-off.declined',
        entityType: 'framework',
        entityId: f.id,
        data: {
          callOffId,
          supplierOrganisationId: user.organisationId,
          rank: callOff.offered_rank,
          nextRank: next?.rank ?? null,
        },
      });
    });
    return this.one(this.dataSource.manager, frameworkId, callOffId);
  }

  /**
   * POST .../cancel: the call-off's buyer cancels it before the first delivery; its quantities
   * go back under the maximum. The call-off's row lock (taken by `visible`) queues a cancel
   * behind a delivery, an acceptance or a second cancel, so a quantity is given back once.
   */
  async cancel(user: AuthUser, frameworkId: string, callOffId: string, dto: CancelCallOffDto): Promise<CallOffDto> {
    await this.dataSource.transaction(async (manager) => {
      const { f, scope, callOff } = await this.visible(manager, user, frameworkId, callOffId);
      if (scope.kind === 'supplier' || callOff.organisation_id !== user.organisationId)
        throw new NotFoundException('CallOff', callOffId);
      if (f.status !== 'active') throw this.ended(f);
      if (!CANCELLABLE.includes(callOff.status))
        throw frameworkError(
          FrameworkErrorCode.CallOffWrongStatus,
          `Call-off ${callOff.number} is ${callOff.status === 'cancelled' ? 'cancelled already' : callOff.status} and can no longer be cancelled`,
          {
            de: `Der Abruf ${callOff.number} ist ${STATUS_DE[callOff.status] ?? callOff.status} und kann nicht mehr storniert werden.`,
            extensions: { callOffStatus: callOff.status },
          },
        );
      const items = await this.repo.callOffItems(manager, [callOff.id]);
      const delivered = items.filter((i) => quantityToMilli(i.delivered_quantity) > 0);
      if (delivered.length)
        throw frameworkError(
          FrameworkErrorCode.CallOffDelivered,
          `Call-off ${callOff.number} has deliveries already (${delivered
            .map((i) => `${Number(i.delivered_quantity)} ${i.unit} ${i.cpv_label}`)
            .join(', ')}); a call-off can only be cancelled before its first delivery`,
          {
            de: `Auf den Abruf ${callOff.number} wurde schon geliefert (${delivered
              .map((i) => `${germanQuantity(quantityToMilli(i.delivered_quantity))} ${unitName(i.unit)} ${i.cpv_label}`)
              .join(', ')}); ein Abruf kann nur vor der ersten Lieferung storniert werden.`,
            extensions: {
              delivered: delivered.map((i) => ({ itemId: i.item_id, quantity: Number(i.delivered_quantity) })),
            },
          },
        );
      await this.repo.setStatus(manager, callOff.id, 'cancelled');
      await this.repo.release(manager, callOff.id);
      const suppliers =
        callOff.status === 'competition'
          ? (await this.repo.suppliers(manager, f.id))
              .filter((s) => s.lot_id === callOff.lot_id)
              .map((s) => s.supplier_organisation_id)
          : callOff.supplier_organisation_id
            ? [callOff.supplier_organisation_id]
            : [];
      await this.repo.notify(
        manager,
        suppliers,
        'framework.call-off.cancelled',
        callOff.id,
        `Abruf storniert: ${callOff.number}`,
        { frameworkId: f.id, callOffId, reason: dto.reason ?? null },
      );
      await this.audit.record(manager, {
        action: 'framework.call-off.cancelled',
        entityType: 'framework',
        entityId: f.id,
        data: {
          callOffId,
          previousStatus: callOff.status,
          reason: dto.reason ?? null,
          items: items.map((i) => ({ itemId: i.item_id, quantity: Number(i.quantity) })),
        },
      });
    });
    return this.one(this.dataSource.manager, frameworkId, callOffId);
  }

  /** POST .../offers: a lot supplier's sealed offer for a mini-competition, until its deadline (replaceable) */
  async submitOffer(
    user: AuthUser,
    frameworkId: string,
    callOffId: string,
    dto: CallOffOfferInputDto,
  ): Promise<{ receipt: CallOffOfferReceiptDto; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const { f, scope, callOff } = await this.visible(manager, user, frameworkId, callOffId);
      if (scope.kind !== 'supplier') throw new NotFoundException('CallOff', callOffId);
      const now = this.clock.now();
      if (
        callOff.status !== 'competition' ||
        !callOff.submission_deadline ||
        callOff.submission_deadline.getTime() <= now.getTime()
      )
        throw frameworkError(
          FrameworkErrorCode.SubmissionClosed,
          'The submission deadline of the mini-competition has passed; late offers are refused',
          {
            de: 'Die Angebotsfrist des Kleinwettbewerbs ist abgelaufen; späte Angebote werden nicht angenommen.',
            extensions: { submissionDeadline: callOff.submission_deadline?.toISOString() ?? null },
          },
        );
      const items = await this.repo.callOffItems(manager, [callOff.id]);
      const { errors, priced } = priceProblems(dto.prices, new Set(items.map((it) => it.item_id)), {
        reason: 'is not an item of this call-off',
        de: 'ist keine Position dieses Abrufs',
      });
      items.forEach((it) => {
        if (!priced.has(it.item_id))
          errors.push({
            field: 'prices',
            code: 'PRICE_MISSING',
            reason: `the price for ${it.cpv_label} (${it.item_id}) is missing`,
            de: `es fehlt der Preis für ${it.cpv_label} (${it.item_id})`,
          });
      });
      if (errors.length) throw invalidCallOff('The offer is incomplete', 'Das Angebot ist unvollständig.', errors);
      const existing = await this.repo.callOffOfferOf(manager, callOff.id, user.organisationId);
      const offerId = existing?.id ?? randomUUID();
      const version = (existing?.version ?? 0) + 1;
      const binding = {
        offerId,
        tenderId: f.id,
        lotId: callOff.id,
        supplierOrganisationId: user.organisationId,
        version,
      };
      const content: CallOffOfferContent = {
        prices: dto.prices.map((p) => ({ itemId: p.itemId, unitPriceEur: p.unitPriceEur })),
      };
      const sealed = this.vault.seal(content, binding);
      await this.repo.upsertCallOffOffer(manager, {
        id: offerId,
        callOffId: callOff.id,
        supplierOrganisationId: user.organisationId,
        version,
        ciphertext: sealed.ciphertext,
        iv: sealed.iv,
        authTag: sealed.authTag,
        keyId: sealed.keyId,
        digest: sealed.digest,
        salt: sealed.salt,
        submittedAt: now,
      });
      await this.audit.record(manager, {
        action: existing ? 'framework.call-off.offer-replaced' : 'framework.call-off.offer-submitted',
        entityType: 'framework',
        entityId: f.id,
        data: { callOffId, offerId, version, digest: sealed.digest },
      });
      return {
        created: !existing,
        receipt: {
          offerId,
          callOffId,
          version,
          digest: sealed.digest,
          salt: sealed.salt,
          submittedAt: now.toISOString(),
        },
      };
    });
  }

  /**
   * GET .../offers/mine: a lot supplier reads its own offer for a mini-competition: the receipt
   * (version, digest, salt) at any time, so that it sees what it submitted and may replace it
   * until the deadline; its prices only once the deadline has passed (before it the content stays
   * sealed, for the supplier too). Another supplier's offer is never read here.
   */
  async ownOffer(user: AuthUser, frameworkId: string, callOffId: string): Promise<OwnCallOffOfferViewDto> {
    const db = this.dataSource.manager;
    const { f, scope, callOff } = await this.visible(db, user, frameworkId, callOffId);
    if (scope.kind !== 'supplier' || callOff.method !== 'mini-competition')
      throw new NotFoundException('CallOff', callOffId);
    const deadline = callOff.submission_deadline as Date;
    const row = await this.repo.ownCallOffOffer(db, callOff.id, user.organisationId);
    const view = { callOffId, submissionDeadline: deadline.toISOString() };
    if (!row) return { ...view, offer: null };
    const receipt = {
      offerId: row.id,
      callOffId,
      version: row.version,
      digest: row.digest,
      salt: row.digest_salt,
      submittedAt: row.submitted_at.toISOString(),
    };
    // sealed until the deadline by the rules' clock and by the real time the vault checks itself
    if (this.clock.now().getTime() < deadline.getTime() || Date.now() < deadline.getTime())
      return { ...view, offer: { ...receipt, sealed: true, prices: null, totalEur: null } };
    const items = await this.repo.callOffItems(db, [callOff.id]);
    const { content, totalCents } = this.openOne(f, callOff, row, items);
    return { ...view, offer: { ...receipt, sealed: false, prices: content.prices, totalEur: centsToEur(totalCents) } };
  }

  /** GET .../offers: the buyer (or the coordinator) reads the offers, only once the deadline has passed */
  async openedOffers(user: AuthUser, frameworkId: string, callOffId: string): Promise<OpenedCallOffOffersDto> {
    const db = this.dataSource.manager;
    const { f, scope, callOff } = await this.visible(db, user, frameworkId, callOffId);
    if (scope.kind === 'supplier' || callOff.method !== 'mini-competition')
      throw new NotFoundException('CallOff', callOffId);
    const offers = (await this.open(db, f, callOff)).map(({ totalCents, ...o }) => (void totalCents, o));
    return { callOffId, openedAt: (callOff.submission_deadline as Date).toISOString(), offers };
  }

  private async open(db: EntityManager, f: FrameworkRow, callOff: CallOffRow) {
    const deadline = callOff.submission_deadline as Date;
    if (this.clock.now().getTime() < deadline.getTime())
      throw frameworkError(
        FrameworkErrorCode.OffersSealed,
        `The offers of the mini-competition stay sealed until the deadline (${deadline.toISOString()}) has passed (§ 55 VgV)`,
        {
          de: `Die Angebote des Kleinwettbewerbs bleiben bis zum Ablauf der Frist (${deadline.toISOString()}) versiegelt (§ 55 VgV).`,
          extensions: { submissionDeadline: deadline.toISOString() },
        },
      );
    const items = await this.repo.callOffItems(db, [callOff.id]);
    const opened = (await this.repo.callOffOffers(db, callOff.id)).map((o) => ({
      row: o,
      ...this.openOne(f, callOff, o, items),
      submittedAt: o.submitted_at,
    }));
    return rankCallOffOffers(opened).map((o, k) => ({
      offerId: o.row.id,
      rank: k + 1,
      supplier: { id: o.row.supplier_organisation_id, name: o.row.supplier_name },
      totalEur: centsToEur(o.totalCents),
      prices: o.content.prices,
      submittedAt: o.row.submitted_at.toISOString(),
      version: o.row.version,
      totalCents: o.totalCents,
    }));
  }

  /** one offer of a mini-competition past its deadline (the vault checks it too): its prices and total */
  private openOne(f: FrameworkRow, callOff: CallOffRow, o: CallOffOfferRow, items: CallOffItemRow[]) {
    const deadline = callOff.submission_deadline as Date;
    const content = this.vault.open<CallOffOfferContent>(
      { ciphertext: o.ciphertext, iv: o.iv, authTag: o.auth_tag, keyId: o.key_id },
      {
        offerId: o.id,
        tenderId: f.id,
        lotId: callOff.id,
        supplierOrganisationId: o.supplier_organisation_id,
        version: o.version,
      },
      { status: 'opened', openedAt: deadline, submissionDeadline: deadline },
    );
    const price = new Map(content.prices.map((p) => [p.itemId, p.unitPriceEur]));
    const totalCents = items.reduce(
      (s, i) => s + lineValueCents(quantityToMilli(i.quantity), price.get(i.item_id) ?? 0),
      0,
    );
    return { content, totalCents };
  }

  /** POST .../award: after the deadline, the buyer orders from one of the opened offers */
  async award(user: AuthUser, frameworkId: string, callOffId: string, dto: AwardCallOffDto): Promise<CallOffDto> {
    await this.dataSource.transaction(async (manager) => {
      const { f, scope, callOff } = await this.visible(manager, user, frameworkId, callOffId);
      if (
        scope.kind !== 'participant' &&
        !(scope.kind === 'coordinator' && callOff.organisation_id === user.organisationId)
      )
        throw new NotFoundException('CallOff', callOffId);
      if (callOff.status !== 'competition')
        throw this.wrongStatus(
          callOff,
          'Only a running mini-competition is awarded',
          'Nur ein laufender Kleinwettbewerb wird vergeben',
        );
      const offers = await this.open(manager, f, callOff);
      const chosen = offers.find((o) => o.offerId === dto.offerId);
      if (!chosen)
        throw invalidCallOff('No such offer', 'Kein solches Angebot', [
          {
            field: 'offerId',
            code: 'NOT_AN_OFFER',
            reason: 'is not an offer for this call-off',
            de: 'ist kein Angebot für diesen Abruf',
          },
        ]);
      const prices = Object.fromEntries(chosen.prices.map((p) => [p.itemId, p.unitPriceEur]));
      await this.repo.order(manager, callOff.id, chosen.supplier.id, prices, chosen.totalCents, this.clock.now());
      await this.repo.notify(
        manager,
        [chosen.supplier.id],
        'framework.call-off.ordered',
        callOff.id,
        `Zuschlag im Kleinwettbewerb: ${callOff.number}`,
        {
          frameworkId: f.id,
          callOffId,
        },
      );
      await this.audit.record(manager, {
        action: 'framework.call-off.awarded',
        entityType: 'framework',
        entityId: f.id,
        data: {
          callOffId,
          offerId: chosen.offerId,
          supplierOrganisationId: chosen.supplier.id,
          rank: chosen.rank,
          valueCents: chosen.totalCents,
        },
      });
    });
    return this.one(this.dataSource.manager, frameworkId, callOffId);
  }

  /** POST .../deliveries: the call-off's supplier reports what it delivered, never more than ordered */
  async deliver(user: AuthUser, frameworkId: string, callOffId: string, dto: ReportDeliveryDto): Promise<CallOffDto> {
    await this.dataSource.transaction(async (manager) => {
      const { f, callOff } = await this.visible(manager, user, frameworkId, callOffId);
      if (callOff.status !== 'ordered' || callOff.supplier_organisation_id !== user.organisationId)
        throw this.wrongStatus(
          callOff,
          'Deliveries are reported by the framework supplier of an ordered call-off',
          'Lieferungen meldet der Rahmenvertragspartner eines erteilten Abrufs',
        );
      const items = await this.repo.callOffItems(manager, [callOff.id]);
      const errors: FieldError[] = [];
      dto.items.forEach((d, i) => {
        if (!items.some((it) => it.item_id === d.itemId))
          errors.push({
            field: `items.${i}.itemId`,
            code: 'NOT_AN_ITEM',
            reason: 'is not an item of this call-off',
            de: 'ist keine Position dieses Abrufs',
          });
      });
      if (errors.length)
        throw invalidCallOff(
          'The delivery does not match the call-off',
          'Die Lieferung passt nicht zum Abruf.',
          errors,
        );
      const over: Array<Record<string, unknown>> = [];
      for (const d of dto.items) {
        const milli = quantityToMilli(d.quantity);
        if (!(await this.repo.deliver(manager, callOff.id, d.itemId, toParam(milli)))) {
          const it = items.find((x) => x.item_id === d.itemId) as CallOffItemRow;
          over.push({
            itemId: d.itemId,
            leftQuantity: milliToQuantity(
              quantityLeftMilli(quantityToMilli(it.quantity), quantityToMilli(it.delivered_quantity)),
            ),
          });
        }
      }
      if (over.length)
        throw frameworkError(
          FrameworkErrorCode.DeliveryExceeded,
          `More delivered than called off: ${over.map((o) => `${o['leftQuantity']} of ${o['itemId']} are still open`).join('; ')}`,
          {
            de: `Mehr geliefert als abgerufen: ${over.map((o) => `von ${o['itemId']} sind noch ${o['leftQuantity']} offen`).join('; ')}.`,
            extensions: { left: over },
          },
        );
      const now = this.clock.now();
      await this.repo.insertDeliveries(
        manager,
        callOff.id,
        dto.deliveredOn,
        user.id,
        now,
        dto.items.map((d) => ({ itemId: d.itemId, quantity: toParam(quantityToMilli(d.quantity)) })),
      );
      await this.audit.record(manager, {
        action: 'framework.call-off.delivered',
        entityType: 'framework',
        entityId: f.id,
        data: { callOffId, deliveredOn: dto.deliveredOn, items: dto.items },
      });
    });
    return this.one(this.dataSource.manager, frameworkId, callOffId);
  }

  /**
   * GET /frameworks/{id}/ocds: the call-offs the caller may read as OCDS releases, each its own
   * contracting process whose related process is the framework (relationship `framework`).
   */
  async ocds(user: AuthUser, frameworkId: string): Promise<Record<string, unknown>> {
    const db = this.dataSource.manager;
    const { f, scope } = await this.frameworks.readable(db, user, frameworkId);
    const rows = await this.repo.callOffs(db, f.id, scope);
    const dtos = await this.toDtos(db, rows);
    const publicUrl = (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/$/, '');
    return {
      uri: `${publicUrl}/api/v1/frameworks/${f.id}/ocds`,
      version: '1.1',
      extensions: [...OCDS_EXTENSIONS, OCDS_TECHNIQUES_EXTENSION],
      publishedDate: this.clock.now().toISOString(),
      publisher: { name: 'Bündel', uri: publicUrl },
      releases: buildCallOffReleases(
        `${this.config.OCDS_PREFIX}-${f.tender_id}`,
        this.config.OCDS_PREFIX,
        f.title,
        rows.map((r, k) => ({
          id: r.id,
          number: r.number,
          method: r.method,
          status: r.status,
          createdAt: r.created_at,
          orderedAt: r.ordered_at,
          valueCents: r.value_cents === null ? null : Number(r.value_cents),
          buyer: { id: r.organisation_id, name: r.organisation_name },
          supplier: r.supplier_organisation_id ? { id: r.supplier_organisation_id, name: r.supplier_name ?? '' } : null,
          items: (dtos[k] as CallOffDto).items,
        })),
      ),
    };
  }

  /**
   * GET /contracts/call-offs: the call-off contracts of the caller's organisation, as the buyer
   * that called off, as their supplier, or as the coordinator of their framework
   */
  async contracts(user: AuthUser, limit: number, offset: number): Promise<CallOffContractDto[]> {
    const db = this.dataSource.manager;
    const rows = await this.repo.callOffContracts(db, user.organisationId, limit, offset);
    const dtos = await this.toDtos(db, rows);
    return rows.map((r, k) => ({
      ...(dtos[k] as CallOffDto),
      frameworkNumber: r.framework_number,
      frameworkTitle: r.framework_title,
      lotTitle: r.lot_title,
    }));
  }

  async countContracts(user: AuthUser): Promise<number> {
    return this.repo.countCallOffContracts(this.dataSource.manager, user.organisationId);
  }

  private async toDtos(db: EntityManager, rows: CallOffRow[]): Promise<CallOffDto[]> {
    const items = await this.repo.callOffItems(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      frameworkId: r.framework_id,
      lotId: r.lot_id,
      lotKey: r.lot_key,
      buyer: { id: r.organisation_id, name: r.organisation_name },
      method: r.method,
      status: r.status,
      supplier: r.supplier_organisation_id ? { id: r.supplier_organisation_id, name: r.supplier_name ?? '' } : null,
      offeredRank: r.offered_rank,
      submissionDeadline: r.submission_deadline?.toISOString() ?? null,
      valueEur: r.value_cents === null ? null : centsToEur(Number(r.value_cents)),
      note: r.note,
      createdAt: r.created_at.toISOString(),
      orderedAt: r.ordered_at?.toISOString() ?? null,
      items: items
        .filter((i) => i.call_off_id === r.id)
        .map((i) => ({
          itemId: i.item_id,
          cpvCode: i.cpv_code,
          cpvLabel: i.cpv_label,
          unit: i.unit,
          quantity: Number(i.quantity),
          unitPriceEur: i.unit_price_eur === null ? null : Number(i.unit_price_eur),
          deliveredQuantity: Number(i.delivered_quantity),
        })),
    }));
  }
}
