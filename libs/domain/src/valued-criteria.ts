/**
 * Criteria that carry a value (a minimum recycled content in %, a maximum CO2 emission in g/km,
 * a warranty in years): the tender sets the value, the offer states its own.
 *
 * - Which value is better is the catalogue's (`parameter.better`): `higher` (recycled content,
 *   warranty) or `lower` (CO2, a battery's carbon footprint).
 * - In the specification, qualification and performance phases the tender's value is a limit:
 *   an offer that states no value, or one on the wrong side of the limit, is excluded.
 * - In the award phase the points follow one of two rules, fixed in the tender:
 *   - `linear`: nothing at the `floor` (or worse), the criterion's full weight at `best` (or
 *     better), in between in proportion: `weight x (value - floor) / (best - floor)`;
 *   - `thresholds`: a list of `{ value, points }`; the offer gets the points of the best
 *     threshold it reaches (`value >= threshold` when higher is better, `<=` when lower is),
 *     nothing when it reaches none. Points are points of 100, at most the criterion's weight.
 *   An offer that states no value gets no points for the criterion.
 * All points are rounded once, to hundredths, by the scoring (scoreOffers).
 */

export type Better = 'higher' | 'lower';

export interface LinearRule {
  rule: 'linear';
  floor: number;
  best: number;
}

export interface ThresholdRule {
  rule: 'thresholds';
  thresholds: ReadonlyArray<{ value: number; points: number }>;
}

export type ScoringRule = LinearRule | ThresholdRule;

/** whether the catalogue's parameter makes a criterion one that carries a number */
export function isValuedParameter(parameter: { type: string } | null | undefined): boolean {
  return parameter?.type === 'percent' || parameter?.type === 'number';
}

/** whether an offered value keeps the tender's limit (at least it when higher is better, at most it when lower is) */
export function meetsLimit(better: Better, limit: number, offered: number): boolean {
  return better === 'higher' ? offered >= limit : offered <= limit;
}

/** the share of the criterion's weight an offered value earns under the rule, in [0, 1] */
export function ruleFulfilment(rule: ScoringRule, better: Better, weight: number, offered: number): number {
  if (rule.rule === 'linear') {
    if (rule.best === rule.floor) return meetsLimit(better, rule.best, offered) ? 1 : 0;
    const share = (offered - rule.floor) / (rule.best - rule.floor);
    return Math.min(1, Math.max(0, share));
  }
  const reached = rule.thresholds.filter((t) => meetsLimit(better, t.value, offered));
  if (!reached.length || weight <= 0) return 0;
  return Math.min(1, Math.max(...reached.map((t) => t.points)) / weight);
}

/** the points (of 100, unrounded) an offered value earns: weight x ruleFulfilment */
export function rulePoints(rule: ScoringRule, better: Better, weight: number, offered: number): number {
  return weight * ruleFulfilment(rule, better, weight, offered);
}

/** units whose German form after "bei", "ab" and "bis" (dative) differs: one, and more than one */
const DATIVE_UNITS: Readonly<Record<string, readonly [string, string]>> = {
  Jahre: ['Jahr', 'Jahren'],
  Monate: ['Monat', 'Monaten'],
  Tage: ['Tag', 'Tagen'],
};

/** "5 Jahren", "1 Jahr", "30 %": a value with its unit after a German preposition */
function valueWithUnit(x: number, unit: string): string {
  const value = String(x).replace('.', ',');
  if (!unit) return value;
  const dative = DATIVE_UNITS[unit];
  return `${value} ${dative ? dative[x === 1 ? 0 : 1] : unit}`;
}

/** "1 Punkt", "20 Punkte", "2,5 Punkte" */
function points(x: number): string {
  return `${String(x).replace('.', ',')} ${x === 1 ? 'Punkt' : 'Punkte'}`;
}

/** a rule in words, for the evaluation and the record (German) */
export function describeRule(rule: ScoringRule, better: Better, weight: number, unit = ''): string {
  const v = (x: number) => valueWithUnit(x, unit);
  if (rule.rule === 'linear')
    return (
      `linear: 0 Punkte bei ${v(rule.floor)} oder ${better === 'higher' ? 'weniger' : 'mehr'}, ` +
      `${points(weight)} bei ${v(rule.best)} oder ${better === 'higher' ? 'mehr' : 'weniger'}, dazwischen anteilig`
    );
  const steps = [...rule.thresholds]
    .sort((a, b) => a.points - b.points)
    .map((t) => `${better === 'higher' ? 'ab' : 'bis'} ${v(t.value)}: ${points(t.points)}`);
  return `Schwellen: ${steps.join('; ')}; sonst 0 Punkte`;
}

/**
 * Problems of a rule for a criterion of this weight and parameter: a linear rule's best must be
 * better than its floor, thresholds need points between 0 and the weight, and every value must
 * lie in the parameter's range. Fields are relative (`floor`, `thresholds.1.points`).
 */
export function ruleProblems(
  rule: ScoringRule,
  better: Better,
  weight: number | undefined,
  range: { min?: number; max?: number },
): Array<{ field: string; reason: string; de: string }> {
  const problems: Array<{ field: string; reason: string; de: string }> = [];
  const inRange = (field: string, v: number) => {
    if (range.min !== undefined && v < range.min)
      problems.push({ field, reason: `must be at least ${range.min}`, de: `muss mindestens ${range.min} sein` });
    if (range.max !== undefined && v > range.max)
      problems.push({ field, reason: `must be at most ${range.max}`, de: `darf höchstens ${range.max} sein` });
  };
  if (rule.rule === 'linear') {
    inRange('floor', rule.floor);
    inRange('best', rule.best);
    if (better === 'higher' ? rule.best <= rule.floor : rule.best >= rule.floor)
      problems.push({
        field: 'best',
        reason: `must be ${better === 'higher' ? 'above' : 'below'} the zero point (floor ${rule.floor}): ${
          better === 'higher' ? 'more' : 'less'
        } is better`,
        de: `muss ${better === 'higher' ? 'über' : 'unter'} dem Nullpunkt (floor ${rule.floor}) liegen: ${
          better === 'higher' ? 'mehr' : 'weniger'
        } ist besser`,
      });
  } else {
    rule.thresholds.forEach((t, i) => {
      inRange(`thresholds.${i}.value`, t.value);
      if (weight !== undefined && t.points > weight)
        problems.push({
          field: `thresholds.${i}.points`,
          reason: `must not exceed the weight of the criterion (${weight})`,
          de: `darf die Gewichtung des Kriteriums (${weight}) nicht übersteigen`,
        });
    });
  }
  return problems;
}
