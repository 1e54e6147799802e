import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildRecordDocument, lotReason, RecordDocumentInput, renderRecordHtml } from './record-document';
import { renderRecordPdf } from './record-pdf';

const tender = {
  id: 't1',
  bundleId: 'b1',
  coordinatorOrganisationId: 'c1',
  status: 'awarded',
  title: 'E-Mobilität Landkreis Zwickau',
  description: null,
  procedureType: 'open',
  procedureLabel: 'Offenes Verfahren (EU-weit, § 15 VgV)',
  regime: { scope: 'EU', thresholdEur: 216_000, legalBasis: '§ 106 GWB', referenceDate: '2026-11-01' },
  estimatedValueEur: 306_000,
  priceWeight: 70,
  submissionDeadline: '2026-12-01T10:00:00Z',
  publishedAt: '2026-10-30T10:00:00Z',
  openedAt: '2026-12-01T10:00:05Z',
  awardedAt: '2026-12-02T10:00:00Z',
  cancelledAt: null,
  lots: [
    {
      id: 'l1',
      key: 'P-3414',
      title: 'Elektrofahrzeuge',
      estimatedValueEur: 300_000,
      status: 'awarded',
      items: [
        {
          id: 'i1',
          cpvCode: '34144900-7',
          cpvLabel: 'Elektrofahrzeuge',
          unit: 'H87',
          quantity: 10,
          estimatedValueEur: 300_000,
          deliveryAgs: [],
        },
        {
          id: 'i2',
          cpvCode: '34144900-7',
          cpvLabel: 'Elektrofahrzeuge',
          specificationText: 'E-Transporter 3,5 t',
          unit: 'H87',
          quantity: 4,
          estimatedValueEur: 180_000,
          deliveryAgs: [],
        },
      ],
    },
    { id: 'l2', key: 'P-3115', title: 'Ladestationen', estimatedValueEur: 6_000, status: 'unsuccessful', items: [] },
  ],
  criteria: [
    { code: 'ZERO_EMISSION_VEHICLE', name: 'Emissionsfreies Fahrzeug', phase: 'award', weight: 30, detail: null },
  ],
} as unknown as RecordDocumentInput['tender'];

const input: RecordDocumentInput = {
  generatedAt: new Date('2026-12-20T09:00:00Z'),
  tender,
  coordinatorName: 'Landkreis Zwickau',
  participants: [{ name: 'Gemeinde Callenberg', ags: '14524030', estimatedValueEur: 90_000 }],
  evaluation: [
    {
      lotId: 'l1',
      key: 'P-3414',
      title: 'Elektrofahrzeuge',
      offers: [
        {
          supplierName: 'Beta GmbH',
          totalEur: 279_000,
          excluded: false,
          exclusionReasons: [],
          score: { rank: 1, totalPoints: 100 },
        },
        {
          supplierName: 'Alpha GmbH',
          totalEur: 287_505,
          excluded: false,
          exclusionReasons: [],
          score: { rank: 2, totalPoints: 97.93 },
        },
      ],
    },
    {
      lotId: 'l2',
      key: 'P-3115',
      title: 'Ladestationen',
      offers: [
        { supplierName: 'Gamma AG', totalEur: 0, excluded: true, exclusionReasons: ['has a total price of zero'] },
      ],
    },
  ] as unknown as RecordDocumentInput['evaluation'],
  awards: [
    {
      lotId: 'l1',
      supplierName: 'Alpha GmbH',
      valueEur: 287_505,
      bestRanked: false,
      reason: 'Bieter Beta konnte die geforderte Lieferzeit nicht nachweisen.',
      awardedAt: new Date('2026-12-02T10:00:00Z'),
      awardedBy: 'u1',
    },
  ],
  letters: [
    {
      lotId: 'l1',
      supplierName: 'Beta GmbH',
      outcome: 'not-awarded',
      sentAt: new Date('2026-12-02T10:00:00Z'),
      earliestConclusionAt: new Date('2026-12-14T23:00:00Z'),
    },
  ],
  contracts: [
    {
      lotId: 'l1',
      number: 'BUENDEL-1A2B3C4D-P3414-01',
      buyerName: 'Gemeinde Callenberg',
      valueEur: 86_251.5,
      concludedAt: new Date('2026-12-15T09:00:00Z'),
    },
  ],
  events: [
    { occurredAt: new Date('2026-10-30T10:00:00Z'), action: 'tender.published', actorUserId: 'u1', data: {} },
    { occurredAt: new Date('2026-12-01T10:00:05Z'), action: 'tender.opened', actorUserId: null, data: {} },
  ],
  people: new Map([['u1', 'Erika Mustermann (vergabe@landkreis-zwickau.de)']]),
};

describe('the record as a document', () => {
  const doc = buildRecordDocument(input);

  it('says why the lots were formed, why a lot failed and why the award passed over the best offer', () => {
    const text = JSON.stringify(doc);
    expect(text).toContain('Fachlos nach § 97 Abs. 4 Satz 2 GWB für die Leistungen der CPV-Klasse 3414');
    expect(text).toContain(
      'Los P-3115 ist erfolglos geblieben: das einzige Angebot war auszuschließen (Gamma AG: der Gesamtpreis des Angebots ist null)',
    );
    expect(text).toContain('Der Zuschlag geht nicht an das bestbewertete Angebot. Begründung: Bieter Beta konnte');
    expect(text).toContain('Erika Mustermann');
    expect(lotReason('P-3144-R-14524', 'Batterien')).toContain('Teillos für den Kreis 14524');
  });

  it('writes money as 1.234,56 € and moments as dd.mm.yyyy, hh:mm Uhr in Berlin time, as every other document does', () => {
    const text = JSON.stringify(doc);
    expect(text).toContain('86.251,50\u00a0€');
    expect(text).not.toMatch(/\d EUR/);
    // the award at 2026-12-02T10:00:00Z is 11:00 in Berlin (CET)
    expect(text).toContain('entschieden am 02.12.2026, 11:00 Uhr');
    expect(text).toContain('30.10.2026, 11:00 Uhr');
    // a person reads the status and the unit, not the API's codes
    expect(text).toContain('["Status","Zuschlag erteilt"]');
    expect(text).toContain('["34144900-7 Elektrofahrzeuge","10","Stück","300.000,00\u00a0€"]');
  });

  it('tells two items of one CPV code apart by their product specification', () => {
    const text = JSON.stringify(doc);
    expect(text).toContain('["34144900-7 Elektrofahrzeuge – E-Transporter 3,5 t","4","Stück","180.000,00\u00a0€"]');
  });

  it('names every step a tender or its bundle records in German, never by its code', () => {
    const actions = [
      'bundle.updated',
      'bundle.tendering',
      'bundle.mandate-required',
      'bundle.mandate-recorded',
      'bundle.job-failed',
      'tender.updated',
      'tender.lot.renamed',
      'tender.framework.planned',
      'tender.opening.started',
      'tender.lots.demands.released',
      'tender.evidence.verified',
      'tender.job-failed',
    ];
    const steps = buildRecordDocument({
      ...input,
      events: actions.map((action) => ({
        occurredAt: new Date('2026-12-01T10:00:00Z'),
        action,
        actorUserId: null,
        data: {},
      })),
    })
      .sections.at(-1)!
      .tables[0]!.rows.map((r) => r[1]);
    expect(steps.filter((s) => /^[a-z]+\./.test(s ?? ''))).toEqual([]);
  });

  it("names an evidence row's criterion as the criteria table does", () => {
    const withClaim = buildRecordDocument({
      ...input,
      evidence: [
        {
          lotId: 'l1',
          code: 'ZERO_EMISSION_VEHICLE',
          supplierName: 'Alpha GmbH',
          standing: 'self-declared',
          evidence: null,
        },
      ],
    });
    const row = withClaim.sections.find((s) => s.heading.startsWith('8.'))!.tables[0]!.rows[0]!;
    expect(row[1]).toBe('Emissionsfreies Fahrzeug (ZERO_EMISSION_VEHICLE)');
  });

  it('renders printable HTML with the text escaped', () => {
    const html = renderRecordHtml(buildRecordDocument({ ...input, coordinatorName: 'A & <B>' }));
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('A &amp; &lt;B&gt;');
    expect(html).toContain('counter(page)');
    expect(html).toContain('Vorabinformation (§ 134 GWB)');
  });

  it('renders a paginated German PDF whose text pdftotext reads', async () => {
    const pdf = await renderRecordPdf(doc);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const dir = mkdtempSync(path.join(tmpdir(), 'record-'));
    const file = path.join(dir, 'record.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Vergabevermerk: E-Mobilität Landkreis Zwickau');
    expect(text).toContain('Seite 1 von');
    expect(text).toMatch(/Los P-3115 ist erfolglos geblieben/);
    expect(text).toContain('§ 134 GWB');
    expect(text.replace(/\s+/g, ' ')).toContain('BUENDEL-1A2B3C4D-P3414-01');
  });
});
