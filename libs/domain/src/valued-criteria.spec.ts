import { describeRule, meetsLimit, ruleFulfilment, ruleProblems, rulePoints } from './valued-criteria';

describe('valued criteria', () => {
  it('keeps a limit: at least it when higher is better, at most it when lower is', () => {
    expect(meetsLimit('higher', 50, 50)).toBe(true);
    expect(meetsLimit('higher', 50, 49.9)).toBe(false);
    expect(meetsLimit('lower', 120, 95)).toBe(true);
    expect(meetsLimit('lower', 120, 121)).toBe(false);
  });

  it('scores linearly between the floor and the best value, capped at both ends', () => {
    const recycled = { rule: 'linear' as const, floor: 30, best: 80 };
    expect(rulePoints(recycled, 'higher', 20, 30)).toBe(0);
    expect(rulePoints(recycled, 'higher', 20, 10)).toBe(0);
    expect(rulePoints(recycled, 'higher', 20, 55)).toBe(10);
    expect(rulePoints(recycled, 'higher', 20, 80)).toBe(20);
    expect(rulePoints(recycled, 'higher', 20, 95)).toBe(20);
    // CO2: lower is better; 0 g/km (an e-van) gets everything, 160 nothing, 40 three quarters
    const co2 = { rule: 'linear' as const, floor: 160, best: 0 };
    expect(rulePoints(co2, 'lower', 10, 0)).toBe(10);
    expect(rulePoints(co2, 'lower', 10, 40)).toBe(7.5);
    expect(rulePoints(co2, 'lower', 10, 200)).toBe(0);
  });

  it('scores by thresholds: the points of the best threshold reached, nothing below all', () => {
    const warranty = {
      rule: 'thresholds' as const,
      thresholds: [
        { value: 3, points: 5 },
        { value: 5, points: 10 },
      ],
    };
    expect(rulePoints(warranty, 'higher', 10, 2)).toBe(0);
    expect(rulePoints(warranty, 'higher', 10, 3)).toBe(5);
    expect(rulePoints(warranty, 'higher', 10, 4)).toBe(5);
    expect(rulePoints(warranty, 'higher', 10, 8)).toBe(10);
    const co2 = { rule: 'thresholds' as const, thresholds: [{ value: 50, points: 4 }] };
    expect(rulePoints(co2, 'lower', 8, 50)).toBe(4);
    expect(ruleFulfilment(co2, 'lower', 8, 51)).toBe(0);
  });

  it('keeps the fulfilment within 0 and 1 for any value (property of both rules)', () => {
    for (const v of [-1e9, -1, 0, 0.5, 33.3, 79.99, 1e9]) {
      const f = ruleFulfilment({ rule: 'linear', floor: 30, best: 80 }, 'higher', 20, v);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
    }
  });

  it('names what is wrong with a rule', () => {
    expect(ruleProblems({ rule: 'linear', floor: 80, best: 30 }, 'higher', 20, { min: 0, max: 100 })).toEqual([
      {
        field: 'best',
        reason: 'must be above the zero point (floor 80): more is better',
        de: 'muss über dem Nullpunkt (floor 80) liegen: mehr ist besser',
      },
    ]);
    expect(
      ruleProblems(
        {
          rule: 'thresholds',
          thresholds: [
            { value: 120, points: 5 },
            { value: 50, points: 25 },
          ],
        },
        'higher',
        20,
        { min: 0, max: 100 },
      ),
    ).toEqual([
      { field: 'thresholds.0.value', reason: 'must be at most 100', de: 'darf höchstens 100 sein' },
      {
        field: 'thresholds.1.points',
        reason: 'must not exceed the weight of the criterion (20)',
        de: 'darf die Gewichtung des Kriteriums (20) nicht übersteigen',
      },
    ]);
  });

  it('describes a rule in German', () => {
    expect(describeRule({ rule: 'linear', floor: 30, best: 80 }, 'higher', 20, '%')).toBe(
      'linear: 0 Punkte bei 30 % oder weniger, 20 Punkte bei 80 % oder mehr, dazwischen anteilig',
    );
    expect(describeRule({ rule: 'thresholds', thresholds: [{ value: 5, points: 10 }] }, 'higher', 10, 'Jahre')).toBe(
      'Schwellen: ab 5 Jahren: 10 Punkte; sonst 0 Punkte',
    );
    expect(describeRule({ rule: 'linear', floor: 1, best: 2 }, 'higher', 1, 'Jahre')).toBe(
      'linear: 0 Punkte bei 1 Jahr oder weniger, 1 Punkt bei 2 Jahren oder mehr, dazwischen anteilig',
    );
    expect(describeRule({ rule: 'thresholds', thresholds: [{ value: 95, points: 2.5 }] }, 'lower', 5, 'g/km')).toBe(
      'Schwellen: bis 95 g/km: 2,5 Punkte; sonst 0 Punkte',
    );
  });
});
