import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { CreateDemandDto } from '../http/dto/demand.dto';
import { fastDemandDto } from './fast-row-check';

/** mostly a valid value, sometimes one near or across a rule's edge */
const field = <T, U>(valid: fc.Arbitrary<T>, edges: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: edges, weight: 1 });

/** rows the way a CSV import carries them: each field valid most of the time */
const rowArb = fc.record({
  cpvCode: field(fc.constantFrom('34144900-7', '34144900'), fc.constantFrom('3414490', '34144900-77', 'x', '')),
  title: field(fc.constantFrom('E-Auto', 'a'.repeat(200)), fc.constantFrom('', ' x', 'x ', 'a'.repeat(201), undefined)),
  description: field(fc.constantFrom(undefined, 'Bauhof'), fc.constantFrom(' d', 'd'.repeat(2001))),
  quantity: field(
    fc.oneof(
      fc.constantFrom(0.001, 1, 1.5, 1_000_000_000),
      fc.integer({ min: 1, max: 1_000_000 }).map((n) => n / 8),
    ),
    fc.oneof(
      fc.constantFrom(0, 0.0005, 1.2345, 1_000_000_000.5, -1, Number.NaN, 1e-7, 1e21, 'drei'),
      fc.double({ min: -10, max: 1e10 }),
    ),
  ),
  unit: field(fc.constantFrom('H87', 'KGM', 'TNE'), fc.constantFrom('h87', 'H', 'ABCD', '')),
  unitPriceEur: field(
    fc.oneof(
      fc.constantFrom(0, 4.2999, 100_000_000),
      fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100),
    ),
    fc.oneof(fc.constantFrom(4.29999, 100_000_000.01, -0.01, '1,5'), fc.double({ min: -1, max: 2e8 })),
  ),
  deliveryFrom: field(fc.constantFrom('2027-03-01', '2028-02-29'), fc.constantFrom('2027-02-30', '01.03.2027', '')),
  deliveryTo: field(fc.constantFrom('2027-06-30'), fc.constantFrom('2027-13-01', undefined)),
  deliveryAgs: field(fc.constantFrom(undefined, '14524330'), fc.constantFrom('1452433', '1452433x')),
  criteria: field(
    fc.oneof(
      fc.constant(undefined),
      fc.uniqueArray(fc.constantFrom('EU_ECOLABEL', 'TAKE_BACK', 'ZERO_EMISSION_VEHICLE'), { maxLength: 3 }),
    ),
    fc.constantFrom(
      ['EU_ECOLABEL', 'EU_ECOLABEL'],
      ['eu_ecolabel'],
      Array.from({ length: 21 }, (_, i) => `C${i}X`),
    ),
  ),
  status: field(fc.constantFrom(undefined, 'draft', 'open'), fc.constantFrom('bundled', 'OPEN')),
});

describe('fastDemandDto', () => {
  it('accepts only rows that class-validator accepts, and builds the same DTO (property)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(rowArb, (row) => {
        const values = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
        const fast = fastDemandDto(values as never);
        if (!fast) return;
        accepted++;
        const full = plainToInstance(CreateDemandDto, values);
        expect(validateSync(full, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
        expect({ ...fast }).toEqual({ ...full });
      }),
      { numRuns: 5000 },
    );
    // the accepting branch is what the property is about: it must be exercised
    expect(accepted).toBeGreaterThan(200);
  });

  it('takes the fast path for a plain valid row', () => {
    const row = {
      cpvCode: '30197630-1',
      title: 'Papier',
      quantity: 1200,
      unit: 'H87',
      unitPriceEur: 4.29,
      deliveryFrom: '2027-02-01',
      deliveryTo: '2027-12-31',
      criteria: ['BLAUER_ENGEL'],
    };
    expect(fastDemandDto(row)).toEqual(expect.objectContaining(row));
  });
});
