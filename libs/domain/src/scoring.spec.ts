import fc from 'fast-check';
import { InvalidInputError } from './errors';
import { InvalidWeightsError, OfferToScore, scoreOffers, validateWeights } from './scoring';

const weights = { price: 70, criteria: { BLAUER_ENGEL: 20, TAKE_BACK: 10 } };

describe('validateWeights', () => {
  it('accepts weights that sum to exactly 100, also with decimals', () => {
    expect(validateWeights(weights).price).toBe(7000);
    expect(() => validateWeights({ price: 33.33, criteria: { A: 33.33, B: 33.34 } })).not.toThrow();
    expect(() => validateWeights({ price: 100, criteria: {} })).not.toThrow();
  });

  it('rejects sums other than 100, negative weights and more than two decimals', () => {
    expect(() => validateWeights({ price: 70, criteria: { A: 20 } })).toThrow('Weights must sum to 100, got 90');
    expect(() => validateWeights({ price: 70, criteria: { A: 40 } })).toThrow(InvalidWeightsError);
    expect(() => validateWeights({ price: 110, criteria: { A: -10 } })).toThrow(/Weight of A/);
    expect(() => validateWeights({ price: 33.333, criteria: { A: 66.667 } })).toThrow(/at most 2 decimals/);
    expect(() => validateWeights({ price: Number.NaN, criteria: {} })).toThrow(InvalidWeightsError);
  });
});

describe('scoreOffers', () => {
  it('gives the lowest price full points and others lowest/price, plus weighted criteria', () => {
    const result = scoreOffers({
      offers: [
        { offerId: 'a', priceCents: 100_000, criteria: [] },
        { offerId: 'b', priceCents: 80_000, criteria: ['TAKE_BACK'] },
        { offerId: 'c', priceCents: 120_000, criteria: ['BLAUER_ENGEL', 'TAKE_BACK', 'UNWEIGHTED'] },
      ],
      weights,
    });
    expect(result).toEqual([
      {
        offerId: 'b',
        rank: 1,
        priceCents: 80_000,
        pricePoints: 70,
        criteriaPoints: 10,
        criteriaBreakdown: { BLAUER_ENGEL: 0, TAKE_BACK: 10 },
        totalPoints: 80,
      },
      {
        offerId: 'c',
        rank: 2,
        priceCents: 120_000,
        pricePoints: 46.67,
        criteriaPoints: 30,
        criteriaBreakdown: { BLAUER_ENGEL: 20, TAKE_BACK: 10 },
        totalPoints: 76.67,
      },
      {
        offerId: 'a',
        rank: 3,
        priceCents: 100_000,
        pricePoints: 56,
        criteriaPoints: 0,
        criteriaBreakdown: { BLAUER_ENGEL: 0, TAKE_BACK: 0 },
        totalPoints: 56,
      },
    ]);
  });

  it('scores partial fulfilment and booleans', () => {
    const [only] = scoreOffers({
      offers: [{ offerId: 'a', priceCents: 1, criteria: { BLAUER_ENGEL: 0.5, TAKE_BACK: true } }],
      weights,
    });
    expect(only).toMatchObject({
      pricePoints: 70,
      criteriaPoints: 20,
      criteriaBreakdown: { BLAUER_ENGEL: 10, TAKE_BACK: 10 },
      totalPoints: 90,
    });
  });

  it('rounds each part half up to hundredths of a point', () => {
    // 70 x 1 / 3 = 23.333.. -> 23.33; 70 x 2 / 3 = 46.666.. -> 46.67
    const result = scoreOffers({
      offers: [
        { offerId: 'low', priceCents: 100, criteria: [] },
        { offerId: 'x3', priceCents: 300, criteria: [] },
        { offerId: 'x1.5', priceCents: 150, criteria: [] },
      ],
      weights,
    });
    expect(result.map((r) => [r.offerId, r.pricePoints])).toEqual([
      ['low', 70],
      ['x1.5', 46.67],
      ['x3', 23.33],
    ]);
  });

  it('breaks ties by lower price, then criteria points, then earlier submission, then offer id', () => {
    const w = { price: 50, criteria: { A: 50 } };
    // same total 75: x has price 50 + A 25 (fulfilment 0.5); y has price 25 (double price) + A 50
    const byPrice = scoreOffers({
      offers: [
        { offerId: 'y', priceCents: 200, criteria: ['A'] },
        { offerId: 'x', priceCents: 100, criteria: { A: 0.5 } },
      ],
      weights: w,
    });
    expect(byPrice.map((r) => [r.offerId, r.totalPoints])).toEqual([
      ['x', 75],
      ['y', 75],
    ]);
    const bySubmission = scoreOffers({
      offers: [
        { offerId: 'a', priceCents: 100, criteria: [], submittedAt: '2026-05-02T10:00:00Z' },
        { offerId: 'b', priceCents: 100, criteria: [] },
        { offerId: 'c', priceCents: 100, criteria: [], submittedAt: new Date('2026-05-01T10:00:00Z') },
      ],
      weights: w,
    });
    expect(bySubmission.map((r) => r.offerId)).toEqual(['c', 'a', 'b']);
    const byId = scoreOffers({
      offers: [
        { offerId: 'n2', priceCents: 100, criteria: [] },
        { offerId: 'n10', priceCents: 100, criteria: [] },
      ],
      weights: w,
    });
    expect(byId.map((r) => [r.offerId, r.rank])).toEqual([
      ['n10', 1],
      ['n2', 2],
    ]);
  });

  it('returns nothing for no offers and rejects bad offers', () => {
    expect(scoreOffers({ offers: [], weights })).toEqual([]);
    expect(() => scoreOffers({ offers: [], weights: { price: 50, criteria: {} } })).toThrow(InvalidWeightsError);
    const ok: OfferToScore = { offerId: 'a', priceCents: 100, criteria: [] };
    expect(() => scoreOffers({ offers: [{ ...ok, priceCents: 0 }], weights })).toThrow(
      'offers[0].priceCents: must be positive',
    );
    expect(() => scoreOffers({ offers: [ok, ok], weights })).toThrow(/duplicate offer a/);
    expect(() => scoreOffers({ offers: [{ ...ok, criteria: { A: 1.5 } }], weights })).toThrow(InvalidInputError);
    expect(() => scoreOffers({ offers: [{ ...ok, submittedAt: 'yesterday' }], weights })).toThrow(/submittedAt/);
  });

  const offerArb = fc.record({
    priceCents: fc.integer({ min: 1, max: 1e11 }),
    criteria: fc.record({ BLAUER_ENGEL: fc.double({ min: 0, max: 1, noNaN: true }), TAKE_BACK: fc.boolean() }),
  });
  const offersArb = fc
    .array(offerArb, { minLength: 1, maxLength: 12 })
    .map((os) => os.map((o, i) => ({ ...o, offerId: `o${i}` })));

  it('keeps every score within 0..100, parts adding up, the lowest price with full price points (property)', () => {
    fc.assert(
      fc.property(offersArb, (offers) => {
        const result = scoreOffers({ offers, weights });
        const lowest = Math.min(...offers.map((o) => o.priceCents));
        for (const r of result) {
          expect(r.totalPoints).toBeGreaterThanOrEqual(0);
          expect(r.totalPoints).toBeLessThanOrEqual(100);
          expect(Math.round(r.totalPoints * 100)).toBe(
            Math.round(r.pricePoints * 100) + Math.round(r.criteriaPoints * 100),
          );
          if (r.priceCents === lowest) expect(r.pricePoints).toBe(70);
          expect(Math.abs(r.pricePoints - (70 * lowest) / r.priceCents)).toBeLessThanOrEqual(0.005 + 1e-9);
        }
        expect(result.map((r) => r.rank)).toEqual(result.map((_, i) => i + 1));
      }),
    );
  });

  it('ranks independently of the input order (property)', () => {
    fc.assert(
      fc.property(
        offersArb.chain((os) =>
          fc.tuple(fc.constant(os), fc.shuffledSubarray(os, { minLength: os.length, maxLength: os.length })),
        ),
        ([offers, permuted]) => {
          expect(scoreOffers({ offers: permuted, weights })).toEqual(scoreOffers({ offers, weights }));
        },
      ),
    );
  });
});
