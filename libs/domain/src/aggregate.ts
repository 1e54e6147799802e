import { normalizeCpvCode } from './cpv';
import { InvalidInputError } from './errors';
import { assertNonNegativeInteger } from './money';
import { compareCodeUnits } from './order';

/** One demand line of an organisation taking part in a bundle. */
export interface ParticipationLine {
  organisationId: string;
  /** with or without check digit; normalised */
  cpvCode: string;
  /** UN/ECE Rec. 20 unit code, e.g. H87 */
  unit: string;
  /** integer thousandths */
  quantityMilli: number;
  /** integer cents, net */
  estimatedValueCents: number;
}

/** Totals of one (CPV code, unit) pair. */
export interface AggregateLine {
  cpvCode: string;
  unit: string;
  quantityMilli: number;
  estimatedValueCents: number;
  /** distinct organisations with a line of this code and unit */
  participantCount: number;
}

export interface Aggregate {
  /** sorted by cpvCode, then unit */
  lines: AggregateLine[];
  /** distinct organisations over all lines */
  participantCount: number;
  totalEstimatedValueCents: number;
}

const UNIT = /^[A-Z0-9]{2,3}$/;

/**
 * Totals per (CPV code, unit): exact sums of quantities (thousandths) and values (cents),
 * and distinct participants. A pure function of the multiset of lines: the order of the
 * input does not matter, so a job can always recompute it from the participations.
 */
export function aggregateLines(lines: readonly ParticipationLine[]): Aggregate {
  const groups = new Map<
    string,
    { cpvCode: string; unit: string; quantity: number; value: number; orgs: Set<string> }
  >();
  const organisations = new Set<string>();
  let total = 0;
  lines.forEach((line, i) => {
    const at = `lines[${i}]`;
    const cpvCode = normalizeCpvCode(line.cpvCode);
    if (!UNIT.test(line.unit)) throw new InvalidInputError(`${at}.unit`, `not a unit code: "${line.unit}"`);
    if (typeof line.organisationId !== 'string' || line.organisationId === '') {
      throw new InvalidInputError(`${at}.organisationId`, 'must be a non-empty string');
    }
    assertNonNegativeInteger(line.quantityMilli, `${at}.quantityMilli`);
    assertNonNegativeInteger(line.estimatedValueCents, `${at}.estimatedValueCents`);

    const key = `${cpvCode}|${line.unit}`;
    let group = groups.get(key);
    if (!group) {
      group = { cpvCode, unit: line.unit, quantity: 0, value: 0, orgs: new Set() };
      groups.set(key, group);
    }
    group.quantity += line.quantityMilli;
    group.value += line.estimatedValueCents;
    group.orgs.add(line.organisationId);
    organisations.add(line.organisationId);
    total += line.estimatedValueCents;
    if (!Number.isSafeInteger(group.quantity) || !Number.isSafeInteger(total)) {
      throw new InvalidInputError(at, 'totals exceed the safe integer range');
    }
  });

  const result = [...groups.values()]
    .map((g) => ({
      cpvCode: g.cpvCode,
      unit: g.unit,
      quantityMilli: g.quantity,
      estimatedValueCents: g.value,
      participantCount: g.orgs.size,
    }))
    .sort((a, b) => compareCodeUnits(a.cpvCode, b.cpvCode) || compareCodeUnits(a.unit, b.unit));
  return { lines: result, participantCount: organisations.size, totalEstimatedValueCents: total };
}
