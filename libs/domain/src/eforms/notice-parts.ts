import { cpvContractNature, normalizeCpvCode } from '../cpv';
import { frameworkSharesText } from '../framework';
import { compareCodeUnits } from '../order';
import { COUNTRY_ALPHA3, EFORMS_QUANTITY_UNITS } from './codes';
import type { ContractNoticeInput, EformsLotCriterionInput, EformsLotInput, EformsOrganisationInput } from './input';
import { isCleanVehiclesCpv, lotSustainability } from './sustainability';
import {
  amount,
  berlinDateTime,
  berlinDay,
  code,
  decimalMilli,
  extension,
  id,
  orgRef,
  seq,
  text,
  type XmlNode,
} from './xml';

/**
 * The parts that the contract notice (16), its change notices and the award notice (29) share:
 * organisations, buyers, the procedure and the lots.
 */

/** Numbers the organisations of a notice: group leader, other buyers by name, review body, then others. */
export function numberOrganisations(
  input: ContractNoticeInput,
  more: readonly EformsOrganisationInput[] = [],
): { orgs: EformsOrganisationInput[]; ref: Map<string, string> } {
  const leaders = input.buyers.filter((b) => b.groupLeader).map((b) => b.organisation);
  const others = input.buyers
    .filter((b) => !b.groupLeader)
    .map((b) => b.organisation)
    .sort((a, b) => compareCodeUnits(a.name, b.name) || compareCodeUnits(a.id, b.id));
  const orgs: EformsOrganisationInput[] = [];
  const ref = new Map<string, string>();
  for (const o of [...leaders, ...others, input.reviewBody, ...more]) {
    if (ref.has(o.id)) continue;
    orgs.push(o);
    ref.set(o.id, seq('ORG', orgs.length));
  }
  return { orgs, ref };
}

function country3(country: string | null | undefined): string {
  return COUNTRY_ALPHA3[(country ?? 'DE').toUpperCase()] ?? 'DEU';
}

/** efac:Organization with OPP-050/051/052 and the company (BT-500 ... BT-506). */
export function organisationNode(
  org: EformsOrganisationInput,
  orgId: string,
  input: ContractNoticeInput,
  size?: string,
): XmlNode {
  const buyer = input.buyers.find((b) => b.organisation.id === org.id);
  const isJoint = input.buyers.length > 1;
  const a = org.address ?? {};
  return {
    'efbc:GroupLeadIndicator': buyer && isJoint ? String(buyer.groupLeader) : undefined,
    'efbc:AcquiringCPBIndicator': buyer?.centralPurchasingBody
      ? String(buyer.centralPurchasingBody === 'acquiring')
      : undefined,
    'efbc:AwardingCPBIndicator': buyer?.centralPurchasingBody
      ? String(buyer.centralPurchasingBody === 'awarding')
      : undefined,
    'efac:Company': {
      'cbc:WebsiteURI': org.website ?? undefined,
      'efbc:CompanySizeCode': size ? code('economic-operator-size', size) : undefined,
      'cac:PartyIdentification': { 'cbc:ID': id('organization', orgId) },
      'cac:PartyName': { 'cbc:Name': text(org.name) },
      'cac:PostalAddress': {
        'cbc:StreetName': a.street ?? undefined,
        'cbc:CityName': a.city ?? undefined,
        'cbc:PostalZone': a.postalCode ?? undefined,
        'cbc:CountrySubentityCode': a.nuts3 ? code('nuts', a.nuts3) : undefined,
        'cac:Country': { 'cbc:IdentificationCode': code('country', country3(a.country)) },
      },
      'cac:PartyLegalEntity': { 'cbc:CompanyID': org.identifier ?? undefined },
      'cac:Contact': org.contact
        ? {
            'cbc:Name': org.contact.name ?? undefined,
            'cbc:Telephone': org.contact.telephone ?? undefined,
            'cbc:ElectronicMail': org.contact.email ?? undefined,
          }
        : undefined,
    },
  };
}

/** One cac:ContractingParty per buyer (BT-11, BT-10, OPT-300). */
export function contractingParties(input: ContractNoticeInput, ref: Map<string, string>): XmlNode[] {
  const order = [...ref.keys()];
  return [...input.buyers]
    .sort((a, b) => order.indexOf(a.organisation.id) - order.indexOf(b.organisation.id))
    .map((b) => ({
      'cac:ContractingPartyType': { 'cbc:PartyTypeCode': code('buyer-legal-type', b.legalType) },
      'cac:ContractingActivity': { 'cbc:ActivityTypeCode': code('authority-activity', b.mainActivity) },
      'cac:Party': orgRef(ref.get(b.organisation.id) ?? ''),
    }));
}

/** The root header up to the notice type: ids, dates, version, legal basis. */
export function header(input: ContractNoticeInput, noticeType: { listName: string; value: string }): XmlNode {
  const issued = berlinDateTime(input.notice.issuedAt, 'notice.issuedAt');
  return {
    'cbc:UBLVersionID': '2.3',
    'cbc:CustomizationID': 'eforms-sdk-1.15',
    'cbc:ID': id('notice-id', input.notice.noticeId),
    'cbc:ContractFolderID': input.procedure.procedureId,
    'cbc:IssueDate': issued.date,
    'cbc:IssueTime': issued.time,
    'cbc:VersionID': '01',
    'cbc:RequestedPublicationDate': input.notice.requestedPublicationDate
      ? berlinDay(input.notice.requestedPublicationDate, 'notice.requestedPublicationDate')
      : issued.date,
    'cbc:RegulatoryDomain': '32014L0024',
    'cbc:NoticeTypeCode': code(noticeType.listName, noticeType.value),
    'cbc:NoticeLanguageCode': 'DEU',
  };
}

/**
 * The procedure's tendering terms: the German legal basis (BT-01), where the exclusion grounds
 * are (BT-806), and with several lots that tenders may be submitted for and won on all (BT-31, BT-33).
 */
export function procedureTenderingTerms(input: ContractNoticeInput): XmlNode {
  const lots = input.procedure.lots.length;
  return {
    'cac:ProcurementLegislationDocumentReference': {
      'cbc:ID': 'LocalLegalBasis',
      'cbc:DocumentDescription': text('Gesetz gegen Wettbewerbsbeschränkungen (GWB), Teil 4; Vergabeverordnung (VgV)'),
    },
    'cac:TendererQualificationRequest': {
      'cac:SpecificTendererRequirement': {
        'cbc:TendererRequirementTypeCode': code('exclusion-grounds-source', 'epo-procurement-document'),
      },
    },
    'cac:LotDistribution':
      lots > 1
        ? { 'cbc:MaximumLotsAwardedNumeric': String(lots), 'cbc:MaximumLotsSubmittedNumeric': String(lots) }
        : undefined,
  };
}

function lotCpvs(lot: EformsLotInput): string[] {
  const raw = lot.cpvCodes?.length ? lot.cpvCodes : lot.items.map((i) => i.cpvCode);
  return [...new Set(raw.map((c) => normalizeCpvCode(c)))];
}

/** CPV codes of the whole procedure: the first lot's main code first, then every other. */
export function procedureCpvs(input: ContractNoticeInput): string[] {
  return [...new Set(input.procedure.lots.flatMap(lotCpvs))];
}

function cpvNode(cpv: string): XmlNode {
  return { 'cbc:ItemClassificationCode': code('cpv', cpv.slice(0, 8)) };
}

function natureOf(lot: EformsLotInput): string {
  return lot.contractNature ?? cpvContractNature(lotCpvs(lot)[0] ?? '');
}

function locations(nuts: readonly string[]): XmlNode[] {
  return [...new Set(nuts)].sort().map((n) => ({
    'cac:Address': {
      'cbc:CountrySubentityCode': code('nuts', n),
      'cac:Country': { 'cbc:IdentificationCode': code('country', 'DEU') },
    },
  }));
}

/** BT-27 the estimated value, with BT-271 the framework's maximum value when there is one. */
function requestedTotal(estimatedCents: number, frameworkMaximumCents: number | undefined): XmlNode {
  return {
    ...(frameworkMaximumCents !== undefined
      ? extension({ 'efbc:FrameworkMaximumAmount': amount(frameworkMaximumCents) })
      : {}),
    'cbc:EstimatedOverallContractAmount': amount(estimatedCents),
  };
}

/** BT-271 of the procedure: the sum of the lots' maxima when every lot is a framework agreement. */
function procedureFrameworkMaximum(input: ContractNoticeInput): number | undefined {
  const lots = input.procedure.lots;
  if (!lots.length || !lots.every((l) => l.framework)) return undefined;
  return lots.reduce((s, l) => s + (l.framework?.maximumValueCents ?? 0), 0);
}

/** cac:ProcurementProject of the procedure (BT-22, BT-21, BT-24, BT-23, BT-27, BT-271, BT-262/263, BT-5071). */
export function procedureProject(input: ContractNoticeInput): XmlNode {
  const p = input.procedure;
  const cpvs = procedureCpvs(input);
  const natures = [...new Set(p.lots.map(natureOf))];
  return {
    'cbc:ID': p.internalId ? id('InternalID', p.internalId) : undefined,
    'cbc:Name': text(p.title),
    'cbc:Description': text(p.description?.trim() || p.title),
    'cbc:ProcurementTypeCode': code('contract-nature', natures[0] ?? 'supplies'),
    'cac:RequestedTenderTotal': requestedTotal(p.estimatedValueCents, procedureFrameworkMaximum(input)),
    'cac:MainCommodityClassification': cpvNode(cpvs[0] ?? ''),
    'cac:AdditionalCommodityClassification': cpvs.slice(1).map(cpvNode),
    'cac:RealizedLocation': locations(p.lots.flatMap((l) => l.placesNuts3)),
  };
}

function itemLines(lot: EformsLotInput): string {
  return lot.items
    .map(
      (i) =>
        `${i.label}: ${decimalMilli(i.quantityMilli).replace('.', ',')} ${i.unitName ?? i.unit} (CPV ${i.cpvCode})`,
    )
    .join('; ');
}

/** BT-24 holds at most this many characters */
const DESCRIPTION_MAX_LENGTH = 6000;
const SHARES_CUT = ' … (vollständig in den Vergabeunterlagen)';

/** a framework lot: every buyer's estimate and maximum per item (CJEU C-23/20) */
const frameworkShareLines = (lot: EformsLotInput) => frameworkSharesText(lot.framework?.shares ?? []);

/** the description with the shares after it, the shares cut short where BT-24's length would be passed */
function withinLength(description: string, shares: string): string {
  if (!shares) return description;
  const joined = description ? `${description}\n${shares}` : shares;
  if (joined.length <= DESCRIPTION_MAX_LENGTH) return joined;
  const room = DESCRIPTION_MAX_LENGTH - SHARES_CUT.length;
  return `${joined.slice(0, room)}${SHARES_CUT}`;
}

/** BT-25: one quantity when every item shares one unit of the eForms measurement units. */
function lotQuantity(lot: EformsLotInput): XmlNode | undefined {
  const units = [...new Set(lot.items.map((i) => i.unit))];
  const unit = units[0];
  if (units.length !== 1 || !unit || !(EFORMS_QUANTITY_UNITS as readonly string[]).includes(unit)) return undefined;
  return { '@unitCode': unit, '#': decimalMilli(lot.items.reduce((s, i) => s + i.quantityMilli, 0)) };
}

/** The lot's cac:ProcurementProject, with the strategic procurement fields from its criteria. */
export function lotProject(lot: EformsLotInput, withSme: boolean): XmlNode {
  const cpvs = lotCpvs(lot);
  const s = lotSustainability(lot.criteria);
  const description = withinLength(
    [lot.description?.trim(), itemLines(lot) && `Positionen: ${itemLines(lot)}.`].filter(Boolean).join('\n'),
    frameworkShareLines(lot),
  );
  const additional: XmlNode[] = [
    ...s.environmentalImpacts.map((v) => ({ 'cbc:ProcurementTypeCode': code('environmental-impact', v) })),
    ...s.socialObjectives.map((v) => ({ 'cbc:ProcurementTypeCode': code('social-objective', v) })),
    ...s.gpp.map((v) => ({ 'cbc:ProcurementTypeCode': code('gpp-criteria', v) })),
    ...(s.aims.length
      ? s.aims.map((a) => ({
          'cbc:ProcurementTypeCode': code('strategic-procurement', a.code),
          'cbc:ProcurementType': text(a.description),
        }))
      : [{ 'cbc:ProcurementTypeCode': code('strategic-procurement', 'none') }]),
  ];
  const period: XmlNode =
    'durationMonths' in lot.period
      ? { 'cbc:DurationMeasure': { '@unitCode': 'MONTH', '#': String(lot.period.durationMonths) } }
      : {
          'cbc:StartDate': berlinDay(lot.period.startDate, `lots.${lot.id}.period.startDate`),
          'cbc:EndDate': berlinDay(lot.period.endDate, `lots.${lot.id}.period.endDate`),
        };
  return {
    'cbc:ID': id('InternalID', lot.internalId),
    'cbc:Name': text(lot.title),
    'cbc:Description': text(description || lot.title),
    'cbc:ProcurementTypeCode': code('contract-nature', natureOf(lot)),
    'cbc:EstimatedOverallContractQuantity': lotQuantity(lot),
    'cbc:SMESuitableIndicator': withSme ? 'true' : undefined,
    'cac:ProcurementAdditionalType': additional,
    'cac:RequestedTenderTotal': requestedTotal(lot.estimatedValueCents, lot.framework?.maximumValueCents),
    'cac:MainCommodityClassification': cpvNode(cpvs[0] ?? ''),
    'cac:AdditionalCommodityClassification': cpvs.slice(1).map(cpvNode),
    'cac:RealizedLocation': locations(lot.placesNuts3),
    'cac:PlannedPeriod': period,
  };
}

/** Whether the Clean Vehicles Directive applies to a lot (BT-717). */
export function lotIsCleanVehicles(lot: EformsLotInput): boolean {
  return Boolean(lot.cleanVehicles) || lotCpvs(lot).some(isCleanVehiclesCpv);
}

/** BT-717 with BT-735 (lot tendering terms extension). */
export function cleanVehiclesNode(lot: EformsLotInput): XmlNode {
  const applies = lotIsCleanVehicles(lot);
  return {
    'efbc:ApplicableLegalBasis': code('cvd-scope', String(applies)),
    'efac:StrategicProcurementInformation': applies
      ? {
          'efbc:ProcurementCategoryCode': code(
            'cvd-contract-type',
            lot.cleanVehicles?.contractType ?? (natureOf(lot) === 'services' ? 'oth-serv-contr' : 'veh-acq'),
          ),
        }
      : undefined,
  };
}

/** Award criteria (BT-539, BT-734, BT-540, BT-5421, BT-541): the price and each award criterion of the lot. */
export function awardingTerms(lot: EformsLotInput): XmlNode {
  const award = lot.criteria
    .filter((c) => c.phase === 'award')
    .sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || compareCodeUnits(a.code, b.code));
  const criterion = (
    type: string,
    name: string,
    description: string,
    weight: number,
    c?: EformsLotCriterionInput,
  ): XmlNode => ({
    ...extension({
      'efac:AwardCriterionParameter': [
        { 'efbc:ParameterCode': code('number-weight', 'per-exa'), 'efbc:ParameterNumeric': String(weight) },
        // BT-5422: points fixed in advance; BT-5423: the minimum score an offer needs on this criterion
        ...(c?.fixedPoints != null
          ? [{ 'efbc:ParameterCode': code('number-fixed', 'fix-tot'), 'efbc:ParameterNumeric': String(c.fixedPoints) }]
          : []),
        ...(c?.minimumScore != null
          ? [
              {
                'efbc:ParameterCode': code('number-threshold', 'min-score'),
                'efbc:ParameterNumeric': String(c.minimumScore),
              },
            ]
          : []),
      ],
    }),
    'cbc:AwardingCriterionTypeCode': code('award-criterion-type', type),
    'cbc:Name': text(name),
    'cbc:Description': text(description),
  });
  return {
    'cac:AwardingCriterion': {
      'cac:SubordinateAwardingCriterion': [
        criterion('price', 'Preis', 'Gesamtpreis des Angebots für das Los (netto).', lot.priceWeight),
        ...award.map((c) =>
          criterion(
            'quality',
            c.name,
            `${c.name}${c.detail ? `: ${c.detail}` : ''} (Wertung nach den Vergabeunterlagen).`,
            c.weight ?? 0,
            c,
          ),
        ),
      ],
    },
  };
}

/** BT-70: contract performance conditions (criteria of the phase `performance`). */
export function performanceConditions(lot: EformsLotInput): string | undefined {
  const list = lot.criteria
    .filter((c) => c.phase === 'performance')
    .map((c) => `${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  return list.length ? `Ausführungsbedingungen: ${list.sort().join('; ')}.` : undefined;
}

/** The deadline as eForms date and time. */
export function deadline(input: ContractNoticeInput): { date: string; time: string } {
  return berlinDateTime(input.procedure.submissionDeadline, 'procedure.submissionDeadline');
}

/** The lot ids LOT-0001... in the input order. */
export function lotRefs(input: ContractNoticeInput): Map<string, string> {
  return new Map(input.procedure.lots.map((l, i) => [l.id, seq('LOT', i + 1)]));
}
