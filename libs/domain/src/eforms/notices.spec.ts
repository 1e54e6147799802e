import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, validateEformsSchema } from '../testing';
import { awardNoticeFixture, contractNoticeFixture, FIXTURE_LOT_WALLBOXES } from './eforms-fixture';
import type { ContractNoticeInput } from './input';
import { buildAwardNotice, buildContractNotice, EformsInputError } from './notices';

/** The fixture's lots let as framework agreements: a 5-year term with a reason for lot 1, 2 years for lot 2. */
function asFrameworks<T extends ContractNoticeInput>(input: T): T {
  const [vehicles, wallboxes] = input.procedure.lots;
  if (!vehicles || !wallboxes) throw new Error('fixture has two lots');
  input.procedure.lots = [
    {
      ...vehicles,
      period: { startDate: '2026-06-01', endDate: '2031-05-31' },
      framework: {
        method: 'fa-mix',
        maximumParticipants: 3,
        maximumValueCents: 88_200_000,
        justification:
          'Die Fahrzeuge werden über fünf Jahre ersetzt; Ladeinfrastruktur und Wartung sind auf diese Zeit abgestimmt.',
      },
    },
    {
      ...wallboxes,
      period: { startDate: '2026-06-01', endDate: '2028-05-31' },
      framework: {
        method: 'fa-wo-rc',
        maximumParticipants: 1,
        maximumValueCents: 30_000_000,
        shares: input.buyers.map((b, i) => ({
          buyerName: b.organisation.name,
          label: 'Wallbox 11 kW',
          unit: 'H87',
          unitName: 'Stück',
          estimatedMilli: (i + 1) * 1000,
          maximumMilli: (i + 1) * 1200,
        })),
      },
    },
  ];
  return input;
}

// the XML schema check in WebAssembly takes seconds on a loaded machine, more than jest's 5 s default
jest.setTimeout(120_000);

// the notices are written here too, for `.ci/run` to check them against the schematron rules
const OUT = path.join(REPO_ROOT, 'test-results', 'eforms', 'unit');
function keep(name: string, xml: string): string {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, name), xml);
  return xml;
}

describe('eForms notices of a joint tender', () => {
  it('builds a contract notice (subtype 16) that the eForms XML schema accepts', async () => {
    const xml = keep('contract-notice.xml', buildContractNotice(contractNoticeFixture()));
    const result = await validateEformsSchema(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('builds a change notice that references the notice it changes', async () => {
    const input = contractNoticeFixture();
    input.notice = {
      noticeId: '44444444-4444-4444-8444-444444444444',
      issuedAt: '2026-03-10T12:00:00Z',
      change: {
        previousNoticeId: '11111111-1111-4111-8111-111111111111',
        description: 'Die Angebotsfrist wurde verlängert.',
        changedLotIds: [FIXTURE_LOT_WALLBOXES],
      },
    };
    const xml = keep('change-notice.xml', buildContractNotice(input));
    expect(xml).toContain(
      '<efbc:ChangedNoticeIdentifier>11111111-1111-4111-8111-111111111111-01</efbc:ChangedNoticeIdentifier>',
    );
    expect(xml).toContain('<efbc:ChangedSectionIdentifier>LOT-0002</efbc:ChangedSectionIdentifier>');
    expect(xml).toContain('<cbc:ID schemeName="notice-id">44444444-4444-4444-8444-444444444444</cbc:ID>');
    expect((await validateEformsSchema(xml)).errors).toEqual([]);
  });

  it('builds an award notice (subtype 29) that the eForms XML schema accepts', async () => {
    const xml = keep('award-notice.xml', buildAwardNotice(awardNoticeFixture()));
    const result = await validateEformsSchema(xml);
    expect(result.errors).toEqual([]);
  });

  it('marks a central purchasing body that awards for the others (OPP-051/052)', async () => {
    const input = contractNoticeFixture();
    input.buyers = input.buyers.map((b) =>
      b.groupLeader
        ? {
            ...b,
            legalType: 'body-pl-la',
            centralPurchasingBody: 'awarding',
            organisation: { ...b.organisation, name: 'Zweckverband Kommunale Beschaffung Westsachsen' },
          }
        : b,
    );
    const xml = keep('contract-notice-cpb.xml', buildContractNotice(input));
    expect(xml).toMatch(
      /<efbc:GroupLeadIndicator>true<\/efbc:GroupLeadIndicator>\s*<efbc:AcquiringCPBIndicator>false<\/efbc:AcquiringCPBIndicator>\s*<efbc:AwardingCPBIndicator>true<\/efbc:AwardingCPBIndicator>/,
    );
    expect(xml.match(/CPBIndicator>/g)).toHaveLength(4);
    expect((await validateEformsSchema(xml)).errors).toEqual([]);
  });

  it('states framework agreements: BT-765, BT-113, BT-271, BT-111 and BT-109 only past four years', async () => {
    const xml = keep('contract-notice-framework.xml', buildContractNotice(asFrameworks(contractNoticeFixture())));
    expect(xml).toContain(
      '<cbc:ContractingSystemTypeCode listName="framework-agreement">fa-mix</cbc:ContractingSystemTypeCode>',
    );
    expect(xml).toContain(
      '<cbc:ContractingSystemTypeCode listName="framework-agreement">fa-wo-rc</cbc:ContractingSystemTypeCode>',
    );
    expect(xml).not.toContain('listName="framework-agreement">none<');
    expect(xml.match(/<cbc:MaximumOperatorQuantity>(\d+)</g)).toEqual([
      '<cbc:MaximumOperatorQuantity>3<',
      '<cbc:MaximumOperatorQuantity>1<',
    ]);
    // lots 882.000,00 € and 300.000,00 €, the procedure their sum
    expect(xml).toContain('<efbc:FrameworkMaximumAmount currencyID="EUR">882000.00</efbc:FrameworkMaximumAmount>');
    expect(xml).toContain('<efbc:FrameworkMaximumAmount currencyID="EUR">300000.00</efbc:FrameworkMaximumAmount>');
    expect(xml).toContain('<efbc:FrameworkMaximumAmount currencyID="EUR">1182000.00</efbc:FrameworkMaximumAmount>');
    expect(xml.match(/<cbc:Justification /g)).toHaveLength(1);
    // every buyer's estimate and maximum in the lot's description (CJEU C-23/20)
    expect(xml).toContain(
      'Geschätzte Mengen und Höchstmengen je Auftraggeber: Stadt Meerane: Wallbox 11 kW 1, höchstens 1,2 Stück; Stadt Crimmitschau: Wallbox 11 kW 2, höchstens 2,4 Stück;',
    );
    expect(xml).toContain('Abrufberechtigt sind ausschließlich die in dieser Bekanntmachung genannten Auftraggeber: ');
    expect((await validateEformsSchema(xml)).errors).toEqual([]);
  });

  it('cuts the buyers’ shares short where the lot description (BT-24) would pass 6000 characters', () => {
    const input = asFrameworks(contractNoticeFixture());
    const lot = input.procedure.lots[1];
    if (!lot?.framework) throw new Error('framework');
    lot.framework.shares = Array.from({ length: 400 }, (_, i) => ({
      buyerName: `Gemeinde ${i}`,
      label: 'Wallbox 11 kW',
      unit: 'H87',
      estimatedMilli: 1000,
      maximumMilli: 1200,
    }));
    const xml = buildContractNotice(input);
    const descriptions = [...xml.matchAll(/<cbc:Description languageID="DEU">([^<]*)<\/cbc:Description>/g)].map(
      (m) => m[1] ?? '',
    );
    const cut = descriptions.find((d) => d.includes('Gemeinde 0:'));
    expect(cut?.length).toBe(6000);
    expect(cut).toMatch(/ … \(vollständig in den Vergabeunterlagen\)$/);
  });

  it('refuses a framework longer than four years without a reason, and a maximum below the estimate', () => {
    const input = asFrameworks(contractNoticeFixture());
    const [vehicles, wallboxes] = input.procedure.lots;
    if (!vehicles?.framework || !wallboxes?.framework) throw new Error('frameworks');
    vehicles.framework.justification = '  ';
    wallboxes.framework.maximumValueCents = 1_000;
    try {
      buildContractNotice(input);
      throw new Error('built');
    } catch (e) {
      expect(e).toBeInstanceOf(EformsInputError);
      expect((e as EformsInputError).problems.map((p) => p.field)).toEqual([
        `lots.${vehicles.id}.framework.justification`,
        `lots.${wallboxes.id}.framework.maximumValueCents`,
      ]);
    }
  });

  it('states the maximum of each framework awarded (BT-709, BT-118) and no value of one-time contracts', async () => {
    const xml = keep('award-notice-framework.xml', buildAwardNotice(asFrameworks(awardNoticeFixture())));
    expect(xml).toContain('<cbc:MaximumValueAmount currencyID="EUR">882000.00</cbc:MaximumValueAmount>');
    expect(xml).toContain('<cbc:MaximumValueAmount currencyID="EUR">300000.00</cbc:MaximumValueAmount>');
    expect(xml).toContain(
      '<efbc:OverallMaximumFrameworkContractsAmount currencyID="EUR">1182000.00</efbc:OverallMaximumFrameworkContractsAmount>',
    );
    expect(xml).not.toContain('<cbc:TotalAmount');
    expect((await validateEformsSchema(xml)).errors).toEqual([]);
  });

  it('the schema check does fail on a broken notice', async () => {
    const xml = buildContractNotice(contractNoticeFixture()).replace(
      '<cbc:RegulatoryDomain>',
      '<cbc:Unknown/><cbc:RegulatoryDomain>',
    );
    expect((await validateEformsSchema(xml)).valid).toBe(false);
  });
});

describe('joint procurement in the notice', () => {
  const xml = buildContractNotice(contractNoticeFixture());

  it('names every participating organisation as a buyer, the district as group leader', () => {
    expect(xml.match(/<cac:ContractingParty>/g)).toHaveLength(6);
    expect(xml.match(/<efbc:GroupLeadIndicator>true<\/efbc:GroupLeadIndicator>/g)).toHaveLength(1);
    expect(xml.match(/<efbc:GroupLeadIndicator>false<\/efbc:GroupLeadIndicator>/g)).toHaveLength(5);
    // the group leader is ORG-0001 and its organisation is Landkreis Zwickau
    expect(xml).toMatch(
      /<efbc:GroupLeadIndicator>true<\/efbc:GroupLeadIndicator>\s*<efac:Company>[\s\S]*?ORG-0001[\s\S]*?Landkreis Zwickau/,
    );
    expect(xml.match(/<cbc:PartyTypeCode listName="buyer-legal-type">la<\/cbc:PartyTypeCode>/g)).toHaveLength(6);
  });

  it('carries the review body as appeal receiver of every lot', () => {
    expect(xml).toContain('1. Vergabekammer des Freistaates Sachsen');
    expect(
      xml.match(/<cac:AppealReceiverParty>\s*<cac:PartyIdentification>\s*<cbc:ID schemeName="organization">ORG-0007</g),
    ).toHaveLength(2);
  });

  it('maps the lot criteria to strategic procurement and award criteria', () => {
    const [lot1, lot2] = xml.split('<cac:ProcurementProjectLot>').slice(1);
    expect(lot1).toContain(
      '<cbc:ProcurementTypeCode listName="strategic-procurement">env-imp</cbc:ProcurementTypeCode>',
    );
    expect(lot1).toContain(
      '<cbc:ProcurementTypeCode listName="strategic-procurement">soc-obj</cbc:ProcurementTypeCode>',
    );
    expect(lot1).toContain(
      '<cbc:ProcurementTypeCode listName="environmental-impact">clim-mitig</cbc:ProcurementTypeCode>',
    );
    expect(lot1).toContain('<efbc:ApplicableLegalBasis listName="cvd-scope">true</efbc:ApplicableLegalBasis>');
    expect(lot1).toContain(
      '<efbc:ProcurementCategoryCode listName="cvd-contract-type">veh-acq</efbc:ProcurementCategoryCode>',
    );
    expect(lot2).toContain('<efbc:ApplicableLegalBasis listName="cvd-scope">false</efbc:ApplicableLegalBasis>');
    expect(lot2).toContain(
      '<cbc:ProcurementTypeCode listName="environmental-impact">circ-econ</cbc:ProcurementTypeCode>',
    );
    expect(lot2).not.toContain('soc-obj');
    // price 80 %, two award criteria of 10 % in lot 2, one with a minimum score of 2 (BT-5423)
    expect(lot2.match(/<efbc:ParameterNumeric>(\d+)<\/efbc:ParameterNumeric>/g)).toEqual([
      '<efbc:ParameterNumeric>80</efbc:ParameterNumeric>',
      '<efbc:ParameterNumeric>10</efbc:ParameterNumeric>',
      '<efbc:ParameterNumeric>10</efbc:ParameterNumeric>',
      '<efbc:ParameterNumeric>2</efbc:ParameterNumeric>',
    ]);
    expect(lot2).toContain('<efbc:ParameterCode listName="number-threshold">min-score</efbc:ParameterCode>');
    expect(lot1).toContain(
      '<cbc:EstimatedOverallContractQuantity unitCode="H87">15</cbc:EstimatedOverallContractQuantity>',
    );
    expect(lot1).toContain(
      '<cbc:EstimatedOverallContractAmount currencyID="EUR">735000.00</cbc:EstimatedOverallContractAmount>',
    );
  });

  it('writes the deadline in Berlin time', () => {
    expect(xml).toContain('<cbc:EndDate>2026-04-07+02:00</cbc:EndDate>');
    expect(xml).toContain('<cbc:EndTime>12:00:00+02:00</cbc:EndTime>');
  });

  it('is deterministic', () => {
    expect(buildContractNotice(contractNoticeFixture())).toBe(xml);
  });
});

describe('the award notice', () => {
  const xml = buildAwardNotice(awardNoticeFixture());

  it('has one contract per participating organisation and lot, signed by that buyer', () => {
    expect(
      xml.match(/<efac:SettledContract>\s*<cbc:ID schemeName="contract">CON-\d{4}<\/cbc:ID>\s*<cbc:AwardDate>/g),
    ).toHaveLength(10);
    expect(xml).toContain('<cbc:TotalAmount currencyID="EUR">935600.00</cbc:TotalAmount>');
    expect(xml.match(/<efbc:StatisticsNumeric>3<\/efbc:StatisticsNumeric>/g)?.length).toBeGreaterThan(0);
    expect(xml).toContain('<efbc:CompanySizeCode listName="economic-operator-size">medium</efbc:CompanySizeCode>');
  });
});

describe('missing data is refused before any XML', () => {
  it('names every missing piece: an address, a CPV code, a contact', () => {
    const input = contractNoticeFixture();
    input.buyers[0]!.organisation.address = null;
    input.buyers[1]!.organisation.contact = { email: 'nicht-gueltig', telephone: null };
    input.procedure = {
      ...input.procedure,
      lots: [input.procedure.lots[0]!, { ...input.procedure.lots[1]!, items: [] }],
    };
    let error: unknown;
    try {
      buildContractNotice(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EformsInputError);
    const fields = (error as EformsInputError).problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'organisations.00000000-0000-4000-8000-000000000001.address',
        'organisations.00000000-0000-4000-8000-000000000002.contact.email',
        'organisations.00000000-0000-4000-8000-000000000002.contact.telephone',
        `lots.${FIXTURE_LOT_WALLBOXES}.cpvCodes`,
      ]),
    );
    expect((error as EformsInputError).problems.find((p) => p.field.endsWith('.address'))?.reason).toContain(
      'Stadt Meerane',
    );
  });

  it('refuses weights that do not add up to 100', () => {
    const input = contractNoticeFixture();
    input.procedure = {
      ...input.procedure,
      lots: [{ ...input.procedure.lots[0]!, priceWeight: 70 }, input.procedure.lots[1]!],
    };
    expect(() => buildContractNotice(input)).toThrow(/90 % instead of 100 %/);
  });
});
