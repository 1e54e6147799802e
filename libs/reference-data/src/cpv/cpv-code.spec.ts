import { cpvCodeSearch, parseCpvCode } from './cpv-code';

describe('parseCpvCode', () => {
  it('accepts eight digits with or without the check digit', () => {
    expect(parseCpvCode('31440000-2')).toEqual({ digits: '31440000', checkDigit: '2' });
    expect(parseCpvCode('31440000')).toEqual({ digits: '31440000' });
    expect(parseCpvCode(' 31440000 ')).toEqual({ digits: '31440000' });
  });

  it.each(['3144', '314400000', '31440000-', '31440000-22', 'abc', '3144000a', '31440000 2', ''])(
    'refuses %p',
    (input) => {
      expect(parseCpvCode(input)).toBeUndefined();
    },
  );
});

describe('cpvCodeSearch', () => {
  it('reads a prefix as the code it pads to and the codes below', () => {
    expect(cpvCodeSearch('3144')).toEqual({ exactDigits: '31440000', prefix: '3144' });
    expect(cpvCodeSearch('31440000')).toEqual({ exactDigits: '31440000', prefix: '3144' });
    expect(cpvCodeSearch('31440000-2')).toEqual({ exactDigits: '31440000', exactCode: '31440000-2', prefix: '3144' });
  });

  it('keeps at least the division', () => {
    expect(cpvCodeSearch('30')).toEqual({ exactDigits: '30000000', prefix: '30' });
    expect(cpvCodeSearch('03000000')).toEqual({ exactDigits: '03000000', prefix: '03' });
  });

  it('leaves words and malformed codes to the text search', () => {
    expect(cpvCodeSearch('Batterie')).toBeUndefined();
    expect(cpvCodeSearch('3')).toBeUndefined();
    expect(cpvCodeSearch('3144-2')).toBeUndefined();
    expect(cpvCodeSearch('314400001')).toBeUndefined();
  });
});
