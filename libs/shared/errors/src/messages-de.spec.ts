import { fieldErrorsIn, germanReason, prefersGerman, toGerman } from './messages-de';

describe('German problem details', () => {
  it('reads Accept-Language as a browser sends it', () => {
    expect(prefersGerman('de')).toBe(true);
    expect(prefersGerman('de-DE,de;q=0.9,en;q=0.8')).toBe(true);
    expect(prefersGerman('en-US,en;q=0.9,de;q=0.8')).toBe(false);
    expect(prefersGerman('en;q=0.5, de;q=0.7')).toBe(true);
    expect(prefersGerman(undefined)).toBe(false);
    expect(prefersGerman('fr')).toBe(false);
  });

  it('words a field error from its code and parameters, or from its English reason', () => {
    expect(germanReason({ field: 'title', reason: 'must be shorter', code: 'MAX_LENGTH', params: { max: 200 } })).toBe(
      'darf höchstens 200 Zeichen lang sein',
    );
    expect(germanReason({ field: 'x', reason: 'should not exist', code: 'UNKNOWN_FIELD' })).toBe(
      'ist kein bekanntes Feld',
    );
    expect(germanReason({ field: 'cpvCode', reason: 'must be a CPV code such as 34144900-7', code: 'MATCHES' })).toBe(
      'muss ein CPV-Code wie 34144900-7 sein',
    );
    expect(
      germanReason({
        field: 'decidedOn',
        reason: 'must not be after today (2026-12-02)',
        code: 'NOT_AFTER_TODAY',
        params: { today: '2026-12-02' },
      }),
    ).toBe('darf nicht nach heute (02.12.2026) liegen');
    expect(germanReason({ field: 'x', reason: 'something new' })).toBeUndefined();
  });

  it("takes a throw's own German (de) before the tables, and sends de to no one as a member", () => {
    const error = {
      field: 'lots',
      reason: 'no lot takes 31158000-8 H87 in 14524',
      de: 'kein Los umfasst 31158000-8 H87 in 14524',
    };
    expect(germanReason(error)).toBe('kein Los umfasst 31158000-8 H87 in 14524');
    expect(fieldErrorsIn(true, [error])).toEqual([
      { field: 'lots', reason: 'kein Los umfasst 31158000-8 H87 in 14524' },
    ]);
    expect(fieldErrorsIn(false, [error])).toEqual([{ field: 'lots', reason: 'no lot takes 31158000-8 H87 in 14524' }]);
  });

  it('translates title, detail and reasons but keeps codes and parameters', () => {
    const problem = toGerman({
      type: 't',
      title: 'Bad Request',
      status: 400,
      detail: 'The request has invalid fields',
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'quantity', reason: 'must not be less than 1', code: 'MIN', params: { min: 1 } },
        { field: 'other', reason: 'an English reason without German yet' },
      ],
    });
    expect(problem).toMatchObject({
      title: 'Ungültige Anfrage',
      detail: 'Die Anfrage enthält ungültige Felder.',
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'quantity', reason: 'muss mindestens 1 sein', code: 'MIN', params: { min: 1 } },
        { field: 'other', reason: 'an English reason without German yet' },
      ],
    });
  });
});
