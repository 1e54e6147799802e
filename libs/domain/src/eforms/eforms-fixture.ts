import type { AwardNoticeInput, ContractNoticeInput, EformsBuyerInput, EformsOrganisationInput } from './input';

/**
 * A joint tender for the tests: Landkreis Zwickau leads five municipalities buying e-vans,
 * e-cars (lot 1, Clean Vehicles Directive) and wallboxes (lot 2), with lot criteria.
 * Test data only: names and keys from the reference data, addresses and contacts made up.
 */
function municipality(n: number, name: string, ags: string, postalCode: string): EformsBuyerInput {
  return {
    organisation: {
      id: `00000000-0000-4000-8000-00000000000${n}`,
      name,
      identifier: ags,
      address: {
        street: 'Markt 1',
        postalCode,
        city: name.replace(/^(Stadt|Gemeinde) /, ''),
        nuts3: 'DED45',
        country: 'DE',
      },
      contact: { name: 'Vergabestelle', email: `vergabe@${ags}.example.de`, telephone: `+49 3764 ${n}00-0` },
    },
    legalType: 'la',
    mainActivity: 'gen-pub',
    groupLeader: false,
  };
}

export const FIXTURE_DISTRICT: EformsBuyerInput = {
  organisation: {
    id: '00000000-0000-4000-8000-000000000014',
    name: 'Landkreis Zwickau',
    identifier: '14524',
    address: {
      street: 'Robert-Müller-Straße 4-8',
      postalCode: '08056',
      city: 'Zwickau',
      nuts3: 'DED45',
      country: 'DE',
    },
    contact: {
      name: 'Zentrale Vergabestelle',
      email: 'vergabe@landkreis-zwickau.example.de',
      telephone: '+49 375 4402-0',
    },
    website: 'https://www.landkreis-zwickau.example.de',
  },
  legalType: 'la',
  mainActivity: 'gen-pub',
  groupLeader: true,
};

export const FIXTURE_REVIEW_BODY: EformsOrganisationInput = {
  id: 'review-body-sn',
  name: '1. Vergabekammer des Freistaates Sachsen',
  identifier: 'VK-SN-1',
  address: { street: 'Braustraße 2', postalCode: '04107', city: 'Leipzig', nuts3: 'DED51', country: 'DE' },
  contact: { email: 'vergabekammer@example.de', telephone: '+49 341 977-0' },
};

export const FIXTURE_LOT_VEHICLES = 'aaaaaaaa-0000-4000-8000-000000000001';
export const FIXTURE_LOT_WALLBOXES = 'aaaaaaaa-0000-4000-8000-000000000002';

export function contractNoticeFixture(): ContractNoticeInput {
  return {
    notice: { noticeId: '11111111-1111-4111-8111-111111111111', issuedAt: '2026-03-02T09:30:00Z' },
    buyers: [
      municipality(1, 'Stadt Meerane', '14524190', '08393'),
      municipality(2, 'Stadt Crimmitschau', '14524030', '08451'),
      FIXTURE_DISTRICT,
      municipality(3, 'Stadt Limbach-Oberfrohna', '14524180', '09212'),
      municipality(4, 'Gemeinde Dennheritz', '14524050', '08393'),
      municipality(5, 'Gemeinde Niederfrohna', '14524220', '09243'),
    ],
    reviewBody: FIXTURE_REVIEW_BODY,
    procedure: {
      procedureId: '22222222-2222-4222-8222-222222222222',
      internalId: 'BUENDEL-2026-007',
      title: 'Gemeinsame Beschaffung von Elektrofahrzeugen und Ladeinfrastruktur',
      description:
        'Der Landkreis Zwickau beschafft federführend für fünf Gemeinden E-Transporter, E-Pkw und Wallboxen.',
      estimatedValueCents: 98_500_000,
      submissionDeadline: '2026-04-07T10:00:00Z',
      submissionUrl: 'https://buendel.example.de/api/v1/tenders/22222222-2222-4222-8222-222222222222/offers',
      documentsUrl: 'https://buendel.example.de/api/v1/tenders/22222222-2222-4222-8222-222222222222',
      tenderValidityDays: 60,
      reviewDeadlineInfo:
        'Ein Nachprüfungsantrag ist unzulässig, soweit die Fristen des § 160 Abs. 3 GWB nicht eingehalten sind (Rüge binnen 10 Kalendertagen, Antrag binnen 15 Kalendertagen nach Mitteilung der Nichtabhilfe).',
      lots: [
        {
          id: FIXTURE_LOT_VEHICLES,
          internalId: '1',
          title: 'Los 1: Elektrofahrzeuge (E-Transporter und E-Pkw), Landkreis Zwickau',
          items: [
            {
              cpvCode: '34144900-7',
              label: 'E-Transporter 3,5 t',
              unit: 'H87',
              unitName: 'Stück',
              quantityMilli: 6000,
            },
            { cpvCode: '34144900-7', label: 'E-Kleinwagen', unit: 'H87', unitName: 'Stück', quantityMilli: 9000 },
          ],
          estimatedValueCents: 73_500_000,
          placesNuts3: ['DED45'],
          period: { startDate: '2026-06-01', endDate: '2026-12-31' },
          criteria: [
            { code: 'ZERO_EMISSION_VEHICLE', name: 'Emissionsfreies Fahrzeug', phase: 'specification' },
            {
              code: 'BATTERY_CARBON_FOOTPRINT',
              name: 'CO2-Fußabdruck der Batterie',
              phase: 'award',
              weight: 20,
              detail: 'höchstens 60 kg CO2e/kWh',
            },
            { code: 'LKSG_DUE_DILIGENCE', name: 'Sorgfaltspflichten in der Lieferkette (LkSG)', phase: 'performance' },
          ],
          priceWeight: 80,
        },
        {
          id: FIXTURE_LOT_WALLBOXES,
          internalId: '2',
          title: 'Los 2: Ladeinfrastruktur (Wallboxen), Landkreis Zwickau',
          items: [
            { cpvCode: '31158100-9', label: 'Wallbox 11 kW', unit: 'H87', unitName: 'Stück', quantityMilli: 25000 },
          ],
          estimatedValueCents: 25_000_000,
          placesNuts3: ['DED45'],
          period: { durationMonths: 12 },
          criteria: [
            { code: 'RENEWABLE_ELECTRICITY', name: 'Ökostrom', phase: 'performance' },
            {
              code: 'SPARE_PARTS_AVAILABILITY',
              name: 'Ersatzteilverfügbarkeit',
              phase: 'award',
              weight: 10,
              detail: 'mindestens 8 Jahre',
              minimumScore: 2,
            },
            {
              code: 'RECYCLED_CONTENT_MIN',
              name: 'Mindestanteil Recyclingmaterial',
              phase: 'award',
              weight: 10,
              detail: 'mindestens 30 %',
            },
          ],
          priceWeight: 80,
        },
      ],
    },
  };
}

export function awardNoticeFixture(): AwardNoticeInput {
  const cn = contractNoticeFixture();
  const supplier = (n: number, name: string) => ({
    id: `bbbbbbbb-0000-4000-8000-00000000000${n}`,
    name,
    identifier: `DE13669597${n}`,
    address: { street: 'Industriestraße 5', postalCode: '09111', city: 'Chemnitz', nuts3: 'DED41', country: 'DE' },
    contact: { email: `vertrieb${n}@example.com`, telephone: '+49 371 12345' },
    size: 'medium' as const,
  });
  const buyers = cn.buyers.map((b) => b.organisation.id);
  return {
    ...cn,
    notice: { noticeId: '33333333-3333-4333-8333-333333333333', issuedAt: '2026-05-20T08:00:00Z' },
    results: [
      {
        lotId: FIXTURE_LOT_VEHICLES,
        tendersReceived: 3,
        awardDecisionDate: '2026-04-28',
        winner: {
          id: 'cccccccc-0000-4000-8000-000000000001',
          supplier: supplier(1, 'Elektromobil Sachsen GmbH'),
          valueCents: 70_110_000,
        },
        highestTenderCents: 79_000_000,
        lowestTenderCents: 70_110_000,
        contracts: buyers.map((b, k) => ({
          id: `con-1-${k}`,
          reference: `BUENDEL-2026-007-1-${k + 1}`,
          buyerId: b,
          concludedOn: '2026-05-12',
        })),
        vehicles: { category: 'm1-m2-n1', total: 15, zeroEmission: 15, clean: 15 },
      },
      {
        lotId: FIXTURE_LOT_WALLBOXES,
        tendersReceived: 2,
        awardDecisionDate: '2026-04-28',
        winner: {
          id: 'cccccccc-0000-4000-8000-000000000002',
          supplier: supplier(2, 'Ladepunkt Erzgebirge GmbH'),
          valueCents: 23_450_000,
        },
        contracts: buyers.slice(0, 4).map((b, k) => ({
          id: `con-2-${k}`,
          reference: `BUENDEL-2026-007-2-${k + 1}`,
          buyerId: b,
          concludedOn: '2026-05-12',
        })),
      },
    ],
  };
}
