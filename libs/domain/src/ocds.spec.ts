import * as path from 'node:path';
import { allocateAward, type AwardedItem } from './allocation';
import { InvalidInputError } from './errors';
import { lineValueCents } from './money';
import {
  buildOcdsReleasePackage,
  OCDS_EXTENSIONS,
  type OcdsContractInput,
  type OcdsJointTenderInput,
  type OcdsPartyInput,
  type OcdsRelease,
  type OcdsReleasePackage,
} from './ocds';
import { InvalidWeightsError } from './scoring';
// one validator for the unit and the end-to-end tests: it lives with the e2e test support
import {
  jsonMergePatch,
  loadOcdsCodelist,
  loadOcdsReleasePackageValidator,
  loadPatchedReleaseSchema,
  OCDS_DATA_DIR,
} from './testing/ocds-schema';

// ---------------------------------------------------------------------------------------------
// Fixtures: Landkreis Zwickau buys paper and batteries for itself and three of its towns.
// ---------------------------------------------------------------------------------------------

const DISTRICT: OcdsPartyInput = {
  id: '0b6f3a4e-0000-4000-8000-000000000001',
  type: 'district',
  name: 'Landkreis Zwickau',
  districtKey: '14524',
  nuts3: 'DED45',
  address: { street: 'Robert-Müller-Straße 4-8', postalCode: '08056', city: 'Zwickau', country: 'DE' },
};
const ZWICKAU: OcdsPartyInput = {
  id: '0b6f3a4e-0000-4000-8000-000000000002',
  type: 'city',
  name: 'Zwickau, Stadt',
  ags: '14524330',
  districtKey: '14524',
  nuts3: 'DED45',
};
const GLAUCHAU: OcdsPartyInput = {
  id: '0b6f3a4e-0000-4000-8000-000000000003',
  type: 'municipality',
  name: 'Glauchau, Stadt',
  ags: '14524080',
  districtKey: '14524',
  nuts3: 'DED45',
};
const WILDENFELS: OcdsPartyInput = {
  id: '0b6f3a4e-0000-4000-8000-000000000004',
  type: 'municipality',
  name: 'Wildenfels, Stadt',
  ags: '14524310',
  districtKey: '14524',
  nuts3: 'DED45',
};
const PAPER_SUPPLIER: OcdsPartyInput = {
  id: '5a1e0000-0000-4000-8000-000000000001',
  type: 'supplier',
  name: 'Muster Papier GmbH',
  vatId: 'DE136695976',
  address: { street: 'Hauptstraße 1', postalCode: '04109', city: 'Leipzig', country: 'DE' },
};
const BATTERY_SUPPLIER: OcdsPartyInput = {
  id: '5a1e0000-0000-4000-8000-000000000002',
  type: 'supplier',
  name: 'Akku Express AG',
  vatId: 'DE274518039',
  address: { street: 'Industriestraße 7', postalCode: '09111', city: 'Chemnitz', country: 'DE' },
};
const LOSING_BIDDER: OcdsPartyInput = {
  id: '5a1e0000-0000-4000-8000-000000000003',
  type: 'supplier',
  name: 'Büro Direkt KG',
  vatId: 'DE319046522',
  address: { street: 'Am Markt 2', postalCode: '01067', city: 'Dresden', country: 'DE' },
};

const BUYERS = [DISTRICT, ZWICKAU, GLAUCHAU, WILDENFELS];
const TENDER_ID = '7e4d0000-0000-4000-8000-000000000001';
const LOT_PAPER = '107a0000-0000-4000-8000-000000000001';
const LOT_BATTERIES = '107a0000-0000-4000-8000-000000000002';
const ITEM_PAPER = '17e30000-0000-4000-8000-000000000001';
const ITEM_BATTERIES = '17e30000-0000-4000-8000-000000000002';
const ITEM_STATIONERY = '17e30000-0000-4000-8000-000000000003';

const PLACES = {
  zwickau: { ags: '14524330', name: 'Zwickau, Stadt', postalCode: '08056', nuts3: 'DED45' },
  glauchau: { ags: '14524080', name: 'Glauchau, Stadt', postalCode: '08371', nuts3: 'DED45' },
  wildenfels: { ags: '14524310', name: 'Wildenfels, Stadt', postalCode: '08134', nuts3: 'DED45' },
};

/** Declared quantities (thousandths) per buyer and item: the weights of the allocation. */
const DECLARED: Record<string, Array<[OcdsPartyInput, number]>> = {
  [ITEM_PAPER]: [
    [DISTRICT, 300_000],
    [ZWICKAU, 500_000],
    [GLAUCHAU, 250_000],
    [WILDENFELS, 150_000],
  ],
  [ITEM_BATTERIES]: [
    [DISTRICT, 1_000_000],
    [ZWICKAU, 2_500_000],
    [GLAUCHAU, 1_000_000],
    [WILDENFELS, 500_000],
  ],
  [ITEM_STATIONERY]: [
    [DISTRICT, 100_000],
    [ZWICKAU, 100_000],
    [GLAUCHAU, 50_000],
    [WILDENFELS, 50_000],
  ],
};

function publishedInput(): OcdsJointTenderInput {
  return {
    ocidPrefix: 'ocds-b5ndl1',
    packageUri: `https://buendel.example.org/api/v1/tenders/${TENDER_ID}/ocds`,
    publisher: { name: 'Bündel – Bedarfsbündelung für öffentliche Auftraggeber', uri: 'https://buendel.example.org' },
    license: 'https://creativecommons.org/publicdomain/zero/1.0/',
    publishedDate: '2026-02-02T09:00:00Z',
    releaseDate: '2026-02-01T08:30:00+01:00',
    tender: {
      id: TENDER_ID,
      bundleId: 'b0d1e000-0000-4000-8000-000000000001',
      title: 'Gemeinsame Beschaffung von Druckpapier und Batterien 2026',
      description: 'Sammelbeschaffung für den Landkreis Zwickau und drei kreisangehörige Städte.',
      status: 'published',
      regimeScope: 'EU',
      procedureType: 'open',
      legalBasis: '§ 106 GWB',
      submissionDeadline: '2026-03-10T12:00:00+01:00',
      publishedAt: '2026-02-01T08:30:00+01:00',
      estimatedValueCents: 980_000,
    },
    procuringEntity: DISTRICT,
    buyers: BUYERS,
    suppliers: [],
    lots: [
      {
        id: LOT_PAPER,
        key: 'P-3019',
        title: 'Druckpapier',
        estimatedValueCents: 430_000,
        items: [
          {
            id: ITEM_PAPER,
            cpvCode: '30197630-1',
            cpvLabel: 'Druckpapier',
            unit: 'RM',
            unitName: 'Ries',
            quantityMilli: 1_200_000,
            deliveryPlaces: [PLACES.zwickau, PLACES.glauchau, PLACES.wildenfels],
          },
        ],
      },
      {
        id: LOT_BATTERIES,
        key: 'P-314',
        title: 'Batterien und Büromaterial',
        estimatedValueCents: 550_000,
        items: [
          {
            id: ITEM_STATIONERY,
            cpvCode: '30192700', // without check digit: normalised to 30192700-8
            cpvLabel: 'Büromaterial',
            unit: 'H87',
            unitName: 'Stück',
            quantityMilli: 300_000,
          },
          {
            id: ITEM_BATTERIES,
            cpvCode: '31440000-2',
            cpvLabel: 'Batterien',
            unit: 'H87',
            unitName: 'Stück',
            quantityMilli: 5_000_000,
            deliveryPlaces: [PLACES.wildenfels, PLACES.zwickau],
          },
        ],
      },
    ],
    criteria: [
      { code: 'BLAUER_ENGEL', name: 'Recyclingpapier mit Blauem Engel', phase: 'specification', detail: 'DE-UZ 14a' },
      { code: 'EMAS', name: 'Umweltmanagement (EMAS oder gleichwertig)', phase: 'qualification' },
      { code: 'BLAUER_ENGEL', name: 'Recyclingpapier mit Blauem Engel', phase: 'award', weight: 25 },
      { code: 'CO2_DELIVERY', name: 'Emissionsarme Lieferung', phase: 'award', weight: 15 },
      { code: 'TAKE_BACK', name: 'Rücknahme von Altbatterien', phase: 'performance' },
    ],
    priceWeight: 60,
    awards: [],
    contracts: [],
  };
}

interface AwardSpec {
  awardId: string;
  lotId: string;
  supplier: OcdsPartyInput;
  prices: Array<{ itemId: string; quantityMilli: number; unitPriceEur: string }>;
}

const AWARDS: AwardSpec[] = [
  {
    awardId: 'a3a10000-0000-4000-8000-000000000001',
    lotId: LOT_PAPER,
    supplier: PAPER_SUPPLIER,
    prices: [{ itemId: ITEM_PAPER, quantityMilli: 1_200_000, unitPriceEur: '3.4567' }],
  },
  {
    awardId: 'a3a10000-0000-4000-8000-000000000002',
    lotId: LOT_BATTERIES,
    supplier: BATTERY_SUPPLIER,
    prices: [
      { itemId: ITEM_BATTERIES, quantityMilli: 5_000_000, unitPriceEur: '0.89' },
      { itemId: ITEM_STATIONERY, quantityMilli: 300_000, unitPriceEur: '2.5' },
    ],
  },
];

/** The awarded tender: awards from the prices, one contract per buyer and lot from `allocateAward`. */
function awardedInput(): OcdsJointTenderInput {
  const base = publishedInput();
  const awardedItems: AwardedItem[] = AWARDS.flatMap((a) =>
    a.prices.map((p) => ({
      lotId: a.lotId,
      itemId: p.itemId,
      totalQuantityMilli: p.quantityMilli,
      totalValueCents: lineValueCents(p.quantityMilli, p.unitPriceEur),
      participants: DECLARED[p.itemId].map(([org, q]) => ({ organisationId: org.id, quantityMilli: q })),
    })),
  );
  const allocations = allocateAward(awardedItems);
  const contracts: OcdsContractInput[] = AWARDS.flatMap((a, ai) =>
    BUYERS.map((buyer, bi) => {
      const rows = allocations.filter((r) => r.lotId === a.lotId && r.organisationId === buyer.id);
      return {
        id: `c0c00000-0000-4000-8000-0000000000${ai}${bi}`,
        awardId: a.awardId,
        buyerId: buyer.id,
        valueCents: rows.reduce((s, r) => s + r.valueCents, 0),
        dateSigned: '2026-04-01T10:00:00+02:00',
        items: rows.map((r) => ({ itemId: r.itemId, quantityMilli: r.quantityMilli, valueCents: r.valueCents })),
      };
    }),
  );
  return {
    ...base,
    releaseDate: '2026-04-01T10:00:00+02:00',
    publishedDate: '2026-04-01T10:05:00+02:00',
    tender: { ...base.tender, status: 'awarded' },
    suppliers: [PAPER_SUPPLIER, BATTERY_SUPPLIER],
    tenderers: [PAPER_SUPPLIER, BATTERY_SUPPLIER, LOSING_BIDDER],
    awards: AWARDS.map((a) => ({
      id: a.awardId,
      lotId: a.lotId,
      supplierId: a.supplier.id,
      valueCents: a.prices.reduce((s, p) => s + lineValueCents(p.quantityMilli, p.unitPriceEur), 0),
      date: '2026-03-20T14:00:00+01:00',
      items: a.prices.map((p) => ({ itemId: p.itemId, quantityMilli: p.quantityMilli, unitPriceEur: p.unitPriceEur })),
    })),
    contracts,
  };
}

function cancelledInput(): OcdsJointTenderInput {
  const base = publishedInput();
  return { ...base, releaseDate: '2026-02-20T16:00:00+01:00', tender: { ...base.tender, status: 'cancelled' } };
}

const validate = loadOcdsReleasePackageValidator();

function releaseOf(pkg: OcdsReleasePackage): OcdsRelease {
  return pkg.releases[0];
}

/** Builds, validates (schema + codelists + references) and returns the package. */
function buildValid(input: OcdsJointTenderInput): OcdsReleasePackage {
  const pkg = buildOcdsReleasePackage(input);
  const result = validate(pkg);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
  return pkg;
}

const cents = (eur: number): number => Math.round(eur * 100);
const party = (release: OcdsRelease, id: string) => release.parties.find((p) => p.id === id);

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('OCDS schema support (@buendel/domain/testing)', () => {
  it('applies extensions as JSON Merge Patch (RFC 7386)', () => {
    expect(jsonMergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({
      a: 'z',
      c: { d: 'e' },
    });
    expect(jsonMergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(jsonMergePatch({ a: 'b' }, 'c')).toBe('c');
    expect(jsonMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it('patches the 1.1.5 release schema with lots, contract buyer and EU fields', () => {
    const schema = loadPatchedReleaseSchema() as {
      id: string;
      definitions: Record<string, { properties?: Record<string, unknown> }>;
    };
    expect(schema.id).toBe('https://standard.open-contracting.org/schema/1__1__5/release-schema.json');
    expect(schema.definitions['Lot']).toBeDefined();
    expect(schema.definitions['Tender'].properties).toHaveProperty('lots');
    expect(schema.definitions['Item'].properties).toHaveProperty('relatedLot');
    expect(schema.definitions['Item'].properties).toHaveProperty('deliveryAddresses');
    expect(schema.definitions['Award'].properties).toHaveProperty('buyers');
    expect(schema.definitions['Contract'].properties).toHaveProperty('buyer');
    // core stays in place
    expect(schema.definitions['Award'].properties).toHaveProperty('suppliers');
  });

  it('reads codelists with the extension additions', () => {
    const roles = loadOcdsCodelist('partyRole.csv');
    expect(roles.has('buyer')).toBe(true);
    expect(roles.has('leadBuyer')).toBe(true); // from eu-extension/codelists/+partyRole.csv
    expect(roles.has('centralPurchasingBody')).toBe(true);
    expect(loadOcdsCodelist('currency.csv').has('EUR')).toBe(true);
    expect(loadOcdsCodelist('awardCriteria.csv').has('lowestCost')).toBe(false); // deprecated
    expect(path.relative(path.resolve(__dirname, '../../..'), OCDS_DATA_DIR)).toBe(path.join('data', 'ocds'));
  });
});

describe('buildOcdsReleasePackage', () => {
  describe('published tender (no awards)', () => {
    let pkg: OcdsReleasePackage;
    let release: OcdsRelease;
    beforeAll(() => {
      pkg = buildValid(publishedInput());
      release = releaseOf(pkg);
    });

    it('is a valid OCDS 1.1 release package with the three extensions', () => {
      expect(pkg.version).toBe('1.1');
      expect(pkg.uri).toBe(`https://buendel.example.org/api/v1/tenders/${TENDER_ID}/ocds`);
      expect(pkg.publishedDate).toBe('2026-02-02T09:00:00.000Z');
      expect(pkg.publisher.name).toBe('Bündel – Bedarfsbündelung für öffentliche Auftraggeber');
      expect(pkg.extensions).toEqual([...OCDS_EXTENSIONS]);
      expect(pkg.extensions.map((u) => u.split('/')[4])).toEqual([
        'ocds_lots_extension',
        'ocds_contract_buyer_extension',
        'ocds_eu_extension',
      ]);
      expect(pkg.releases).toHaveLength(1);
    });

    it('identifies the release by ocid, tag and date', () => {
      expect(release.ocid).toBe(`ocds-b5ndl1-${TENDER_ID}`);
      expect(release.id).toBe(`ocds-b5ndl1-${TENDER_ID}-tender-20260201T073000Z`);
      expect(release.date).toBe('2026-02-01T07:30:00.000Z');
      expect(release.tag).toEqual(['tender']);
      expect(release.initiationType).toBe('tender');
      expect(release.language).toBe('de');
      expect(release.awards).toBeUndefined();
      expect(release.contracts).toBeUndefined();
      expect(release.planning.rationale).toContain('b0d1e000-0000-4000-8000-000000000001');
    });

    it('lists the lead buyer once with procuringEntity, buyer and leadBuyer, and every participant as buyer', () => {
      expect(release.parties.map((p) => [p.name, p.roles])).toEqual([
        ['Landkreis Zwickau', ['procuringEntity', 'buyer', 'leadBuyer']],
        ['Glauchau, Stadt', ['buyer']],
        ['Wildenfels, Stadt', ['buyer']],
        ['Zwickau, Stadt', ['buyer']],
      ]);
      expect(release.buyer).toEqual({ id: DISTRICT.id, name: 'Landkreis Zwickau' });
      expect(release.tender.procuringEntity).toEqual(release.buyer);
    });

    it('carries the official keys as identifiers and the NUTS-3 region', () => {
      expect(party(release, DISTRICT.id)).toMatchObject({
        additionalIdentifiers: [{ scheme: 'DE-KREIS', id: '14524' }],
        address: {
          streetAddress: 'Robert-Müller-Straße 4-8',
          locality: 'Zwickau',
          postalCode: '08056',
          region: 'DED45',
          countryName: 'Deutschland',
        },
      });
      // a municipality's district key is where it lies, not an identifier
      expect(party(release, ZWICKAU.id)).toMatchObject({
        additionalIdentifiers: [{ scheme: 'DE-AGS', id: '14524330' }],
        address: { region: 'DED45', countryName: 'Deutschland' },
      });
    });

    it('describes the tender: status, method, category, value, period, lots and items', () => {
      const { tender } = release;
      expect(tender).toMatchObject({
        id: TENDER_ID,
        status: 'active',
        procurementMethod: 'open',
        procurementMethodDetails: 'Offenes Verfahren (EU-weit, § 15 VgV); Rechtsgrundlage: § 106 GWB',
        mainProcurementCategory: 'goods',
        value: { amount: 9800, currency: 'EUR' },
        submissionMethod: ['electronicSubmission'],
        tenderPeriod: { startDate: '2026-02-01T07:30:00.000Z', endDate: '2026-03-10T11:00:00.000Z' },
      });
      expect(tender.tenderers).toBeUndefined();
      // lots sorted by key, with our key in the title
      expect(tender.lots).toEqual([
        { id: LOT_PAPER, title: 'Los P-3019: Druckpapier', status: 'active', value: { amount: 4300, currency: 'EUR' } },
        {
          id: LOT_BATTERIES,
          title: 'Los P-314: Batterien und Büromaterial',
          status: 'active',
          value: { amount: 5500, currency: 'EUR' },
        },
      ]);
      expect(tender.items.map((i) => [i.classification.id, i.quantity, i.unit.id, i.relatedLot])).toEqual([
        ['30197630-1', 1200, 'RM', LOT_PAPER],
        ['30192700-8', 300, 'H87', LOT_BATTERIES],
        ['31440000-2', 5000, 'H87', LOT_BATTERIES],
      ]);
      expect(tender.items[0]).toMatchObject({
        description: 'Druckpapier',
        classification: { scheme: 'CPV', id: '30197630-1', description: 'Druckpapier' },
        unit: { scheme: 'UNCEFACT', id: 'RM', name: 'Ries' },
      });
      expect(tender.items[2].deliveryAddresses).toEqual([
        { locality: 'Wildenfels, Stadt', region: 'DED45', postalCode: '08134', countryName: 'Deutschland' },
        { locality: 'Zwickau, Stadt', region: 'DED45', postalCode: '08056', countryName: 'Deutschland' },
      ]);
    });

    it('publishes the sustainability criteria of all four phases as text', () => {
      const { tender } = release;
      expect(tender.awardCriteria).toBe('ratedCriteria');
      expect(tender.awardCriteriaDetails).toBe(
        'Zuschlag auf das wirtschaftlichste Angebot. Zuschlagskriterien: Preis 60 %; ' +
          'Recyclingpapier mit Blauem Engel 25 %; Emissionsarme Lieferung 15 %.',
      );
      expect(tender.eligibilityCriteria).toBe('Eignungskriterien: Umweltmanagement (EMAS oder gleichwertig).');
      expect(tender.description).toMatch(/^Sammelbeschaffung für den Landkreis Zwickau/);
      expect(tender.description).toContain(
        'Anforderungen an die Leistung (Leistungsbeschreibung): Recyclingpapier mit Blauem Engel (DE-UZ 14a).',
      );
      expect(tender.description).toContain('Ausführungsbedingungen: Rücknahme von Altbatterien.');
    });
  });

  describe('awarded tender: 2 lots, 2 suppliers, 4 buyers, one contract per buyer and lot', () => {
    const input = awardedInput();
    let pkg: OcdsReleasePackage;
    let release: OcdsRelease;
    beforeAll(() => {
      pkg = buildValid(input);
      release = releaseOf(pkg);
    });

    it('is tagged award and contract, with a complete tender and complete lots', () => {
      expect(release.tag).toEqual(['award', 'contract']);
      expect(release.id).toBe(`ocds-b5ndl1-${TENDER_ID}-award-20260401T080000Z`);
      expect(release.tender.status).toBe('complete');
      expect(release.tender.lots?.map((l) => l.status)).toEqual(['complete', 'complete']);
    });

    it('gives the lead buyer procuringEntity, buyer and leadBuyer, suppliers tenderer and supplier', () => {
      expect(party(release, DISTRICT.id)?.roles).toEqual(['procuringEntity', 'buyer', 'leadBuyer']);
      expect(party(release, PAPER_SUPPLIER.id)?.roles).toEqual(['tenderer', 'supplier']);
      expect(party(release, BATTERY_SUPPLIER.id)?.roles).toEqual(['tenderer', 'supplier']);
      expect(party(release, LOSING_BIDDER.id)?.roles).toEqual(['tenderer']);
      expect(party(release, PAPER_SUPPLIER.id)?.additionalIdentifiers).toEqual([
        { scheme: 'DE-UST', id: 'DE136695976' },
      ]);
      expect(release.parties.filter((p) => p.roles.includes('buyer'))).toHaveLength(4);
      expect(release.tender.numberOfTenderers).toBe(3);
      expect(release.tender.tenderers?.map((t) => t.name)).toEqual([
        'Akku Express AG',
        'Büro Direkt KG',
        'Muster Papier GmbH',
      ]);
    });

    it('resolves every organisation reference to a party with the same id and name', () => {
      const parties = new Map(release.parties.map((p) => [p.id, p.name]));
      const refs = [
        release.buyer,
        release.tender.procuringEntity,
        ...(release.tender.tenderers ?? []),
        ...(release.awards ?? []).flatMap((a) => [...a.suppliers, ...(a.buyers ?? [])]),
        ...(release.contracts ?? []).map((c) => c.buyer),
      ];
      expect(refs.length).toBeGreaterThan(10);
      for (const ref of refs) expect(parties.get(ref.id)).toBe(ref.name);
    });

    it('has one award per lot with its supplier, items, unit prices and all four buyers', () => {
      const awards = release.awards ?? [];
      expect(awards.map((a) => [a.relatedLots, a.suppliers[0].name, a.value.amount, a.status])).toEqual([
        [[LOT_PAPER], 'Muster Papier GmbH', 4148.04, 'active'],
        [[LOT_BATTERIES], 'Akku Express AG', 5200, 'active'],
      ]);
      expect(awards[0].items[0]).toMatchObject({
        quantity: 1200,
        unit: { value: { amount: 3.4567, currency: 'EUR' } },
      });
      expect(awards[0].date).toBe('2026-03-20T13:00:00.000Z');
      for (const award of awards) expect(award.buyers?.map((b) => b.id).sort()).toEqual(BUYERS.map((b) => b.id).sort());
    });

    it('has one contract per buyer per award, whose values sum to the award value', () => {
      const contracts = release.contracts ?? [];
      expect(contracts).toHaveLength(8);
      for (const award of release.awards ?? []) {
        const own = contracts.filter((c) => c.awardID === award.id);
        expect(own.map((c) => c.buyer.id).sort()).toEqual(BUYERS.map((b) => b.id).sort());
        expect(own.reduce((s, c) => s + cents(c.value.amount), 0)).toBe(cents(award.value.amount));
        for (const item of award.items) {
          const shared = own.flatMap((c) => c.items).filter((i) => i.id === item.id);
          expect(shared.reduce((s, i) => s + Math.round(i.quantity * 1000), 0)).toBe(Math.round(item.quantity * 1000));
        }
      }
      expect(contracts.every((c) => c.status === 'active' && c.dateSigned === '2026-04-01T08:00:00.000Z')).toBe(true);
    });

    it('is deterministic and independent of the order of the input arrays', () => {
      const shuffled: OcdsJointTenderInput = {
        ...input,
        buyers: [...input.buyers].reverse(),
        suppliers: [...input.suppliers].reverse(),
        tenderers: [...(input.tenderers ?? [])].reverse(),
        lots: [...input.lots].reverse().map((l) => ({ ...l, items: [...l.items].reverse() })),
        criteria: [...input.criteria].reverse(),
        awards: [...input.awards].reverse(),
        contracts: [...input.contracts].reverse(),
      };
      expect(JSON.stringify(buildOcdsReleasePackage(shuffled))).toBe(JSON.stringify(pkg));
      expect(JSON.stringify(buildOcdsReleasePackage(input))).toBe(JSON.stringify(pkg));
    });
  });

  describe('cancelled tender', () => {
    let release: OcdsRelease;
    beforeAll(() => {
      release = releaseOf(buildValid(cancelledInput()));
    });

    it('is a tenderCancellation with cancelled tender and lots', () => {
      expect(release.tag).toEqual(['tenderCancellation']);
      expect(release.tender.status).toBe('cancelled');
      expect(release.tender.lots?.map((l) => l.status)).toEqual(['cancelled', 'cancelled']);
      expect(release.awards).toBeUndefined();
    });
  });

  describe('other states and regimes', () => {
    it('publishes a draft as planning with a planned tender', () => {
      const base = publishedInput();
      const release = releaseOf(
        buildValid({ ...base, tender: { ...base.tender, status: 'draft', publishedAt: null } }),
      );
      expect(release.tag).toEqual(['planning']);
      expect(release.tender.status).toBe('planned');
      expect(release.tender.tenderPeriod).toEqual({ endDate: '2026-03-10T11:00:00.000Z' });
    });

    it('lists the tenderers once the offers are opened', () => {
      const base = publishedInput();
      const release = releaseOf(
        buildValid({
          ...base,
          tender: { ...base.tender, status: 'opened' },
          tenderers: [LOSING_BIDDER, PAPER_SUPPLIER, BATTERY_SUPPLIER],
        }),
      );
      expect(release.tag).toEqual(['tender']);
      expect(release.tender.status).toBe('active');
      expect(release.tender.numberOfTenderers).toBe(3);
      expect(release.tender.tenderers?.map((t) => t.name)).toEqual([
        'Akku Express AG',
        'Büro Direkt KG',
        'Muster Papier GmbH',
      ]);
      expect(release.parties.filter((p) => p.roles.includes('tenderer')).map((p) => p.roles)).toEqual([
        ['tenderer'],
        ['tenderer'],
        ['tenderer'],
      ]);
      expect(release.awards).toBeUndefined();
    });

    it('describes a national procedure, a price-only award and a central purchasing body as lead buyer', () => {
      const base = publishedInput();
      const cpb: OcdsPartyInput = {
        id: '0b6f3a4e-0000-4000-8000-0000000000cb',
        type: 'central_purchasing_body',
        name: 'Zweckverband Kommunale Beschaffung Westsachsen',
        districtKey: '14524',
      };
      const release = releaseOf(
        buildValid({
          ...base,
          tender: { ...base.tender, regimeScope: 'NATIONAL', procedureType: 'national-open', legalBasis: null },
          procuringEntity: cpb,
          criteria: base.criteria.filter((c) => c.phase !== 'award'),
          priceWeight: undefined,
        }),
      );
      expect(release.tender.procurementMethodDetails).toBe('Öffentliche Ausschreibung (national, § 9 UVgO)');
      expect(release.tender.awardCriteria).toBe('priceOnly');
      expect(release.tender.awardCriteriaDetails).toContain('Preis 100 %');
      expect(party(release, cpb.id)).toMatchObject({
        roles: ['procuringEntity', 'buyer', 'leadBuyer', 'centralPurchasingBody'],
        address: { countryName: 'Deutschland' },
      });
      expect(party(release, cpb.id)?.additionalIdentifiers).toBeUndefined();
      expect(release.planning.rationale).toContain('von 5 öffentlichen Auftraggebern');
    });

    it('leaves the main category of a mixed tender to a human decision', () => {
      const base = publishedInput();
      const mixed = {
        ...base,
        lots: [
          ...base.lots,
          {
            id: '107a0000-0000-4000-8000-000000000003',
            key: 'S-50',
            title: 'Wartung',
            estimatedValueCents: 10_000,
            items: [
              {
                id: '17e30000-0000-4000-8000-000000000009',
                cpvCode: '50000000-5',
                cpvLabel: 'Reparatur- und Wartungsdienste',
                unit: 'HUR',
                unitName: 'Stunde',
                quantityMilli: 40_000,
              },
            ],
          },
        ],
      };
      const open = releaseOf(buildValid(mixed)).tender;
      expect(open.mainProcurementCategory).toBeUndefined();
      expect(open.additionalProcurementCategories).toEqual(['goods', 'services']);
      const decided = releaseOf(
        buildValid({ ...mixed, tender: { ...mixed.tender, contractNature: 'supplies' } }),
      ).tender;
      expect(decided.mainProcurementCategory).toBe('goods');
      expect(decided.additionalProcurementCategories).toEqual(['services']);
    });
  });

  describe('input checks', () => {
    const awarded = awardedInput();
    const published = publishedInput();

    it.each<[string, OcdsJointTenderInput, string]>([
      ['a malformed ocid prefix', { ...published, ocidPrefix: 'ocds-B5NDL' }, 'ocidPrefix'],
      ['awards before the award', { ...awarded, tender: { ...awarded.tender, status: 'opened' } }, 'awards'],
      ['tenderers before opening', { ...published, tenderers: [LOSING_BIDDER] }, 'tenderers'],
      [
        'an award of an unknown lot',
        { ...awarded, awards: [{ ...awarded.awards[0], lotId: 'nope' }] },
        'awards[0].lotId',
      ],
      [
        'contract values that do not add up to the award',
        { ...awarded, contracts: awarded.contracts.slice(1) },
        'contracts',
      ],
      [
        'a contract whose items do not add up to its value',
        { ...awarded, contracts: [{ ...awarded.contracts[0], valueCents: 1 }, ...awarded.contracts.slice(1)] },
        'contracts[0].valueCents',
      ],
      [
        'a contract of an organisation that does not participate',
        {
          ...awarded,
          contracts: [{ ...awarded.contracts[0], buyerId: LOSING_BIDDER.id }, ...awarded.contracts.slice(1)],
        },
        'contracts[0].buyerId',
      ],
      [
        'an organisation given twice with different names',
        { ...published, buyers: [...published.buyers, { ...ZWICKAU, name: 'Stadt Zwickau' }] },
        'buyers[4]',
      ],
      [
        'a national procedure above the threshold',
        { ...published, tender: { ...published.tender, procedureType: 'national-open' } },
        'tender.procedureType',
      ],
      ['an instant without offset', { ...published, releaseDate: '2026-02-01 08:30' }, 'releaseDate'],
      ['weighted award criteria without a price weight', { ...published, priceWeight: null }, 'priceWeight'],
    ])('rejects %s', (_name, input, field) => {
      const error = captureError(() => buildOcdsReleasePackage(input));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
    });

    it('rejects award weights that do not sum to 100', () => {
      expect(() => buildOcdsReleasePackage({ ...published, priceWeight: 50 })).toThrow(InvalidWeightsError);
    });

    it('accepts Date instants', () => {
      const pkg = buildValid({ ...published, publishedDate: new Date('2026-02-02T09:00:00Z') });
      expect(pkg.publishedDate).toBe('2026-02-02T09:00:00.000Z');
    });
  });
});

describe('the OCDS validator rejects broken packages (negative controls)', () => {
  /** A fresh, valid awarded package as plain JSON, to break on purpose. */
  const good = (): OcdsReleasePackage => JSON.parse(JSON.stringify(buildOcdsReleasePackage(awardedInput())));
  /** Sets a field to a value of the wrong type (the TypeScript types would not allow it). */
  const set = (target: object, key: string, value: unknown): void => {
    (target as Record<string, unknown>)[key] = value;
  };
  const first = (p: OcdsReleasePackage): OcdsRelease => p.releases[0];

  it('accepts the unchanged package', () => {
    expect(validate(good())).toEqual({ valid: true, errors: [] });
  });

  it.each<[string, (pkg: OcdsReleasePackage) => void, RegExp]>([
    [
      'a release without ocid',
      (p) => delete (first(p) as Partial<OcdsRelease>).ocid,
      /^schema: \/releases\/0 .*'ocid'/,
    ],
    [
      'an amount as a string',
      (p) => set(first(p).tender.value, 'amount', '9800.00'),
      /^schema: \/releases\/0\/tender\/value\/amount must be number/,
    ],
    [
      'an unknown tender status',
      (p) => set(first(p).tender, 'status', 'published'),
      /^schema: \/releases\/0\/tender\/status /,
    ],
    [
      'a malformed date',
      (p) => set(first(p), 'date', '01.04.2026'),
      /^schema: \/releases\/0\/date must match format "date-time"/,
    ],
    [
      'a package without publisher',
      (p) => delete (p as Partial<OcdsReleasePackage>).publisher,
      /^schema: \/ .*'publisher'/,
    ],
    ['version 1.0', (p) => set(p, 'version', '1.0'), /^schema: \/version /],
    [
      'a lot with an unknown status',
      (p) => set(first(p).tender.lots[0], 'status', 'open'),
      /^schema: \/releases\/0\/tender\/lots\/0\/status /,
    ],
    [
      'an empty award buyers list (contract-buyer extension)',
      (p) => set(first(p).awards![0], 'buyers', []),
      /^schema: \/releases\/0\/awards\/0\/buyers /,
    ],
    [
      'a party role outside the codelist',
      (p) => set(first(p).parties[0], 'roles', ['procuringEntity', 'coordinator']),
      /^codelist: \/releases\/0\/parties\/0\/roles\/1 = "coordinator"/,
    ],
    [
      'an unknown unit scheme',
      (p) => set(first(p).tender.items[0].unit, 'scheme', 'UNECE'),
      /^codelist: .*\/unit\/scheme = "UNECE"/,
    ],
    [
      'a deleted unit code',
      (p) => set(first(p).tender.items[0].unit, 'id', 'PK'),
      /^codelist: .*\/unit\/id = "PK" is not a UN\/ECE/,
    ],
    [
      'a CPV code with a wrong check digit',
      (p) => set(first(p).tender.items[0].classification, 'id', '30197630-2'),
      /^codelist: .*\/classification\/id = "30197630-2"/,
    ],
    [
      'a dangling supplier reference',
      (p) => set(first(p).awards![0].suppliers[0], 'id', 'nobody'),
      /^reference: \/releases\/0\/awards\/0\/suppliers\/0 -> no party/,
    ],
    [
      'a reference with another name',
      (p) => set(first(p).contracts![0].buyer, 'name', 'Anders'),
      /^reference: \/releases\/0\/contracts\/0\/buyer name/,
    ],
    [
      'a reference to a party without the role',
      (p) => set(first(p).contracts![0], 'buyer', first(p).awards![0].suppliers[0]),
      /^reference: \/releases\/0\/contracts\/0\/buyer -> party .* lacks the role buyer/,
    ],
    [
      'a contract of an unknown award',
      (p) => set(first(p).contracts![0], 'awardID', 'nope'),
      /^reference: \/releases\/0\/contracts\/0\/awardID/,
    ],
    [
      'an item of an unknown lot',
      (p) => set(first(p).tender.items[0], 'relatedLot', 'nope'),
      /^reference: \/releases\/0\/tender\/items\/0\/relatedLot/,
    ],
  ])('rejects %s', (_name, change, expected) => {
    const pkg = good();
    change(pkg);
    const result = validate(pkg);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
