import { EntityManager } from 'typeorm';
import {
  deliveryPlaceProblem,
  formatDate,
  formatEur,
  formatScaled,
  InvalidInputError,
  isIsoDate,
  lineValueCents,
  parseScaled,
  quantityToMilli,
} from '@buendel/domain';
import { FieldError } from '@buendel/errors';
import type { DemandsRepository } from './demands.repository';
import { CreateDemandDto } from './http/dto/demand.dto';

/** the largest estimated value of one demand: EUR 10 billion (a million of them still sum exactly) */
export const MAX_DEMAND_VALUE_CENTS = 1_000_000_000_000;

/** Answers about the codes a set of demands refers to, loaded in one go. */
export interface DemandLookups {
  /** the CPV code with its check digit for eight digits, if it exists */
  cpvCodeOf(digits: string): string | undefined;
  /** active, deprecated or deleted; undefined if unknown */
  unitStatus(code: string): string | undefined;
  hasCriterion(code: string): boolean;
  /** a municipality or kreisfreie Stadt with this AGS exists */
  hasAgs(ags: string): boolean;
}

/** Where an organisation may have demands delivered (see deliveryPlaceProblem). */
export interface OrganisationPlaces {
  organisationId: string;
  ags: string | null;
  coordinatedDistrictKeys: string[];
}

/** A demand's fields after every check, in the form the table stores. */
export interface ResolvedDemand {
  cpvCode: string;
  title: string;
  description: string | null;
  specificationKey: string | null;
  specificationText: string | null;
  /** exact decimal text with three decimals */
  quantity: string;
  unit: string;
  /** exact decimal text with four decimals */
  unitPriceEur: string;
  estimatedValueCents: number;
  deliveryFrom: string;
  deliveryTo: string;
  deliveryAgs: string;
  districtKey: string;
  criteria: string[];
  status: 'draft' | 'open';
}

/**
 * Loads the lookups for the codes these demands name: one query per kind, whatever the
 * number of demands (one demand of a request, or a thousand rows of an import).
 */
export async function loadDemandLookups(
  repository: DemandsRepository,
  manager: EntityManager,
  demands: ReadonlyArray<Partial<Pick<CreateDemandDto, 'cpvCode' | 'unit' | 'criteria' | 'deliveryAgs'>>>,
  extraAgs: readonly string[] = [],
): Promise<DemandLookups> {
  const distinct = <T>(values: Array<T | undefined>) => [...new Set(values.filter((v): v is T => v !== undefined))];
  // one after the other: inside a transaction the four share one connection
  const cpv = await repository.cpvCodesOf(manager, distinct(demands.map((d) => d.cpvCode?.slice(0, 8))));
  const unit = await repository.unitStatuses(manager, distinct(demands.map((d) => d.unit)));
  const criterion = await repository.knownCriteria(manager, distinct(demands.flatMap((d) => d.criteria ?? [])));
  const place = await repository.municipalityAgs(
    manager,
    distinct([...demands.map((d) => d.deliveryAgs), ...extraAgs]),
  );
  return {
    cpvCodeOf: (d) => cpv.get(d),
    unitStatus: (c) => unit.get(c),
    hasCriterion: (c) => criterion.has(c),
    hasAgs: (a) => place.has(a),
  };
}

/** a delivery window (of a demand or a bundle) that ends before it starts */
export function notBeforeDeliveryFrom(deliveryFrom: string): FieldError {
  return {
    field: 'deliveryTo',
    code: 'DELIVERY_TO_BEFORE_FROM',
    reason: `must not be before deliveryFrom (${deliveryFrom})`,
    de: `darf nicht vor dem Lieferbeginn (${formatDate(deliveryFrom)}) liegen`,
  };
}

/**
 * The problems with the codes and places a demand names: unknown or mistyped CPV code,
 * unknown or deleted unit, unknown criteria, a delivery window that ends before it starts, a
 * delivery place the organisation may not use. Fields in `skip` (refused already for their
 * form) are not looked at, so that one answer can name every problem of a row.
 */
export function demandReferenceProblems(
  input: Partial<CreateDemandDto>,
  lookups: DemandLookups,
  places: OrganisationPlaces,
  skip: ReadonlySet<string> = new Set(),
): FieldError[] {
  const errors: FieldError[] = [];
  const checks = (field: string) => !skip.has(field);
  if (checks('cpvCode') && typeof input.cpvCode === 'string') {
    const cpvCode = lookups.cpvCodeOf(input.cpvCode.slice(0, 8));
    if (!cpvCode) {
      errors.push({
        field: 'cpvCode',
        code: 'UNKNOWN_CPV_CODE',
        reason: `${input.cpvCode} is not a CPV 2008 code (GET /cpv?search=)`,
        de: `${input.cpvCode} ist kein CPV-Code (CPV 2008); bitte wählen Sie einen aus der Suche`,
      });
    } else if (input.cpvCode.length > 8 && input.cpvCode !== cpvCode) {
      errors.push({
        field: 'cpvCode',
        code: 'CPV_CHECK_DIGIT',
        params: { cpvCode },
        reason: `has a wrong check digit; the code is ${cpvCode}`,
        de: `hat eine falsche Prüfziffer; der Code lautet ${cpvCode}`,
      });
    }
  }
  if (checks('unit') && typeof input.unit === 'string') {
    const unitStatus = lookups.unitStatus(input.unit);
    if (!unitStatus)
      errors.push({
        field: 'unit',
        code: 'UNKNOWN_UNIT',
        reason: `${input.unit} is not a UN/ECE Rec. 20 unit code (GET /units)`,
        de: `${input.unit} ist keine bekannte Einheit (UN/ECE Rec. 20), zum Beispiel Stück, Liter oder kWh`,
      });
    else if (unitStatus === 'deleted')
      errors.push({
        field: 'unit',
        code: 'DELETED_UNIT',
        reason: `${input.unit} was deleted from UN/ECE Rec. 20`,
        de: `${input.unit} wurde aus UN/ECE Rec. 20 gestrichen; bitte wählen Sie eine andere Einheit`,
      });
  }
  if (checks('criteria') && Array.isArray(input.criteria)) {
    input.criteria.forEach((code, i) => {
      if (checks(`criteria.${i}`) && !lookups.hasCriterion(code)) {
        errors.push({
          field: `criteria.${i}`,
          code: 'UNKNOWN_CRITERION',
          reason: `${code} is not in the criteria catalogue (GET /criteria)`,
          de: `${code} steht nicht im Kriterienkatalog`,
        });
      }
    });
  }
  if (
    checks('deliveryFrom') &&
    checks('deliveryTo') &&
    isIsoDate(input.deliveryFrom) &&
    isIsoDate(input.deliveryTo) &&
    input.deliveryFrom > input.deliveryTo
  ) {
    errors.push(notBeforeDeliveryFrom(input.deliveryFrom));
  }
  if (checks('deliveryAgs')) {
    const deliveryAgs = input.deliveryAgs ?? places.ags;
    if (!deliveryAgs) {
      errors.push({
        field: 'deliveryAgs',
        code: 'REQUIRED',
        reason: 'is required: your organisation has no AGS of its own',
      });
    } else {
      const problem = deliveryPlaceProblem(places, places.coordinatedDistrictKeys, deliveryAgs);
      if (problem) errors.push({ field: 'deliveryAgs', code: 'DELIVERY_PLACE_NOT_ALLOWED', ...problem });
      else if (!lookups.hasAgs(deliveryAgs))
        errors.push({
          field: 'deliveryAgs',
          code: 'UNKNOWN_AGS',
          reason: `${deliveryAgs} is not a municipality's AGS`,
          de: `${deliveryAgs} ist kein Amtlicher Gemeindeschlüssel einer Gemeinde`,
        });
    }
  }
  return errors;
}

/**
 * The codes and places of a demand whose validation refused some fields (`skip`), for
 * demandReferenceProblems: the texts the validation did not refuse, nothing else (a refused or
 * mistyped value is looked up nowhere; a refused criterion keeps its place as '').
 */
export function checkableDemand(dto: Partial<CreateDemandDto>, skip: ReadonlySet<string>): Partial<CreateDemandDto> {
  const text = (field: keyof CreateDemandDto) => {
    const value = dto[field];
    return !skip.has(field) && typeof value === 'string' ? value : undefined;
  };
  const criteria = dto.criteria as unknown;
  return {
    cpvCode: text('cpvCode'),
    unit: text('unit'),
    deliveryFrom: text('deliveryFrom'),
    deliveryTo: text('deliveryTo'),
    deliveryAgs: text('deliveryAgs'),
    criteria:
      !skip.has('criteria') && Array.isArray(criteria)
        ? criteria.map((c: unknown, i) => (!skip.has(`criteria.${i}`) && typeof c === 'string' ? c : ''))
        : undefined,
  };
}

/**
 * Checks a validated demand against the reference data and the organisation's places, and
 * computes its stored form. Every problem is reported with its field, none stops the others.
 */
export function resolveDemand(
  input: CreateDemandDto,
  lookups: DemandLookups,
  places: OrganisationPlaces,
): { demand?: ResolvedDemand; errors: FieldError[] } {
  const errors = demandReferenceProblems(input, lookups, places);
  const cpvCode = lookups.cpvCodeOf(input.cpvCode.slice(0, 8));
  const deliveryAgs = input.deliveryAgs ?? places.ags;
  if (errors.length > 0 || !cpvCode || !deliveryAgs) return { errors };

  const quantityMilli = quantityToMilli(input.quantity);
  const priceScaled = parseScaled(input.unitPriceEur, 4, 'unitPriceEur');
  // the cap keeps every sum over a million demands a safe integer; beyond the safe range the domain throws
  let valueCents: number | undefined;
  try {
    valueCents = lineValueCents(quantityMilli, input.unitPriceEur);
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
  }
  if (valueCents === undefined || valueCents > MAX_DEMAND_VALUE_CENTS) {
    return {
      errors: [
        {
          field: 'unitPriceEur',
          code: 'DEMAND_VALUE_TOO_HIGH',
          params: { maxEur: MAX_DEMAND_VALUE_CENTS / 100 },
          reason: `quantity x unit price exceeds EUR ${MAX_DEMAND_VALUE_CENTS / 100}, the most one demand may carry`,
          de: `Menge mal Einzelpreis übersteigt ${formatEur(MAX_DEMAND_VALUE_CENTS / 100, { wholeEuros: true })}, das Höchste, das ein Bedarf tragen darf`,
        },
      ],
    };
  }
  return {
    errors,
    demand: {
      cpvCode,
      title: input.title,
      description: input.description ?? null,
      specificationKey: input.specificationKey ?? null,
      specificationText: input.specificationText ?? null,
      quantity: formatScaled(quantityMilli, 3),
      unit: input.unit,
      unitPriceEur: formatScaled(priceScaled, 4),
      estimatedValueCents: valueCents,
      deliveryFrom: input.deliveryFrom,
      deliveryTo: input.deliveryTo,
      deliveryAgs,
      districtKey: deliveryAgs.slice(0, 5),
      criteria: input.criteria ?? [],
      status: input.status ?? 'open',
    },
  };
}
