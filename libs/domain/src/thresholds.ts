import type { ContractNature } from './cpv';
import { berlinDate, dayAfter, isIsoDate as isDate } from './dates';
import { DomainRuleError } from './errors';
import { assertNonNegativeInteger, eurToCents } from './money';
import { compareCodeUnits } from './order';

/**
 * EU thresholds (§ 106 GWB, § 3 VgV) as configuration with validity periods; the data
 * lives in config/thresholds.json and is validated by `parseThresholds`. Dates are
 * inclusive calendar dates in Europe/Berlin.
 */

export const THRESHOLD_CATEGORIES = [
  /** supplies and services of sub-central authorities (municipalities, districts, Länder) */
  'SUPPLIES_SERVICES_SUB_CENTRAL',
  /** supplies and services of central government authorities (Bund) */
  'SUPPLIES_SERVICES_CENTRAL',
  /** supplies and services of utilities (Sektorenauftraggeber) */
  'UTILITIES_SUPPLIES_SERVICES',
  /** works contracts */
  'WORKS',
] as const;
export type ThresholdCategory = (typeof THRESHOLD_CATEGORIES)[number];

export interface Threshold {
  category: ThresholdCategory;
  /** net EUR, whole euros or cents */
  thresholdEur: number;
  /** inclusive, YYYY-MM-DD */
  validFrom: string;
  /** inclusive, YYYY-MM-DD; null = open-ended (only for the latest period of a category) */
  validTo: string | null;
  legalBasis: string;
  label?: string;
}

export interface ProcedureRegime {
  /** EU-wide at or above the threshold, national (UVgO / VOB/A 1st section) below */
  scope: 'EU' | 'NATIONAL';
  thresholdEur: number;
  legalBasis: string;
  category: ThresholdCategory;
  validFrom: string;
  validTo: string | null;
}

/** The thresholds configuration is malformed; `problems` lists every issue found. */
export class ThresholdConfigError extends DomainRuleError {
  constructor(readonly problems: readonly string[]) {
    super('INVALID_THRESHOLD_CONFIG', `Invalid thresholds configuration:\n- ${problems.join('\n- ')}`, { problems });
  }
}

/** No threshold of the category is in force on the date. */
export class NoThresholdError extends DomainRuleError {
  constructor(
    readonly category: string,
    readonly date: string,
  ) {
    super('NO_THRESHOLD_IN_FORCE', `No EU threshold for ${category} is in force on ${date}`, { category, date });
  }
}

/**
 * Validates the thresholds JSON (the parsed object, its text, or the bare array) and returns
 * the periods sorted by category and start. Rejects unknown categories, bad amounts or
 * dates, and overlaps or gaps between the periods of a category.
 */
export function parseThresholds(json: unknown): Threshold[] {
  const data: unknown = typeof json === 'string' ? parseJson(json) : json;
  const list: unknown = Array.isArray(data) ? data : isRecord(data) ? data['thresholds'] : undefined;
  if (!Array.isArray(list)) throw new ThresholdConfigError(['expected an object with a "thresholds" array']);
  if (isRecord(data) && data['currency'] !== undefined && data['currency'] !== 'EUR') {
    throw new ThresholdConfigError([`currency must be EUR, got ${JSON.stringify(data['currency'])}`]);
  }

  const problems: string[] = [];
  const parsed: Threshold[] = [];
  list.forEach((entry: unknown, i) => {
    const at = `thresholds[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${at}: expected an object`);
      return;
    }
    const before = problems.length;
    const { category, thresholdEur, validFrom, validTo, legalBasis, label } = entry;
    if (!THRESHOLD_CATEGORIES.includes(category as ThresholdCategory)) {
      problems.push(
        `${at}.category: unknown category ${JSON.stringify(category)} (known: ${THRESHOLD_CATEGORIES.join(', ')})`,
      );
    }
    if (typeof thresholdEur !== 'number' || !(thresholdEur > 0) || !isCentsAmount(thresholdEur)) {
      problems.push(`${at}.thresholdEur: must be a positive amount with at most 2 decimals`);
    }
    if (!isDate(validFrom)) problems.push(`${at}.validFrom: must be a date YYYY-MM-DD`);
    if (validTo !== null && !isDate(validTo)) problems.push(`${at}.validTo: must be a date YYYY-MM-DD or null`);
    if (isDate(validFrom) && isDate(validTo) && validTo < validFrom) {
      problems.push(`${at}: validTo ${validTo} is before validFrom ${validFrom}`);
    }
    if (typeof legalBasis !== 'string' || legalBasis.trim() === '')
      problems.push(`${at}.legalBasis: must be a non-empty text`);
    if (label !== undefined && typeof label !== 'string') problems.push(`${at}.label: must be a text`);
    if (problems.length === before) {
      parsed.push({
        category: category as ThresholdCategory,
        thresholdEur: thresholdEur as number,
        validFrom: validFrom as string,
        validTo: validTo as string | null,
        legalBasis: (legalBasis as string).trim(),
        ...(label !== undefined ? { label: label as string } : {}),
      });
    }
  });

  parsed.sort((a, b) => compareCodeUnits(a.category, b.category) || compareCodeUnits(a.validFrom, b.validFrom));
  for (let i = 1; i < parsed.length; i++) {
    const prev = parsed[i - 1];
    const next = parsed[i];
    if (prev.category !== next.category) continue;
    if (prev.validTo === null || next.validFrom <= prev.validTo) {
      problems.push(
        `${next.category}: period from ${next.validFrom} overlaps the period from ${prev.validFrom} to ${prev.validTo ?? 'open end'}`,
      );
    } else if (next.validFrom !== dayAfter(prev.validTo)) {
      problems.push(`${next.category}: gap between ${prev.validTo} and ${next.validFrom}`);
    }
  }
  if (problems.length > 0) throw new ThresholdConfigError(problems);
  return parsed;
}

/** The threshold of a category in force on a date; throws NoThresholdError if none is. */
export function findThreshold(
  category: ThresholdCategory,
  on: Date | string,
  thresholds: readonly Threshold[],
): Threshold {
  const day = berlinDate(on, 'on');
  const found = thresholds.find(
    (t) => t.category === category && t.validFrom <= day && (t.validTo === null || day <= t.validTo),
  );
  if (!found) throw new NoThresholdError(category, day);
  return found;
}

/**
 * Procedure regime of a (joint) procurement: EU-wide if the estimated value (net, sum over
 * all participants and lots) is at or above the threshold in force on `on`, national below.
 */
export function procedureRegime(input: {
  estimatedValueCents: number;
  category: ThresholdCategory;
  on: Date | string;
  thresholds: readonly Threshold[];
}): ProcedureRegime {
  assertNonNegativeInteger(input.estimatedValueCents, 'estimatedValueCents');
  const t = findThreshold(input.category, input.on, input.thresholds);
  return {
    scope: input.estimatedValueCents >= eurToCents(t.thresholdEur, 'thresholdEur') ? 'EU' : 'NATIONAL',
    thresholdEur: t.thresholdEur,
    legalBasis: t.legalBasis,
    category: t.category,
    validFrom: t.validFrom,
    validTo: t.validTo,
  };
}

/** Threshold category for a contract nature and the kind of contracting authority. */
export function thresholdCategoryFor(
  nature: ContractNature,
  authority: 'sub-central' | 'central' | 'utility',
): ThresholdCategory {
  if (nature === 'works') return 'WORKS';
  if (authority === 'utility') return 'UTILITIES_SUPPLIES_SERVICES';
  return authority === 'central' ? 'SUPPLIES_SERVICES_CENTRAL' : 'SUPPLIES_SERVICES_SUB_CENTRAL';
}

function isCentsAmount(value: number): boolean {
  try {
    eurToCents(value);
    return true;
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ThresholdConfigError([`not valid JSON: ${(e as Error).message}`]);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
