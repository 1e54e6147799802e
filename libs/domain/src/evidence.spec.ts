import {
  evidenceProves,
  evidenceReferenceProblems,
  evidenceRefusal,
  evidenceState,
  sniffEvidenceType,
  validityProblems,
} from './evidence';

describe('evidence', () => {
  it('tells PDF, PNG and JPEG by their first bytes, and nothing else', () => {
    expect(sniffEvidenceType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffEvidenceType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffEvidenceType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffEvidenceType(Buffer.from('<html>'))).toBeNull();
    expect(sniffEvidenceType(new Uint8Array())).toBeNull();
  });

  it('is valid through its last day (Berlin), expiring within 30 days, expired after', () => {
    const v = { validFrom: '2026-01-01', validTo: '2026-06-30' };
    expect(evidenceState(v, '2025-12-31')).toBe('not-yet-valid');
    expect(evidenceState(v, '2026-05-01')).toBe('valid');
    expect(evidenceState(v, '2026-06-01')).toBe('expiring');
    expect(evidenceState(v, '2026-06-30')).toBe('expiring');
    // 22:30 UTC on 30 June is 1 July in Berlin
    expect(evidenceState(v, new Date('2026-06-30T22:30:00Z'))).toBe('expired');
    expect(evidenceState({ validFrom: '2026-01-01', validTo: null }, '2040-01-01')).toBe('valid');
  });

  it('refuses expired evidence with its date, in German', () => {
    const v = { validFrom: '2025-01-01', validTo: '2026-05-31' };
    expect(evidenceRefusal(v, '2026-06-01')).toEqual({
      code: 'EVIDENCE_EXPIRED',
      reason: 'the evidence has expired: valid until 2026-05-31',
      de: 'Der Nachweis ist abgelaufen: gültig bis 31.05.2026',
    });
    expect(evidenceRefusal(v, '2024-06-01')).toEqual({
      code: 'EVIDENCE_NOT_YET_VALID',
      reason: 'the evidence is valid only from 2025-01-01',
      de: 'Der Nachweis gilt erst ab 01.01.2025',
    });
    expect(evidenceRefusal(v, '2026-05-31')).toBeNull();
  });

  it('knows which kinds prove a criterion; unknown criteria take any', () => {
    expect(evidenceProves('LKSG_ANNUAL_REPORT', 'LKSG_DUE_DILIGENCE')).toBe(true);
    expect(evidenceProves('ISO_14001', 'LKSG_DUE_DILIGENCE')).toBe(false);
    expect(evidenceProves('OTHER', 'WARRANTY_YEARS')).toBe(true);
  });

  it('names an end before the start', () => {
    expect(validityProblems({ validFrom: '2026-02-01', validTo: '2026-01-31' })).toEqual([
      {
        field: 'validTo',
        code: 'VALID_TO_BEFORE_FROM',
        reason: 'must not be before the start of the validity (2026-02-01)',
        de: 'darf nicht vor dem Beginn der Gültigkeit (01.02.2026) liegen',
      },
    ]);
    expect(validityProblems({ validFrom: '2026-02-01', validTo: null })).toEqual([]);
  });
});

describe('evidenceReferenceProblems', () => {
  const evidence = new Map([
    ['lksg', { kind: 'LKSG_ANNUAL_REPORT', validFrom: '2026-01-01', validTo: '2027-03-31', withdrawn: false }],
    ['old', { kind: 'ISO_14001', validFrom: '2023-01-01', validTo: '2026-05-31', withdrawn: false }],
    ['gone', { kind: 'LKSG_RISK_ANALYSIS', validFrom: '2026-01-01', validTo: null, withdrawn: true }],
  ]);
  const check = (references: Array<{ code: string; evidenceId: string }>) =>
    evidenceReferenceProblems({
      references,
      lotCriteria: new Set(['LKSG_DUE_DILIGENCE', 'ENVIRONMENTAL_MANAGEMENT', 'WARRANTY_YEARS']),
      declared: new Set(['LKSG_DUE_DILIGENCE', 'ENVIRONMENTAL_MANAGEMENT']),
      evidence,
      on: '2026-12-02',
    });

  it('takes valid evidence of a fitting kind for a declared criterion', () => {
    expect(check([{ code: 'LKSG_DUE_DILIGENCE', evidenceId: 'lksg' }])).toEqual([]);
  });

  it('refuses expired evidence with its date, and names every other problem', () => {
    expect(
      check([
        { code: 'ENVIRONMENTAL_MANAGEMENT', evidenceId: 'old' },
        { code: 'WARRANTY_YEARS', evidenceId: 'lksg' },
        { code: 'EU_ECOLABEL', evidenceId: 'elsewhere' },
        { code: 'LKSG_DUE_DILIGENCE', evidenceId: 'gone' },
        { code: 'ENVIRONMENTAL_MANAGEMENT', evidenceId: 'lksg' },
      ]),
    ).toEqual([
      {
        field: 'evidence.0.evidenceId',
        code: 'EVIDENCE_EXPIRED',
        reason: 'the evidence has expired: valid until 2026-05-31',
        de: 'Der Nachweis ist abgelaufen: gültig bis 31.05.2026',
      },
      {
        field: 'evidence.1.code',
        code: 'NOT_DECLARED',
        reason: expect.stringMatching(/^WARRANTY_YEARS is not declared by the offer/),
        de: expect.stringMatching(/^WARRANTY_YEARS erklärt das Angebot nicht/),
      },
      {
        field: 'evidence.2.code',
        code: 'NOT_A_LOT_CRITERION',
        reason: 'EU_ECOLABEL is not a criterion of this lot',
        de: 'EU_ECOLABEL ist kein Kriterium dieses Loses',
      },
      {
        field: 'evidence.2.evidenceId',
        code: 'NOT_OWN_EVIDENCE',
        reason: 'is not evidence of your company',
        de: 'ist kein Nachweis Ihres Unternehmens',
      },
      {
        field: 'evidence.3.evidenceId',
        code: 'EVIDENCE_WITHDRAWN',
        reason: 'the evidence has been withdrawn',
        de: 'Der Nachweis wurde zurückgezogen',
      },
      {
        field: 'evidence.4.evidenceId',
        code: 'EVIDENCE_KIND_UNSUITABLE',
        reason:
          'evidence of the kind LKSG_ANNUAL_REPORT does not prove ENVIRONMENTAL_MANAGEMENT; suitable: EMAS, ISO_14001',
        de: 'Ein Nachweis der Art LKSG_ANNUAL_REPORT belegt ENVIRONMENTAL_MANAGEMENT nicht; geeignet: EMAS, ISO_14001',
      },
    ]);
  });
});
