import { buildCallOffReleases, OCDS_TECHNIQUES_EXTENSION, withFrameworkAgreement } from './framework';
import { OcdsReleasePackage } from './output';

const pkg = {
  uri: 'http://x/ocds',
  version: '1.1',
  extensions: ['lots'],
  publishedDate: '2026-12-02T00:00:00Z',
  publisher: { name: 'Bündel' },
  releases: [{ ocid: 'ocds-abc123-t1', tender: { id: 't1', title: 'Papier' } }],
} as unknown as OcdsReleasePackage;

describe('OCDS of framework agreements', () => {
  it('states method, suppliers, period, reason and maximum value on the tender', () => {
    const out = withFrameworkAgreement(pkg, {
      termFrom: '2027-01-01',
      termTo: '2031-06-30',
      termReason: 'Amortisation der Ladeinfrastruktur',
      suppliersPerLot: 3,
      maximumValueCents: 1_234_50,
    });
    expect(out.extensions).toEqual(['lots', OCDS_TECHNIQUES_EXTENSION]);
    expect(out.releases[0].tender.techniques).toEqual({
      hasFrameworkAgreement: true,
      frameworkAgreement: expect.objectContaining({
        method: 'withAndWithoutReopeningCompetition',
        maximumParticipants: 3,
        periodRationale: 'Amortisation der Ladeinfrastruktur',
        period: { startDate: '2027-01-01T00:00:00Z', endDate: '2031-06-30T23:59:59Z' },
        value: { amount: 1234.5, currency: 'EUR' },
      }),
    });
    expect(pkg.releases[0].tender.techniques).toBeUndefined();
  });

  it("names every participant's estimate and maximum per item in the description (OCDS has no field for them)", () => {
    const out = withFrameworkAgreement(pkg, {
      termFrom: '2027-01-01',
      termTo: '2028-12-31',
      termReason: null,
      suppliersPerLot: 1,
      maximumValueCents: 100_00,
      shares: [
        {
          buyerName: 'Gemeinde Lichtentanne',
          label: 'Kopierpapier A4',
          unit: 'PK',
          unitName: 'Paket',
          estimatedMilli: 200_000,
          maximumMilli: 240_000,
        },
        { buyerName: 'Stadt Werdau', label: 'Kopierpapier A4', unit: 'PK', estimatedMilli: 1_500, maximumMilli: 1_800 },
      ],
    });
    const description = (out.releases[0].tender.techniques!.frameworkAgreement as { description: string }).description;
    expect(description.split('\n')[1]).toBe(
      'Geschätzte Mengen und Höchstmengen je Auftraggeber: Gemeinde Lichtentanne: Kopierpapier A4 200, höchstens 240 Paket; ' +
        'Stadt Werdau: Kopierpapier A4 1,5, höchstens 1,8 PK.',
    );
  });

  it('makes each call-off a process related to the framework; an ordered one has its contract', () => {
    const [ordered, open] = buildCallOffReleases('ocds-abc123-t1', 'ocds-abc123', 'Papier', [
      {
        id: 'c1',
        number: 'N-A0001',
        method: 'mini-competition',
        status: 'ordered',
        createdAt: new Date('2027-01-02T10:00:00Z'),
        orderedAt: new Date('2027-01-03T10:00:00Z'),
        valueCents: 72_000,
        buyer: { id: 'b', name: 'Gemeinde' },
        supplier: { id: 's', name: 'Papier GmbH' },
        items: [{ itemId: 'i', cpvCode: '30197630-1', unit: 'XPA', quantity: 200, unitPriceEur: 3.6 }],
      },
      {
        id: 'c2',
        number: 'N-A0002',
        method: 'ranking',
        status: 'offered',
        createdAt: new Date('2027-01-02T10:00:00Z'),
        orderedAt: null,
        valueCents: null,
        buyer: { id: 'b', name: 'Gemeinde' },
        supplier: { id: 's', name: 'Papier GmbH' },
        items: [{ itemId: 'i', cpvCode: '30197630-1', unit: 'XPA', quantity: 1, unitPriceEur: null }],
      },
    ]);
    expect(ordered).toMatchObject({
      ocid: 'ocds-abc123-c1',
      tag: ['award', 'contract'],
      relatedProcesses: [{ relationship: ['framework'], scheme: 'ocid', identifier: 'ocds-abc123-t1' }],
      tender: { status: 'complete', competitive: true },
      contracts: [{ id: 'N-A0001', value: { amount: 720, currency: 'EUR' } }],
    });
    expect(open).toMatchObject({ tag: ['tender'], tender: { status: 'active', competitive: false } });
    expect(open).not.toHaveProperty('contracts');
  });
});
