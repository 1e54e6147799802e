import { germanReason, prefersGerman, toGerman } from './messages-de';

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

  it('words the reasons with figures of their own: the minimum period, lots that miss or double-count products', () => {
    expect(
      germanReason({
        field: 'submissionDeadline',
        reason:
          'must leave at least 30 days (EU open procedure with electronic submission, § 15 VgV) after publication: not before 2027-01-20T11:00:00.000Z',
      }),
    ).toBe(
      'muss mindestens 30 Tage nach der Veröffentlichung liegen (EU-weites offenes Verfahren mit elektronischer Angebotsabgabe, § 15 VgV): frühestens 20.01.2027, 12:00:00 Uhr',
    );
    expect(germanReason({ field: 'lots', reason: 'no lot takes 31158000-8 H87 in 14524' })).toBe(
      'kein Los umfasst 31158000-8 H87 in 14524',
    );
    expect(germanReason({ field: 'lots', reason: 'more than one lot takes 34144900-7 H87 in 14524 (lots 0, 1)' })).toBe(
      'mehr als ein Los umfasst 34144900-7 H87 in 14524 (Lose 0, 1)',
    );
    expect(
      germanReason({
        field: 'submissionDeadline',
        reason: 'must leave at least 3 weeks after publication: not before x',
      }),
    ).toBeUndefined();
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
