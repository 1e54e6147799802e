import fc from 'fast-check';
import { allocateAward, allocateItem, AllocationError, apportion, ParticipantQuantity } from './allocation';
import { InvalidInputError } from './errors';

describe('apportion', () => {
  it('splits proportionally and gives leftover units to the largest remainders', () => {
    // 100 / 3 each = 33.33.. -> 33, 33, 33 + 1 leftover to the lowest id on a tie
    expect(
      apportion(100, [
        { id: 'b', weight: 1 },
        { id: 'a', weight: 1 },
        { id: 'c', weight: 1 },
      ]),
    ).toEqual([33, 34, 33]);
    // 10 by 1:2:3 -> 1.67, 3.33, 5 -> 1 + 1, 3, 5
    expect(
      apportion(10, [
        { id: 'x', weight: 1 },
        { id: 'y', weight: 2 },
        { id: 'z', weight: 3 },
      ]),
    ).toEqual([2, 3, 5]);
    expect(apportion(0, [{ id: 'x', weight: 0 }])).toEqual([0]);
    expect(
      apportion(7, [
        { id: 'x', weight: 0 },
        { id: 'y', weight: 5 },
      ]),
    ).toEqual([0, 7]);
  });

  it('is exact for values beyond 2^53 intermediate products', () => {
    const total = 9_000_000_000_000; // EUR 90 bn in cents
    const parts = apportion(total, [
      { id: 'a', weight: 999_999_999_999 },
      { id: 'b', weight: 1 },
    ]);
    expect(parts[0] + parts[1]).toBe(total);
    expect(parts[1]).toBe(9);
  });

  it('refuses to split a positive total without weights', () => {
    expect(() => apportion(5, [{ id: 'x', weight: 0 }])).toThrow(AllocationError);
    expect(() => apportion(5, [])).toThrow(AllocationError);
    expect(apportion(0, [])).toEqual([]);
    expect(() => apportion(-1, [])).toThrow(InvalidInputError);
  });
});

describe('allocateItem', () => {
  it('gives each participant exactly its quantity when the totals match, and splits the value by quantity', () => {
    expect(
      allocateItem({
        totalQuantityMilli: 10_000,
        totalValueCents: 100_001,
        participants: [
          { organisationId: 'org-b', quantityMilli: 3_000 },
          { organisationId: 'org-a', quantityMilli: 7_000 },
        ],
      }),
    ).toEqual([
      { organisationId: 'org-a', quantityMilli: 7_000, valueCents: 70_001 }, // 70000.7 -> remainder .7 wins
      { organisationId: 'org-b', quantityMilli: 3_000, valueCents: 30_000 },
    ]);
  });

  it('merges several entries of the same organisation', () => {
    expect(
      allocateItem({
        totalQuantityMilli: 3,
        totalValueCents: 300,
        participants: [
          { organisationId: 'a', quantityMilli: 1 },
          { organisationId: 'b', quantityMilli: 1 },
          { organisationId: 'a', quantityMilli: 1 },
        ],
      }),
    ).toEqual([
      { organisationId: 'a', quantityMilli: 2, valueCents: 200 },
      { organisationId: 'b', quantityMilli: 1, valueCents: 100 },
    ]);
  });

  it('gives a participant with zero quantity nothing', () => {
    const result = allocateItem({
      totalQuantityMilli: 5,
      totalValueCents: 999,
      participants: [
        { organisationId: 'a', quantityMilli: 0 },
        { organisationId: 'b', quantityMilli: 4 },
      ],
    });
    expect(result).toEqual([
      { organisationId: 'a', quantityMilli: 0, valueCents: 0 },
      { organisationId: 'b', quantityMilli: 5, valueCents: 999 },
    ]);
  });

  it('rejects malformed input', () => {
    expect(() =>
      allocateItem({
        totalQuantityMilli: 1,
        totalValueCents: 1,
        participants: [{ organisationId: '', quantityMilli: 1 }],
      }),
    ).toThrow(/organisationId/);
    expect(() => allocateItem({ totalQuantityMilli: 1, totalValueCents: 1.5, participants: [] })).toThrow(
      /totalValueCents/,
    );
    expect(() =>
      allocateItem({
        totalQuantityMilli: 1,
        totalValueCents: 1,
        participants: [{ organisationId: 'a', quantityMilli: -1 }],
      }),
    ).toThrow(InvalidInputError);
  });

  const participantsArb = fc.array(
    fc.record({ organisationId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), quantityMilli: fc.nat({ max: 1e9 }) }),
    { minLength: 1, maxLength: 10 },
  );
  const totalArb = fc.nat({ max: Number.MAX_SAFE_INTEGER });
  const caseArb = fc.tuple(participantsArb, totalArb, totalArb).filter(([ps]) => ps.some((p) => p.quantityMilli > 0));
  const weightsOf = (ps: readonly ParticipantQuantity[]) => {
    const m = new Map<string, number>();
    for (const p of ps) m.set(p.organisationId, (m.get(p.organisationId) ?? 0) + p.quantityMilli);
    return m;
  };

  it('parts sum exactly to the totals and are never negative (property)', () => {
    fc.assert(
      fc.property(caseArb, ([participants, totalQuantityMilli, totalValueCents]) => {
        const result = allocateItem({ totalQuantityMilli, totalValueCents, participants });
        expect(result.reduce((s, a) => s + BigInt(a.quantityMilli), 0n)).toBe(BigInt(totalQuantityMilli));
        expect(result.reduce((s, a) => s + BigInt(a.valueCents), 0n)).toBe(BigInt(totalValueCents));
        for (const a of result) {
          expect(Number.isSafeInteger(a.quantityMilli) && a.quantityMilli >= 0).toBe(true);
          expect(Number.isSafeInteger(a.valueCents) && a.valueCents >= 0).toBe(true);
        }
      }),
    );
  });

  it('gives zero to zero quantities and stays within one unit of the exact share (property)', () => {
    fc.assert(
      fc.property(caseArb, ([participants, totalQuantityMilli, totalValueCents]) => {
        const weights = weightsOf(participants);
        const sum = [...weights.values()].reduce((s, w) => s + BigInt(w), 0n);
        for (const a of allocateItem({ totalQuantityMilli, totalValueCents, participants })) {
          const w = BigInt(weights.get(a.organisationId)!);
          if (w === 0n) expect([a.quantityMilli, a.valueCents]).toEqual([0, 0]);
          for (const [part, total] of [
            [a.quantityMilli, totalQuantityMilli],
            [a.valueCents, totalValueCents],
          ]) {
            // |part - total * w / sum| < 1  <=>  |part * sum - total * w| < sum
            const diff = BigInt(part) * sum - BigInt(total) * w;
            expect(diff < 0n ? -diff : diff).toBeLessThan(sum);
          }
        }
      }),
    );
  });

  it('gives each participant exactly its quantity when the total is the sum (property)', () => {
    fc.assert(
      fc.property(
        participantsArb.filter((ps) => ps.some((p) => p.quantityMilli > 0)),
        (participants) => {
          const weights = weightsOf(participants);
          const total = [...weights.values()].reduce((s, w) => s + w, 0);
          for (const a of allocateItem({ totalQuantityMilli: total, totalValueCents: 0, participants })) {
            expect(a.quantityMilli).toBe(weights.get(a.organisationId));
          }
        },
      ),
    );
  });

  it('does not depend on the order of the participants (property)', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([ps, q, v]) =>
          fc.tuple(
            fc.constant(ps),
            fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }),
            fc.constant(q),
            fc.constant(v),
          ),
        ),
        ([participants, permuted, totalQuantityMilli, totalValueCents]) => {
          expect(allocateItem({ totalQuantityMilli, totalValueCents, participants: permuted })).toEqual(
            allocateItem({ totalQuantityMilli, totalValueCents, participants }),
          );
        },
      ),
    );
  });
});

describe('allocateAward', () => {
  it('returns one row per item and organisation with lot and item ids', () => {
    const rows = allocateAward([
      {
        lotId: 'lot-1',
        itemId: 'item-1',
        totalQuantityMilli: 3_000,
        totalValueCents: 1_000,
        participants: [
          { organisationId: 'a', quantityMilli: 1_000 },
          { organisationId: 'b', quantityMilli: 2_000 },
        ],
      },
      {
        lotId: 'lot-2',
        itemId: 'item-2',
        totalQuantityMilli: 500,
        totalValueCents: 250,
        participants: [{ organisationId: 'a', quantityMilli: 500 }],
      },
    ]);
    expect(rows).toEqual([
      { lotId: 'lot-1', itemId: 'item-1', organisationId: 'a', quantityMilli: 1_000, valueCents: 333 },
      { lotId: 'lot-1', itemId: 'item-1', organisationId: 'b', quantityMilli: 2_000, valueCents: 667 },
      { lotId: 'lot-2', itemId: 'item-2', organisationId: 'a', quantityMilli: 500, valueCents: 250 },
    ]);
    expect(allocateAward([])).toEqual([]);
  });
});
