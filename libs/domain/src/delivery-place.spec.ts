import { deliveryPlaceProblem } from './delivery-place';

describe('deliveryPlaceProblem', () => {
  const municipality = { ags: '14524330' };
  const district = { ags: null };

  it('allows a municipality its own AGS only', () => {
    expect(deliveryPlaceProblem(municipality, [], '14524330')).toBeUndefined();
    expect(deliveryPlaceProblem(municipality, [], '14524080')).toMatch(/allowed: your AGS 14524330/);
  });

  it('allows a district every municipality of its district', () => {
    expect(deliveryPlaceProblem(district, ['14524'], '14524080')).toBeUndefined();
    expect(deliveryPlaceProblem(district, ['14524'], '14523010')).toMatch(/district 14524/);
  });

  it('refuses a malformed AGS and an organisation without places', () => {
    expect(deliveryPlaceProblem(district, ['14524'], '1452408')).toMatch(/eight digits/);
    expect(deliveryPlaceProblem({ ags: null }, [], '14524080')).toMatch(/no delivery place/);
  });
});
