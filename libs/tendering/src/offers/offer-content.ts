import {
  centsToEur,
  EvidenceReference,
  isValuedParameter,
  lineValueCents,
  OfferEvaluation,
  ParameterToPlace,
  quantityToMilli,
} from '@buendel/domain';
import { FieldError, isFieldWithin } from '@buendel/errors';
import { EvidenceRow } from '../evidence/evidence.repository';
import { OfferRow } from './offers.repository';
import { LotOffersDto, SubmitOfferDto } from './offer.dto';

/*
 * What an offer says and how it is checked, summed and shown: the pure parts of OffersService
 * (which seals, stores, opens and evaluates), used by it, the record and the information letters.
 */

/** what an offer says, sealed */
export interface OfferContent {
  prices: Array<{ itemId: string; unitPriceEur: number }>;
  criteria: string[];
  /** the values stated for valued criteria; absent in offers that state none */
  values?: Array<{ code: string; value: number }>;
  /** the supplier's evidence the offer refers to, per criterion; absent in offers that refer to none */
  evidence?: EvidenceReference[];
}

export interface LotEvaluation {
  lotId: string;
  key: string;
  title: string;
  /** what the lot's award criteria leave of 100 */
  priceWeight: number;
  /** the lot's award criteria with their weight and, for valued ones, the rule in words */
  awardCriteria: Array<{ code: string; weight: number; rule: string | null }>;
  items: Array<{ id: string; quantity: string }>;
  offers: Array<{ row: OfferRow; content: OfferContent; priceCents: number; evaluation: OfferEvaluation }>;
}

/** The offer's total for the lot: each item's quantity x unit price, rounded to the cent once per item. */
export function offerTotalCents(items: Array<{ id: string; quantity: string }>, content: OfferContent): number {
  const price = new Map(content.prices.map((p) => [p.itemId, p.unitPriceEur]));
  return items.reduce((sum, item) => sum + lineValueCents(quantityToMilli(item.quantity), price.get(item.id) ?? 0), 0);
}

/**
 * The prices of an offer (a lot's or a call-off's) against the items it may price: each price
 * for one of them and each item priced once. The problems, and the items that were priced.
 */
export function priceProblems(
  prices: ReadonlyArray<{ itemId: string }>,
  items: ReadonlySet<string>,
  notAnItem: { reason: string; de: string },
): { errors: FieldError[]; priced: Set<string> } {
  const errors: FieldError[] = [];
  const priced = new Set<string>();
  prices.forEach((p, i) => {
    if (!items.has(p.itemId)) errors.push({ field: `prices.${i}.itemId`, code: 'NOT_AN_ITEM', ...notAnItem });
    else if (priced.has(p.itemId))
      errors.push({
        field: `prices.${i}.itemId`,
        code: 'PRICED_TWICE',
        reason: 'is priced twice',
        de: 'hat schon einen Preis',
      });
    priced.add(p.itemId);
  });
  return { errors, priced };
}

export function offerProblems(
  dto: SubmitOfferDto,
  items: Set<string>,
  ofLot: Array<{ code: string; parameter: ParameterToPlace | null }>,
): FieldError[] {
  const criteria = new Set(ofLot.map((c) => c.code));
  const parameters = new Map(ofLot.map((c) => [c.code, c.parameter]));
  const { errors, priced } = priceProblems(dto.prices, items, {
    reason: 'is not an item of this lot',
    de: 'ist keine Position dieses Loses',
  });
  const missing = [...items].filter((id) => !priced.has(id));
  if (missing.length)
    errors.push({
      field: 'prices',
      code: 'PRICE_MISSING',
      reason: `every item of the lot needs a price; missing: ${missing.join(', ')}`,
      de: `jede Position des Loses braucht einen Preis; es fehlen: ${missing.join(', ')}`,
    });
  (dto.criteria ?? []).forEach((code, i) => {
    if (!criteria.has(code))
      errors.push({
        field: `criteria.${i}`,
        code: 'NOT_A_LOT_CRITERION',
        reason: `${code} is not a criterion of this lot`,
        de: `${code} ist kein Kriterium dieses Loses`,
      });
  });
  const stated = new Set<string>();
  (dto.values ?? []).forEach((v, i) => {
    const parameter = parameters.get(v.code);
    if (!criteria.has(v.code))
      errors.push({
        field: `values.${i}.code`,
        code: 'NOT_A_LOT_CRITERION',
        reason: `${v.code} is not a criterion of this lot`,
        de: `${v.code} ist kein Kriterium dieses Loses`,
      });
    else if (!isValuedParameter(parameter))
      errors.push({
        field: `values.${i}.code`,
        code: 'NOT_A_VALUED_CRITERION',
        reason: `${v.code} carries no numeric value`,
        de: `${v.code} trägt keinen Zahlenwert`,
      });
    else {
      if (parameter?.min !== undefined && v.value < parameter.min)
        errors.push({
          field: `values.${i}.value`,
          code: 'MIN',
          params: { min: parameter.min },
          reason: `must be at least ${parameter.min}`,
          de: `muss mindestens ${parameter.min} sein`,
        });
      if (parameter?.max !== undefined && v.value > parameter.max)
        errors.push({
          field: `values.${i}.value`,
          code: 'MAX',
          params: { max: parameter.max },
          reason: `must be at most ${parameter.max}`,
          de: `darf höchstens ${parameter.max} sein`,
        });
    }
    if (stated.has(v.code))
      errors.push({
        field: `values.${i}.code`,
        code: 'STATED_TWICE',
        reason: `${v.code} is stated twice`,
        de: `${v.code} steht zweimal`,
      });
    stated.add(v.code);
  });
  return errors;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/**
 * The domain's problems of an offer whose validation found bad fields too (`invalid`): checked on
 * the fields that are valid, so that one answer names every bad field. Nothing is named twice
 * (a field the validation named, or one inside it) and nothing the bad fields make up: a price
 * whose item id is bad leaves open which item it prices, so "an item without a price" is not said.
 * A bad entry of a list keeps its place (a stand-in the checks pass over), so that positions stay.
 */
export function offerProblemsBeside(
  dto: SubmitOfferDto,
  invalid: FieldError[],
  items: Set<string>,
  ofLot: Array<{ code: string; parameter: ParameterToPlace | null }>,
): FieldError[] {
  const bad = invalid.map((e) => e.field);
  const named = (field: string) => bad.some((b) => isFieldWithin(field, b));
  const entries = <T>(key: string, list: unknown, fits: (v: unknown, i: number) => boolean, standIn: T): T[] =>
    Array.isArray(list) && !bad.includes(key) ? list.map((v, i) => (fits(v, i) ? (v as T) : standIn)) : [];
  const checkable = {
    ...dto,
    prices: entries('prices', dto.prices, (v, i) => isObject(v) && !named(`prices.${i}.itemId`), {
      itemId: '',
      unitPriceEur: 0,
    }),
    criteria: entries('criteria', dto.criteria, (v) => typeof v === 'string', ''),
    values: entries('values', dto.values, (v, i) => isObject(v) && !bad.includes(`values.${i}`), {
      code: '',
      value: 0,
    }),
  } as SubmitOfferDto;
  const pricedUnknown = bad.some((b) => b === 'prices' || /^prices\.\d+(\.itemId)?$/.test(b));
  return offerProblems(checkable, items, ofLot).filter(
    (e) => !named(e.field) && !(e.field === 'prices' && pricedUnknown),
  );
}

export function toLotOffersDto(lot: LotEvaluation, evidence: ReadonlyMap<string, EvidenceRow>): LotOffersDto {
  const quantity = new Map(lot.items.map((i) => [i.id, i.quantity]));
  return {
    lotId: lot.lotId,
    key: lot.key,
    title: lot.title,
    priceWeight: lot.priceWeight,
    awardCriteria: lot.awardCriteria,
    offers: lot.offers.map(({ row, content, priceCents, evaluation }) => ({
      offerId: row.id,
      supplierOrganisationId: row.supplier_organisation_id,
      supplierName: row.supplier_name,
      submittedAt: row.submitted_at.toISOString(),
      version: row.version,
      prices: content.prices.map((p) => {
        const q = quantity.get(p.itemId) ?? '0';
        return {
          itemId: p.itemId,
          unitPriceEur: p.unitPriceEur,
          quantity: Number(q),
          valueEur: centsToEur(lineValueCents(quantityToMilli(q), p.unitPriceEur)),
        };
      }),
      totalEur: centsToEur(priceCents),
      criteria: content.criteria,
      values: content.values ?? [],
      evidence: (content.evidence ?? []).flatMap((ref) => {
        const e = evidence.get(ref.evidenceId);
        return e
          ? [
              {
                code: ref.code,
                evidenceId: e.id,
                kind: e.kind,
                title: e.title,
                issuer: e.issuer,
                number: e.number,
                validFrom: e.valid_from,
                validTo: e.valid_to,
              },
            ]
          : [];
      }),
      excluded: evaluation.excluded,
      exclusionReasons: evaluation.exclusionReasons,
      ...(evaluation.score
        ? {
            score: {
              rank: evaluation.score.rank,
              pricePoints: evaluation.score.pricePoints,
              criteriaPoints: evaluation.score.criteriaPoints,
              criteriaBreakdown: evaluation.score.criteriaBreakdown,
              totalPoints: evaluation.score.totalPoints,
            },
          }
        : {}),
    })),
  };
}
