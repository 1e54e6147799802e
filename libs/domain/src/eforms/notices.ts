import { create } from 'xmlbuilder2';
import { DomainRuleError } from '../errors';
import { checkAwardNoticeInput, checkContractNoticeInput, type EformsProblem, periodExceedsFourYears } from './check';
import type { AwardNoticeInput, ContractNoticeInput, EformsLotInput } from './input';
import {
  awardingTerms,
  cleanVehiclesNode,
  contractingParties,
  deadline,
  header,
  lotIsCleanVehicles,
  lotProject,
  lotRefs,
  numberOrganisations,
  organisationNode,
  performanceConditions,
  procedureProject,
  procedureTenderingTerms,
} from './notice-parts';
import {
  amount,
  berlinDay,
  code,
  extension,
  id,
  NAMESPACES,
  NOTICE_LANGUAGE,
  orgRef,
  seq,
  text,
  type XmlNode,
} from './xml';

/**
 * Why this file has more than 400 lines: the contract notice's lot and procedure sections (the
 * tendering terms and process of each lot, framework agreements among them) are written only
 * here and only in the order the eForms schema fixes; the parts both notices share are
 * notice-parts.ts already, the XML helpers xml.ts, the checks check.ts.
 *
 * eForms notices (SDK 1.15, UBL 2.3) of a joint tender, from Bündel's own data:
 * - `buildContractNotice`: the contract notice, subtype 16 (`cn-standard`, Directive 2014/24/EU,
 *   open procedure); with `notice.change` it is a change notice of the one before;
 * - `buildAwardNotice`: the contract award notice, subtype 29 (`can-standard`).
 * Every participating organisation is a buyer; the coordinator is the group leader. The input
 * is checked first; a problem throws `EformsInputError` listing every one, so that no notice
 * is written that the eForms rules would reject for missing data.
 */

export class EformsInputError extends DomainRuleError {
  constructor(readonly problems: readonly EformsProblem[]) {
    super(
      'EFORMS_INPUT_INCOMPLETE',
      // English, as every message; the problems carry their German (`de`) for the API's readers of German
      `The eForms notice lacks data: ${problems.map((p) => p.reason).join(' ')}`,
      {
        problems,
      },
    );
  }
}

function serialise(rootName: string, root: XmlNode): string {
  return create({ version: '1.0', encoding: 'UTF-8' }, { [rootName]: root }).end({ prettyPrint: true }) + '\n';
}

function changesNode(input: ContractNoticeInput, lots: Map<string, string>): XmlNode | undefined {
  const change = input.notice.change;
  if (!change) return undefined;
  const sections = change.changedLotIds.length
    ? change.changedLotIds.map((l) => lots.get(l) ?? 'PROCEDURE')
    : ['PROCEDURE'];
  return {
    'efbc:ChangedNoticeIdentifier': `${change.previousNoticeId}-${String(change.previousVersion ?? 1).padStart(2, '0')}`,
    'efac:Change': {
      'efbc:ChangeDescription': text(change.description),
      'efac:ChangedSection': [...new Set(sections)].map((s) => ({ 'efbc:ChangedSectionIdentifier': s })),
    },
    'efac:ChangeReason': { 'cbc:ReasonCode': code('change-corrig-justification', 'update-add') },
  };
}

/** The root's namespaces: the document's own and the UBL and eForms ones. */
function namespaces(document: string): XmlNode {
  return {
    '@xmlns': `urn:oasis:names:specification:ubl:schema:xsd:${document}-2`,
    ...Object.fromEntries(Object.entries(NAMESPACES).map(([k, v]) => [`@${k}`, v])),
  };
}

/** What follows the extension in both notices: header, buyers, procedure terms, process and project. */
function procedureSections(
  input: ContractNoticeInput,
  ref: Map<string, string>,
  noticeType: { listName: string; value: string },
): XmlNode {
  return {
    ...header(input, noticeType),
    'cac:ContractingParty': contractingParties(input, ref),
    'cac:TenderingTerms': procedureTenderingTerms(input),
    'cac:TenderingProcess': procedureTenderingProcess(),
    'cac:ProcurementProject': procedureProject(input),
  };
}

/** BT-99 and the review body as the party that informs about and receives review requests. */
function appealTerms(input: ContractNoticeInput, reviewRef: string): XmlNode {
  return {
    'cac:PresentationPeriod': { 'cbc:Description': text(input.procedure.reviewDeadlineInfo) },
    'cac:AppealInformationParty': orgRef(reviewRef),
    'cac:AppealReceiverParty': orgRef(reviewRef),
  };
}

/** BT-765 and BT-766: the lot's kind of framework agreement (`none` for a one-time purchase); no DPS. */
function contractingSystems(lot: EformsLotInput): XmlNode[] {
  return [
    { 'cbc:ContractingSystemTypeCode': code('framework-agreement', lot.framework?.method ?? 'none') },
    { 'cbc:ContractingSystemTypeCode': code('dps-usage', 'none') },
  ];
}

/**
 * The lot's framework agreement (cac:FrameworkAgreement): the most suppliers (BT-113), why the
 * term exceeds four years if it does (BT-109), and who may call off (BT-111): only the buyers
 * of the notice.
 */
function frameworkAgreement(input: ContractNoticeInput, lot: EformsLotInput): XmlNode | undefined {
  const fa = lot.framework;
  if (!fa) return undefined;
  const names = input.buyers.map((b) => b.organisation.name).join(', ');
  return {
    'cbc:MaximumOperatorQuantity': String(fa.maximumParticipants),
    'cbc:Justification':
      periodExceedsFourYears(lot.period, input.notice.issuedAt) && fa.justification
        ? text(fa.justification.trim())
        : undefined,
    'cac:SubsequentProcessTenderRequirement': {
      'cbc:Name': 'buyer-categories',
      'cbc:Description': text(
        fa.buyerCategories?.trim() ||
          `Abrufberechtigt sind ausschließlich die in dieser Bekanntmachung genannten Auftraggeber: ${names}.`,
      ),
    },
  };
}

/** The lot's tendering terms for a contract notice (subtype 16). */
function lotTenderingTerms(
  input: ContractNoticeInput,
  lot: EformsLotInput,
  reviewRef: string,
  leaderRef: string,
): XmlNode {
  const p = input.procedure;
  const performance = performanceConditions(lot);
  return {
    ...extension({ 'efac:StrategicProcurement': cleanVehiclesNode(lot) }),
    'cbc:VariantConstraintCode': code('permission', 'not-allowed'),
    'cbc:FundingProgramCode': code('eu-funded', 'no-eu-funds'),
    'cbc:RecurringProcurementIndicator': 'false',
    'cbc:MultipleTendersCode': code('permission', 'not-allowed'),
    'cac:RequiredFinancialGuarantee': { 'cbc:GuaranteeTypeCode': code('tender-guarantee-required', 'false') },
    'cac:CallForTendersDocumentReference': {
      ...extension({ 'efac:OfficialLanguages': { 'cac:Language': { 'cbc:ID': NOTICE_LANGUAGE } } }),
      'cbc:ID': `DOC-${lot.internalId}`,
      'cbc:DocumentType': 'non-restricted-document',
      'cac:Attachment': { 'cac:ExternalReference': { 'cbc:URI': p.documentsUrl } },
    },
    'cac:TendererQualificationRequest': [
      {
        'cac:SpecificTendererRequirement': { 'cbc:TendererRequirementTypeCode': code('reserved-procurement', 'none') },
      },
      {
        'cac:SpecificTendererRequirement': {
          'cbc:TendererRequirementTypeCode': code('missing-info-submission', 'late-some'),
          'cbc:Description': text(
            'Fehlende unternehmensbezogene Unterlagen können nach § 56 Abs. 2 VgV nachgefordert werden; leistungsbezogene Unterlagen, die die Wirtschaftlichkeitsbewertung betreffen, nicht.',
          ),
        },
      },
      {
        'cac:SpecificTendererRequirement': {
          'cbc:TendererRequirementTypeCode': code('selection-criteria-source', 'epo-procurement-document'),
        },
      },
    ],
    'cac:ContractExecutionRequirement': [
      { 'cbc:ExecutionRequirementCode': code('reserved-execution', 'no') },
      ...(performance
        ? [{ 'cbc:ExecutionRequirementCode': code('conditions', 'performance'), 'cbc:Description': text(performance) }]
        : []),
      { 'cbc:ExecutionRequirementCode': code('einvoicing', 'required') },
      { 'cbc:ExecutionRequirementCode': code('ecatalog-submission', 'not-allowed') },
    ],
    'cac:AwardingTerms': awardingTerms(lot),
    'cac:AdditionalInformationParty': orgRef(leaderRef),
    'cac:TenderRecipientParty': { 'cbc:EndpointID': p.submissionUrl, ...orgRef(leaderRef) },
    'cac:TenderValidityPeriod': { 'cbc:DurationMeasure': { '@unitCode': 'DAY', '#': String(p.tenderValidityDays) } },
    'cac:AppealTerms': appealTerms(input, reviewRef),
    'cac:Language': { 'cbc:ID': NOTICE_LANGUAGE },
    'cac:PostAwardProcess': {
      'cbc:ElectronicOrderUsageIndicator': 'false',
      'cbc:ElectronicPaymentUsageIndicator': 'true',
    },
  };
}

function lotTenderingProcess(input: ContractNoticeInput, lot: EformsLotInput): XmlNode {
  const d = deadline(input);
  return {
    'cbc:SubmissionMethodCode': code('esubmission', 'required'),
    'cbc:GovernmentAgreementConstraintIndicator': 'true',
    'cac:TenderSubmissionDeadlinePeriod': { 'cbc:EndDate': d.date, 'cbc:EndTime': d.time },
    'cac:OpenTenderEvent': {
      'cbc:OccurrenceDate': d.date,
      'cbc:OccurrenceTime': d.time,
      'cbc:Description': text(
        'Die Angebote werden nach Ablauf der Angebotsfrist elektronisch geöffnet; Bieter sind nicht zugelassen (§ 55 VgV).',
      ),
    },
    'cac:AuctionTerms': { 'cbc:AuctionConstraintIndicator': 'false' },
    'cac:FrameworkAgreement': frameworkAgreement(input, lot),
    'cac:ContractingSystem': contractingSystems(lot),
  };
}

function procedureTenderingProcess(): XmlNode {
  return {
    'cbc:ProcedureCode': code('procurement-procedure-type', 'open'),
    'cac:ProcessJustification': { 'cbc:ProcessReasonCode': code('accelerated-procedure', 'false') },
  };
}

/** The contract notice (subtype 16), or with `notice.change` its change notice. */
export function buildContractNotice(input: ContractNoticeInput): string {
  const problems = checkContractNoticeInput(input);
  if (problems.length) throw new EformsInputError(problems);
  const { orgs, ref } = numberOrganisations(input);
  const lots = lotRefs(input);
  const reviewRef = ref.get(input.reviewBody.id) ?? '';
  const leader = input.buyers.find((b) => b.groupLeader) ?? input.buyers[0];
  const leaderRef = ref.get(leader?.organisation.id ?? '') ?? '';
  return serialise('ContractNotice', {
    ...namespaces('ContractNotice'),
    ...extension({
      'efac:Changes': changesNode(input, lots),
      'efac:NoticeSubType': { 'cbc:SubTypeCode': code('notice-subtype', '16') },
      'efac:Organizations': { 'efac:Organization': orgs.map((o) => organisationNode(o, ref.get(o.id) ?? '', input)) },
    }),
    ...procedureSections(input, ref, { listName: 'competition', value: 'cn-standard' }),
    'cac:ProcurementProjectLot': input.procedure.lots.map((lot) => ({
      'cbc:ID': id('Lot', lots.get(lot.id) ?? ''),
      'cac:TenderingTerms': lotTenderingTerms(input, lot, reviewRef, leaderRef),
      'cac:TenderingProcess': lotTenderingProcess(input, lot),
      'cac:ProcurementProject': lotProject(lot, true),
    })),
  });
}

/** The contract award notice (subtype 29): tenders received, winners, values and contracts per lot. */
export function buildAwardNotice(input: AwardNoticeInput): string {
  const problems = checkAwardNoticeInput(input);
  if (problems.length) throw new EformsInputError(problems);
  const winners = input.results.flatMap((r) => (r.winner ? [r.winner.supplier] : []));
  const { orgs, ref } = numberOrganisations(input, winners);
  const lots = lotRefs(input);
  const reviewRef = ref.get(input.reviewBody.id) ?? '';
  const sizeOf = new Map(winners.map((w) => [w.id, w.size]));
  // the results in lot order; tenders, tendering parties and contracts numbered along
  const ordered = input.procedure.lots.flatMap((lot) => {
    const result = input.results.find((r) => r.lotId === lot.id);
    return result ? [{ lot, result }] : [];
  });
  const lotResults: XmlNode[] = [];
  const lotTenders: XmlNode[] = [];
  const contracts: XmlNode[] = [];
  const parties = new Map<string, string>();
  ordered.forEach(({ lot, result }, i) => {
    const tenderRef = result.winner ? seq('TEN', lotTenders.length + 1) : undefined;
    const contractRefs = result.contracts.map((_, k) => seq('CON', contracts.length + k + 1));
    if (result.winner && tenderRef) {
      const supplierId = result.winner.supplier.id;
      if (!parties.has(supplierId)) parties.set(supplierId, seq('TPA', parties.size + 1));
      lotTenders.push({
        'cbc:ID': id('tender', tenderRef),
        'cbc:RankCode': '1',
        'efbc:TenderRankedIndicator': 'true',
        'cac:LegalMonetaryTotal': { 'cbc:PayableAmount': amount(result.winner.valueCents) },
        'efac:SubcontractingTerm': { 'efbc:TermCode': code('applicability', 'no') },
        'efac:TenderingParty': { 'cbc:ID': id('tendering-party', parties.get(supplierId) ?? '') },
        'efac:TenderLot': { 'cbc:ID': id('Lot', lots.get(lot.id) ?? '') },
        'efac:TenderReference': { 'cbc:ID': result.winner.id },
      });
      result.contracts.forEach((c, k) => {
        contracts.push({
          'cbc:ID': id('contract', contractRefs[k] ?? ''),
          'cbc:AwardDate': result.awardDecisionDate
            ? berlinDay(result.awardDecisionDate, `results.${lot.id}.awardDecisionDate`)
            : undefined,
          'cbc:IssueDate': berlinDay(c.concludedOn, `results.${lot.id}.contracts.${c.id}.concludedOn`),
          'cac:SignatoryParty': orgRef(ref.get(c.buyerId) ?? ''),
          'efac:ContractReference': { 'cbc:ID': c.reference },
          'efac:LotTender': { 'cbc:ID': id('tender', tenderRef) },
        });
      });
    }
    const vehicles = result.vehicles;
    lotResults.push({
      'cbc:ID': id('result', seq('RES', i + 1)),
      'cbc:HigherTenderAmount': result.highestTenderCents != null ? amount(result.highestTenderCents) : undefined,
      'cbc:LowerTenderAmount': result.lowestTenderCents != null ? amount(result.lowestTenderCents) : undefined,
      'cbc:TenderResultCode': code('winner-selection-status', result.winner ? 'selec-w' : 'clos-nw'),
      'efac:DecisionReason': result.winner
        ? undefined
        : {
            'efbc:DecisionReasonCode': code('non-award-justification', result.tendersReceived ? 'all-rej' : 'no-rece'),
          },
      'efac:LotTender': tenderRef ? { 'cbc:ID': id('tender', tenderRef) } : undefined,
      // BT-709: a framework lot awarded states its maximum value
      'efac:FrameworkAgreementValues':
        lot.framework && result.winner
          ? { 'cbc:MaximumValueAmount': amount(lot.framework.maximumValueCents) }
          : undefined,
      'efac:ReceivedSubmissionsStatistics': {
        'efbc:StatisticsCode': code('received-submission-type', 'tenders'),
        'efbc:StatisticsNumeric': String(result.tendersReceived),
      },
      'efac:SettledContract': contractRefs.map((c) => ({ 'cbc:ID': id('contract', c) })),
      'efac:StrategicProcurement':
        lotIsCleanVehicles(lot) && result.winner
          ? {
              'efac:StrategicProcurementInformation': {
                'efbc:ProcurementCategoryCode': code('cvd-contract-type', lot.cleanVehicles?.contractType ?? 'veh-acq'),
                'efac:ProcurementDetails': vehicles
                  ? {
                      'efbc:AssetCategoryCode': code('vehicle-category', vehicles.category),
                      'efac:StrategicProcurementStatistics': [
                        {
                          'efbc:StatisticsCode': code('vehicles', 'vehicles'),
                          'efbc:StatisticsNumeric': String(vehicles.total),
                        },
                        {
                          'efbc:StatisticsCode': code('vehicles', 'vehicles-zero-emission'),
                          'efbc:StatisticsNumeric': String(vehicles.zeroEmission),
                        },
                        {
                          'efbc:StatisticsCode': code('vehicles', 'vehicles-clean'),
                          'efbc:StatisticsNumeric': String(vehicles.clean),
                        },
                      ],
                    }
                  : undefined,
              },
            }
          : undefined,
      'efac:TenderLot': { 'cbc:ID': id('Lot', lots.get(lot.id) ?? '') },
    });
  });
  // BT-161 is the value of the one-time contracts awarded, BT-118 the maximum of the frameworks awarded
  const awarded = ordered.filter(({ result }) => result.winner);
  const oneTime = awarded.filter(({ lot }) => !lot.framework);
  const frameworks = awarded.filter(({ lot }) => lot.framework);
  const total = oneTime.reduce((s, { result }) => s + (result.winner?.valueCents ?? 0), 0);
  const frameworkMaximum = frameworks.reduce((s, { lot }) => s + (lot.framework?.maximumValueCents ?? 0), 0);
  const decided = input.results
    .map((r) => r.awardDecisionDate)
    .filter((d): d is string => Boolean(d))
    .sort();
  return serialise('ContractAwardNotice', {
    ...namespaces('ContractAwardNotice'),
    ...extension({
      'efac:Changes': changesNode(input, lots),
      'efac:NoticeResult': {
        'cbc:TotalAmount': oneTime.length ? amount(total) : undefined,
        'efbc:OverallMaximumFrameworkContractsAmount': frameworks.length ? amount(frameworkMaximum) : undefined,
        'efac:LotResult': lotResults,
        'efac:LotTender': lotTenders,
        'efac:SettledContract': contracts,
        'efac:TenderingParty': [...parties].map(([supplierId, tpa]) => ({
          'cbc:ID': id('tendering-party', tpa),
          'efac:Tenderer': { 'cbc:ID': id('organization', ref.get(supplierId) ?? '') },
        })),
      },
      'efac:NoticeSubType': { 'cbc:SubTypeCode': code('notice-subtype', '29') },
      'efac:Organizations': {
        'efac:Organization': orgs.map((o) => organisationNode(o, ref.get(o.id) ?? '', input, sizeOf.get(o.id))),
      },
    }),
    ...procedureSections(input, ref, { listName: 'result', value: 'can-standard' }),
    'cac:ProcurementProjectLot': input.procedure.lots.map((lot) => ({
      'cbc:ID': id('Lot', lots.get(lot.id) ?? ''),
      'cac:TenderingTerms': {
        ...extension({ 'efac:StrategicProcurement': cleanVehiclesNode(lot) }),
        'cbc:FundingProgramCode': code('eu-funded', 'no-eu-funds'),
        'cac:AwardingTerms': awardingTerms(lot),
        'cac:AppealTerms': appealTerms(input, reviewRef),
      },
      'cac:TenderingProcess': {
        'cbc:GovernmentAgreementConstraintIndicator': 'true',
        'cac:AuctionTerms': { 'cbc:AuctionConstraintIndicator': 'false' },
        'cac:ContractingSystem': contractingSystems(lot),
      },
      'cac:ProcurementProject': lotProject(lot, false),
    })),
    'cac:TenderResult': decided.length
      ? { 'cbc:AwardDate': berlinDay(decided[decided.length - 1] ?? '', 'results.awardDecisionDate') }
      : undefined,
  });
}
