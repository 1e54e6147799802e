import { deliveryPlaceProblem } from './delivery-place';

describe('deliveryPlaceProblem', () => {
  const municipality = { ags: '14524330' };
  const district = { ags: null };

  it('allows a municipality its own AGS only', () => {
    expect(deliveryPlaceProblem(municipality, [], '14524330')).toBeUndefined();
    expect(deliveryPlaceProblem(municipality, [], '14524080')).toEqual({
      reason: 'is not a place of your organisation (allowed: your AGS 14524330)',
      de: 'ist kein Lieferort Ihrer Organisation (erlaubt: Ihr Amtlicher Gemeindeschlüssel 14524330)',
    });
  });

  it('allows a district every municipality of its district', () => {
    expect(deliveryPlaceProblem(district, ['14524'], '14524080')).toBeUndefined();
    expect(deliveryPlaceProblem(district, ['14524'], '14523010')?.reason).toMatch(/district 14524/);
  });

  it('refuses a malformed AGS and an organisation without places', () => {
    expect(deliveryPlaceProblem(district, ['14524'], '1452408')?.reason).toMatch(/eight digits/);
    expect(deliveryPlaceProblem({ ags: null }, [], '14524080')?.de).toMatch(/keinen Lieferort/);
  });
});
