import { DomainRuleError, InvalidInputError } from './errors';

describe('domain errors', () => {
  it('carry a stable code and the class name', () => {
    const e = new DomainRuleError('SOME_RULE', 'broken', { a: 1 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainRuleError');
    expect(e.code).toBe('SOME_RULE');
    expect(e.details).toEqual({ a: 1 });
  });

  it('InvalidInputError names the field in the message and details', () => {
    const e = new InvalidInputError('quantity', 'must not be negative');
    expect(e).toBeInstanceOf(DomainRuleError);
    expect(e.name).toBe('InvalidInputError');
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('quantity');
    expect(e.message).toBe('quantity: must not be negative');
    expect(e.details).toEqual({ field: 'quantity' });
  });
});
