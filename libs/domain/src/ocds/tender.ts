import { type ContractNature, cpvContractNature } from '../cpv';
import { type TenderPhase } from '../criteria';
import { InvalidInputError } from '../errors';
import { assertNonNegativeInteger } from '../money';
import { compareCodeUnits } from '../order';
import { validateWeights } from '../scoring';
import { lotPriceWeight } from '../criteria-placement';
import { OcdsCriterionInput, OcdsJointTenderInput, OcdsTenderInput } from './input';
import { OcdsOrganizationReference, OcdsPeriod, OcdsProcurementCategory, OcdsTender } from './output';
import { CATEGORY, PHASE_ORDER, TENDER_STATUS } from './constants';
import { PartyRegistry } from './parties';
import { Lots, lotStatus, ocdsItem } from './lots';
import { IndexedAward } from './awards';
import { eur, instant, optionalText, requireText } from './helpers';

// OCDS builder: Tender

export function buildTender(
  input: OcdsJointTenderInput,
  lots: Lots,
  awards: IndexedAward[],
  parties: PartyRegistry,
): OcdsTender {
  const { tender } = input;
  assertNonNegativeInteger(tender.estimatedValueCents, 'tender.estimatedValueCents');
  const categories = procurementCategories(lots, tender.contractNature ?? undefined);
  const award = input.criteria.some((c) => c.lotKeys)
    ? awardCriteriaPerLot(
        input.criteria,
        lots.list.map((l) => l.input.key),
      )
    : awardCriteria(input.criteria, input.priceWeight ?? undefined);
  const awardedLots = new Set(awards.map((a) => a.lot.input.id));
  const description = tenderDescription(tender.description, input.criteria);
  const eligibility = criteriaText('Eignungskriterien', input.criteria, 'qualification');
  const tenderers = tendererReferences(input, parties);
  return {
    id: requireText(tender.id, 'tender.id'),
    title: requireText(tender.title, 'tender.title'),
    ...(description ? { description } : {}),
    status: TENDER_STATUS[tender.status],
    procuringEntity: parties.reference(input.procuringEntity.id),
    items: lots.list.flatMap((lot) => lot.items.map((i) => ocdsItem(i, i.input.quantityMilli, undefined, true))),
    value: eur(tender.estimatedValueCents),
    procurementMethod: 'open',
    procurementMethodDetails: procurementMethodDetails(tender, categories.main),
    ...(categories.main ? { mainProcurementCategory: categories.main } : {}),
    ...(categories.additional.length > 0 ? { additionalProcurementCategories: categories.additional } : {}),
    awardCriteria: award.code,
    awardCriteriaDetails: award.details,
    ...(eligibility ? { eligibilityCriteria: eligibility } : {}),
    submissionMethod: ['electronicSubmission'],
    tenderPeriod: tenderPeriod(tender),
    ...(tenderers ? { tenderers, numberOfTenderers: tenderers.length } : {}),
    lots: lots.list.map((lot) => ({
      id: lot.input.id,
      title: `Los ${requireText(lot.input.key, 'lots.key')}: ${requireText(lot.input.title, 'lots.title')}`,
      ...optionalText('description', lot.input.description),
      status: lotStatus(tender.status, awardedLots.has(lot.input.id)),
      value: eur(lot.input.estimatedValueCents),
    })),
  };
}

export function tenderPeriod(tender: OcdsTenderInput): OcdsPeriod {
  return {
    ...(tender.publishedAt ? { startDate: instant(tender.publishedAt, 'tender.publishedAt') } : {}),
    endDate: instant(tender.submissionDeadline, 'tender.submissionDeadline'),
  };
}

/** Tenderers (after opening, when given): all bidders; every awarded supplier must be one. */
export function tendererReferences(
  input: OcdsJointTenderInput,
  parties: PartyRegistry,
): OcdsOrganizationReference[] | undefined {
  if (input.tenderers === undefined || (input.tender.status !== 'opened' && input.tender.status !== 'awarded')) {
    return undefined;
  }
  const ids = new Set(input.tenderers.map((t) => t.id));
  input.suppliers.forEach((s, i) => {
    if (!ids.has(s.id)) throw new InvalidInputError(`suppliers[${i}]`, `supplier ${s.id} is not among the tenderers`);
  });
  return parties.references(ids);
}

/**
 * mainProcurementCategory from the CPV divisions (cpvContractNature): the single nature of all
 * items, or the given `contractNature` of a mixed tender; the other natures are additional.
 */
export function procurementCategories(
  lots: Lots,
  override: ContractNature | undefined,
): { main?: OcdsProcurementCategory; additional: OcdsProcurementCategory[] } {
  const natures = new Set([...lots.items.values()].map((i) => cpvContractNature(i.cpvCode)));
  if (override !== undefined && !Object.hasOwn(CATEGORY, override)) {
    throw new InvalidInputError('tender.contractNature', `unknown contract nature "${String(override)}"`);
  }
  const main = override ?? (natures.size === 1 ? [...natures][0] : undefined);
  const additional = [...natures]
    .filter((n) => n !== main)
    .map((n) => CATEGORY[n])
    .sort(compareCodeUnits);
  return { ...(main ? { main: CATEGORY[main] } : {}), additional };
}

/**
 * German text of the procedure: open procedure EU-wide (§ 15 VgV, works § 3 EU VOB/A) or
 * Öffentliche Ausschreibung below the threshold (§ 9 UVgO, works § 3 VOB/A).
 */
export function procurementMethodDetails(tender: OcdsTenderInput, main: OcdsProcurementCategory | undefined): string {
  const type = tender.procedureType;
  if (type !== 'open' && type !== 'national-open') {
    throw new InvalidInputError('tender.procedureType', `unsupported procedure type "${type}" (open, national-open)`);
  }
  if (tender.regimeScope !== 'EU' && tender.regimeScope !== 'NATIONAL') {
    throw new InvalidInputError('tender.regimeScope', `must be EU or NATIONAL, got "${String(tender.regimeScope)}"`);
  }
  if (type === 'national-open' && tender.regimeScope === 'EU') {
    throw new InvalidInputError(
      'tender.procedureType',
      'a national procedure cannot be used at or above the EU threshold',
    );
  }
  const works = main === 'works';
  const text =
    tender.regimeScope === 'EU'
      ? `Offenes Verfahren (EU-weit, ${works ? '§ 3 EU Nr. 1 VOB/A' : '§ 15 VgV'})`
      : `Öffentliche Ausschreibung (national, ${works ? '§ 3 Nr. 1 VOB/A' : '§ 9 UVgO'})`;
  const basis = tender.legalBasis?.trim();
  return basis && !text.includes(basis) ? `${text}; Rechtsgrundlage: ${basis}` : text;
}

/**
 * awardCriteria code and German details from the price weight and the weighted award-phase
 * criteria. Weights follow the scoring rules (`validateWeights`: at most two decimals, sum 100).
 */
export function awardCriteria(
  criteria: readonly OcdsCriterionInput[],
  priceWeight: number | undefined,
): { code: OcdsTender['awardCriteria']; details: string } {
  const award = sortedCriteria(criteria, 'award');
  if (award.length === 0 && (priceWeight === undefined || priceWeight === 100)) {
    return {
      code: 'priceOnly',
      details: 'Zuschlag auf das wirtschaftlichste Angebot. Zuschlagskriterium: Preis 100 %.',
    };
  }
  if (priceWeight === undefined) {
    throw new InvalidInputError('priceWeight', 'is required when award criteria are weighted');
  }
  const weighted = award.map((c) => {
    if (c.weight === undefined || c.weight === null) {
      throw new InvalidInputError(`criteria[${c.code}].weight`, 'an award criterion needs a weight');
    }
    return { criterion: c, weight: c.weight };
  });
  validateWeights({
    price: priceWeight,
    criteria: Object.fromEntries(weighted.map((w) => [w.criterion.code, w.weight])),
  });
  const parts = [
    `Preis ${percent(priceWeight)}`,
    ...weighted.map((w) => `${criterionLabel(w.criterion)} ${percent(w.weight)}`),
  ];
  const code = priceWeight === 100 ? 'priceOnly' : priceWeight === 0 ? 'qualityOnly' : 'ratedCriteria';
  return { code, details: `Zuschlag auf das wirtschaftlichste Angebot. Zuschlagskriterien: ${parts.join('; ')}.` };
}

/**
 * The award criteria of a tender whose lots carry criteria of their own: per lot, the price
 * weighs what the lot's award criteria leave of 100 (`Los L1: Preis 70 %; ... Los L2: Preis 100 %.`).
 */
export function awardCriteriaPerLot(
  criteria: readonly OcdsCriterionInput[],
  lotKeys: readonly string[],
): { code: OcdsTender['awardCriteria']; details: string } {
  const perLot = lotKeys.map((key) => {
    const own = criteria.filter((c) => !c.lotKeys || c.lotKeys.includes(key));
    const price = lotPriceWeight(
      own.map((c) => ({ code: c.code, phase: c.phase, weight: c.weight ?? undefined })),
      key,
    );
    return { key, ...awardCriteria(own, price) };
  });
  const codes = new Set(perLot.map((l) => l.code));
  const [only] = codes;
  const code = codes.size === 1 && only ? only : 'ratedCriteria';
  const details = perLot
    .map((l) => `Los ${l.key}: ${l.details.replace(/^Zuschlag auf das wirtschaftlichste Angebot\. /, '')}`)
    .join(' ');
  return { code, details: `Zuschlag auf das wirtschaftlichste Angebot. ${details}` };
}

/**
 * The tender description with the sustainability requirements that have no field of their
 * own in OCDS core or our extensions: the specification (Leistungsbeschreibung) and the
 * contract performance conditions (Ausführungsbedingungen, § 128 Abs. 2 GWB).
 */
export function tenderDescription(
  description: string | null | undefined,
  criteria: readonly OcdsCriterionInput[],
): string {
  return [
    description?.trim(),
    criteriaText('Anforderungen an die Leistung (Leistungsbeschreibung)', criteria, 'specification'),
    criteriaText('Ausführungsbedingungen', criteria, 'performance'),
  ]
    .filter((part): part is string => !!part)
    .join('\n\n');
}

/** `Heading: criterion (detail); criterion.` for the criteria of one phase, or '' if none. */
export function criteriaText(heading: string, criteria: readonly OcdsCriterionInput[], phase: TenderPhase): string {
  const list = sortedCriteria(criteria, phase);
  return list.length === 0 ? '' : `${heading}: ${list.map(criterionLabel).join('; ')}.`;
}

/** The criteria of one phase sorted by code; a code may appear only once per phase. */
export function sortedCriteria(criteria: readonly OcdsCriterionInput[], phase: TenderPhase): OcdsCriterionInput[] {
  criteria.forEach((c, i) => {
    if (!PHASE_ORDER.includes(c.phase))
      throw new InvalidInputError(`criteria[${i}].phase`, `unknown phase "${String(c.phase)}"`);
    requireText(c.code, `criteria[${i}].code`);
    requireText(c.name, `criteria[${i}].name`);
  });
  const list = criteria.filter((c) => c.phase === phase).sort((a, b) => compareCodeUnits(a.code, b.code));
  list.forEach((c, i) => {
    if (i > 0 && list[i - 1].code === c.code) {
      throw new InvalidInputError('criteria', `criterion ${c.code} is given twice for the phase ${phase}`);
    }
  });
  return list;
}

export function criterionLabel(c: OcdsCriterionInput): string {
  const detail = c.detail?.trim();
  return detail ? `${c.name.trim()} (${detail})` : c.name.trim();
}

/** `12.5` -> `12,5 %` (German decimal comma). */
export function percent(weight: number): string {
  return `${String(weight).replace('.', ',')} %`;
}
