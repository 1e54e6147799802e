import fc from 'fast-check';
import { germanVatIdFrom, germanVatIdProblem, isValidGermanVatId, normaliseVatId } from './vat-id';

describe('German VAT id (USt-IdNr)', () => {
  it.each([
    'DE143454214', // SAP SE
    'DE129274202', // Siemens AG
    'DE123475223', // Deutsche Telekom AG
    'DE129273398', // Bayerische Motoren Werke AG
    'DE115235681', // Volkswagen AG
    'DE136695976',
    'DE811907980', // check digit 0 (the "10 -> 0" case)
  ])('accepts the published id %s', (vatId) => {
    expect(germanVatIdProblem(vatId)).toBeUndefined();
  });

  it.each(['DE143454215', 'DE129274201', 'DE811907981'])('rejects %s (wrong check digit)', (vatId) => {
    expect(germanVatIdProblem(vatId)).toBe('check-digit');
  });

  it.each(['', 'DE12345678', 'DE1234567890', 'AT143454214', 'de143454214', 'DE14345421A', '143454214'])(
    'rejects %j (format)',
    (vatId) => {
      expect(germanVatIdProblem(vatId)).toBe('format');
    },
  );

  it('normalises spaces, dots, dashes and case', () => {
    expect(normaliseVatId(' de 143.454-214 ')).toBe('DE143454214');
  });

  it('detects every single-digit error, in the check digit too (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{8}$/),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (base, pos, delta) => {
          const valid = germanVatIdFrom(base);
          expect(isValidGermanVatId(valid)).toBe(true);
          const digits = valid.slice(2).split('');
          digits[pos] = String((Number(digits[pos]) + delta) % 10);
          expect(isValidGermanVatId(`DE${digits.join('')}`)).toBe(false);
        },
      ),
    );
  });
});
