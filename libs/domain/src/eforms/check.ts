import { isValidCpvCode, normalizeCpvCode } from '../cpv';
import { isIsoDate } from '../dates';
import { addYears, daysBetween } from '../framework';
import { BUYER_LEGAL_TYPES, COMPANY_SIZES, MAIN_ACTIVITIES } from './codes';
import { BUYER, checkOrganisation, REVIEW_BODY, WINNER } from './check-organisation';
import { isBlank as blank, isEformsUrl, isNuts3, isUuidV4 } from './formats';
import type {
  AwardNoticeInput,
  ContractNoticeInput,
  EformsFrameworkMethod,
  EformsInstant,
  EformsLotInput,
} from './input';

/**
 * The checks a notice's input must pass before any XML is written: everything that the eForms
 * rules require and that Bündel's data can lack (an address, a CPV code, a contact). Each
 * problem names the field and says in English and German (`de`) what to do, so that publication can answer one
 * 400 with every missing piece instead of a notice that TED rejects.
 */
export interface EformsProblem {
  field: string;
  /** in English */
  reason: string;
  /** the reason in German (the API sends it to readers of German) */
  de: string;
}

const FRAMEWORK_METHODS: readonly EformsFrameworkMethod[] = ['fa-wo-rc', 'fa-w-rc', 'fa-mix'];

/**
 * Whether a lot's period is longer than four years as the eForms rules count it (BR-BT-00109:
 * the period's days added to the current date exceed the current date plus P4Y); the notice's
 * issue day stands for the current date.
 */
export function periodExceedsFourYears(period: EformsLotInput['period'], issuedAt: EformsInstant): boolean {
  if ('durationMonths' in period) return period.durationMonths > 48;
  if (!isIsoDate(period.startDate) || !isIsoDate(period.endDate)) return false;
  const issued = new Date(issuedAt);
  const today = Number.isNaN(issued.getTime()) ? period.startDate : issued.toISOString().slice(0, 10);
  return daysBetween(period.startDate, period.endDate) > daysBetween(today, addYears(today, 4));
}

type AddProblem = (field: string, reason: string, de: string) => void;

function checkFramework(lot: EformsLotInput, issuedAt: EformsInstant, add: AddProblem): void {
  const fa = lot.framework;
  if (!fa) return;
  if (!FRAMEWORK_METHODS.includes(fa.method))
    add(
      'framework.method',
      `unknown kind of framework agreement "${fa.method}" (BT-765).`,
      `unbekannte Art der Rahmenvereinbarung „${fa.method}“ (BT-765).`,
    );
  if (!(Number.isInteger(fa.maximumParticipants) && fa.maximumParticipants >= 1))
    add(
      'framework.maximumParticipants',
      'the maximum number of framework suppliers is missing (BT-113).',
      'die Höchstzahl der Rahmenvertragspartner fehlt (BT-113).',
    );
  if (!Number.isSafeInteger(fa.maximumValueCents) || fa.maximumValueCents <= 0)
    add(
      'framework.maximumValueCents',
      'the maximum value of the framework agreement is missing (BT-271).',
      'der Höchstwert der Rahmenvereinbarung fehlt (BT-271).',
    );
  else if (fa.maximumValueCents < lot.estimatedValueCents)
    add(
      'framework.maximumValueCents',
      'the maximum value of the framework agreement (BT-271) is below its estimated value (BT-27).',
      'der Höchstwert der Rahmenvereinbarung (BT-271) liegt unter ihrem geschätzten Wert (BT-27).',
    );
  if (periodExceedsFourYears(lot.period, issuedAt) && blank(fa.justification))
    add(
      'framework.justification',
      'the term of the framework agreement exceeds four years; the justification is missing (BT-109, § 21 Abs. 6 VgV).',
      'die Laufzeit der Rahmenvereinbarung übersteigt vier Jahre; die Begründung fehlt (BT-109, § 21 Abs. 6 VgV).',
    );
}

function checkLot(lot: EformsLotInput, issuedAt: EformsInstant, out: EformsProblem[]): void {
  const at = `lots.${lot.id}`;
  const name = lot.title || lot.internalId;
  const add: AddProblem = (field, reason, de) =>
    out.push({ field: `${at}.${field}`, reason: `Lot "${name}": ${reason}`, de: `Los „${name}“: ${de}` });
  if (blank(lot.title)) add('title', 'the title is missing (BT-21).', 'der Titel fehlt (BT-21).');
  const cpvs = lot.cpvCodes?.length ? lot.cpvCodes : lot.items.map((i) => i.cpvCode);
  if (!cpvs.length)
    add(
      'cpvCodes',
      'no CPV code (BT-262): the lot needs at least one item with a CPV code.',
      'kein CPV-Code (BT-262): das Los braucht mindestens eine Position mit CPV-Code.',
    );
  for (const c of cpvs)
    if (!isValidCpvCode(safeCpv(c)))
      add('cpvCodes', `"${c}" is not a valid CPV code (BT-262).`, `„${c}“ ist kein gültiger CPV-Code (BT-262).`);
  if (!lot.placesNuts3.length)
    add(
      'placesNuts3',
      'no place of performance (BT-5071): the places of delivery need a NUTS-3 code.',
      'kein Erfüllungsort (BT-5071): die Lieferorte brauchen einen NUTS-3-Code.',
    );
  for (const n of lot.placesNuts3)
    if (!isNuts3(n))
      add('placesNuts3', `"${n}" is not a NUTS-3 code (BT-5071).`, `„${n}“ ist kein NUTS-3-Code (BT-5071).`);
  if (!Number.isSafeInteger(lot.estimatedValueCents) || lot.estimatedValueCents <= 0)
    add('estimatedValueCents', 'the estimated value is missing (BT-27).', 'der geschätzte Wert fehlt (BT-27).');
  if ('durationMonths' in lot.period) {
    if (!Number.isInteger(lot.period.durationMonths) || lot.period.durationMonths < 1)
      add('period', 'the duration in months is missing (BT-36).', 'die Laufzeit in Monaten fehlt (BT-36).');
  } else if (
    !isIsoDate(lot.period.startDate) ||
    !isIsoDate(lot.period.endDate) ||
    lot.period.endDate < lot.period.startDate
  ) {
    add(
      'period',
      'the start and end of the term are missing or swapped (BT-536, BT-537).',
      'Beginn und Ende der Laufzeit fehlen oder sind vertauscht (BT-536, BT-537).',
    );
  }
  const award = lot.criteria.filter((c) => c.phase === 'award');
  for (const c of award)
    if (!(typeof c.weight === 'number' && c.weight > 0))
      add(
        `criteria.${c.code}`,
        `the award criterion "${c.name}" has no weight (BT-541).`,
        `das Zuschlagskriterium „${c.name}“ hat keine Gewichtung (BT-541).`,
      );
  const total = lot.priceWeight + award.reduce((s, c) => s + (c.weight ?? 0), 0);
  if (!(lot.priceWeight > 0))
    add(
      'priceWeight',
      'the price needs a weight above 0 % (BT-541).',
      'der Preis braucht eine Gewichtung über 0 % (BT-541).',
    );
  if (Math.abs(total - 100) > 1e-9)
    add(
      'criteria',
      `the weights of price and award criteria add up to ${total} % instead of 100 % (BT-541).`,
      `die Gewichtungen von Preis und Zuschlagskriterien ergeben ${total} % statt 100 % (BT-541).`,
    );
  checkFramework(lot, issuedAt, add);
}

function safeCpv(code: string): string {
  try {
    return normalizeCpvCode(code);
  } catch {
    return code;
  }
}

/** Problems of a contract notice's input (subtype 16, also for its change notices). */
export function checkContractNoticeInput(input: ContractNoticeInput): EformsProblem[] {
  const out: EformsProblem[] = [];
  const add = (field: string, reason: string, de: string) => out.push({ field, reason, de });
  const { notice, buyers, procedure } = input;
  if (!isUuidV4(notice.noticeId))
    add(
      'notice.noticeId',
      'The id of the notice must be a UUID (version 4) (BT-701).',
      'Die Kennung der Bekanntmachung muss eine UUID (Version 4) sein (BT-701).',
    );
  if (notice.change && !isUuidV4(notice.change.previousNoticeId))
    add(
      'notice.change.previousNoticeId',
      'The changed notice needs its UUID (BT-758).',
      'Die geänderte Bekanntmachung braucht ihre UUID (BT-758).',
    );
  if (notice.change && blank(notice.change.description))
    add(
      'notice.change.description',
      'The change needs a description (BT-141).',
      'Die Änderung braucht eine Beschreibung (BT-141).',
    );
  if (!isUuidV4(procedure.procedureId))
    add(
      'procedure.procedureId',
      'The id of the procedure must be a UUID (version 4) (BT-04).',
      'Die Verfahrenskennung muss eine UUID (Version 4) sein (BT-04).',
    );
  if (blank(procedure.title))
    add('procedure.title', 'The title of the procedure is missing (BT-21).', 'Der Titel des Verfahrens fehlt (BT-21).');
  if (!buyers.length)
    add('buyers', 'The notice needs at least one buyer.', 'Die Bekanntmachung braucht mindestens einen Auftraggeber.');
  const leaders = buyers.filter((b) => b.groupLeader);
  if (buyers.length > 1 && leaders.length !== 1)
    add(
      'buyers',
      `A joint procurement has exactly one lead buyer (OPP-050), not ${leaders.length}.`,
      `Eine gemeinsame Beschaffung hat genau einen federführenden Auftraggeber (OPP-050), nicht ${leaders.length}.`,
    );
  const seen = new Set<string>();
  for (const b of buyers) {
    const name = b.organisation.name;
    if (seen.has(b.organisation.id))
      add(
        `organisations.${b.organisation.id}`,
        `"${name}" is named twice as a buyer.`,
        `„${name}“ ist doppelt als Auftraggeber genannt.`,
      );
    seen.add(b.organisation.id);
    if (!(BUYER_LEGAL_TYPES as readonly string[]).includes(b.legalType))
      add(
        `organisations.${b.organisation.id}.legalType`,
        `"${name}": unknown legal type "${b.legalType}" (BT-11).`,
        `„${name}“: unbekannte Rechtsform „${b.legalType}“ (BT-11).`,
      );
    if (!(MAIN_ACTIVITIES as readonly string[]).includes(b.mainActivity))
      add(
        `organisations.${b.organisation.id}.mainActivity`,
        `"${name}": unknown main activity "${b.mainActivity}" (BT-10).`,
        `„${name}“: unbekannte Haupttätigkeit „${b.mainActivity}“ (BT-10).`,
      );
    checkOrganisation(b.organisation, BUYER, 'full', out);
  }
  checkOrganisation(input.reviewBody, REVIEW_BODY, 'none', out);
  if (!isEformsUrl(procedure.submissionUrl))
    add(
      'procedure.submissionUrl',
      `"${procedure.submissionUrl}" is not a valid address for electronic submission (BT-18).`,
      `„${procedure.submissionUrl}“ ist keine gültige Adresse für die elektronische Angebotsabgabe (BT-18).`,
    );
  if (!isEformsUrl(procedure.documentsUrl))
    add(
      'procedure.documentsUrl',
      `"${procedure.documentsUrl}" is not a valid address of the procurement documents (BT-15).`,
      `„${procedure.documentsUrl}“ ist keine gültige Adresse der Vergabeunterlagen (BT-15).`,
    );
  if (!(Number.isInteger(procedure.tenderValidityDays) && procedure.tenderValidityDays > 0))
    add(
      'procedure.tenderValidityDays',
      'The tender validity period in days is missing (BT-98).',
      'Die Bindefrist in Tagen fehlt (BT-98).',
    );
  if (blank(procedure.reviewDeadlineInfo))
    add(
      'procedure.reviewDeadlineInfo',
      'The information on the deadlines for review requests is missing (BT-99).',
      'Die Angaben zu den Fristen für Nachprüfungsanträge fehlen (BT-99).',
    );
  if (!procedure.lots.length)
    add('lots', 'The procedure needs at least one lot.', 'Das Verfahren braucht mindestens ein Los.');
  for (const lot of procedure.lots) checkLot(lot, notice.issuedAt, out);
  return out;
}

/** Problems of a contract award notice's input (subtype 29). */
export function checkAwardNoticeInput(input: AwardNoticeInput): EformsProblem[] {
  const out = checkContractNoticeInput(input);
  const add = (field: string, reason: string, de: string) => out.push({ field, reason, de });
  const buyerIds = new Set(input.buyers.map((b) => b.organisation.id));
  const lotIds = new Set(input.procedure.lots.map((l) => l.id));
  for (const lot of input.procedure.lots)
    if (!input.results.some((r) => r.lotId === lot.id))
      add(`results.${lot.id}`, `Lot "${lot.title}": the result is missing.`, `Los „${lot.title}“: das Ergebnis fehlt.`);
  const checkedWinners = new Set<string>();
  for (const r of input.results) {
    const at = `results.${r.lotId}`;
    if (!lotIds.has(r.lotId)) add(at, 'Result for an unknown lot.', 'Ergebnis zu einem unbekannten Los.');
    if (!(Number.isInteger(r.tendersReceived) && r.tendersReceived >= 0))
      add(
        `${at}.tendersReceived`,
        'The number of tenders received is missing (BT-759).',
        'Die Zahl der eingegangenen Angebote fehlt (BT-759).',
      );
    if (r.winner) {
      if (r.tendersReceived < 1)
        add(
          `${at}.tendersReceived`,
          'An award without any tender received is not possible (BT-759).',
          'Ein Zuschlag ohne eingegangenes Angebot ist nicht möglich (BT-759).',
        );
      if (!checkedWinners.has(r.winner.supplier.id)) {
        checkedWinners.add(r.winner.supplier.id);
        if (!(COMPANY_SIZES as readonly string[]).includes(r.winner.supplier.size))
          add(
            `organisations.${r.winner.supplier.id}.size`,
            `"${r.winner.supplier.name}": the company size is missing (BT-165).`,
            `„${r.winner.supplier.name}“: die Unternehmensgröße fehlt (BT-165).`,
          );
        checkOrganisation(r.winner.supplier, WINNER, 'email', out);
      }
      if (!r.contracts.length)
        add(
          `${at}.contracts`,
          'An awarded lot needs at least one concluded contract.',
          'Ein vergebenes Los braucht mindestens einen geschlossenen Vertrag.',
        );
    } else if (r.contracts.length) {
      add(
        `${at}.contracts`,
        'A lot without an award cannot have contracts.',
        'Ein Los ohne Zuschlag kann keine Verträge haben.',
      );
    }
    for (const c of r.contracts) {
      if (!buyerIds.has(c.buyerId))
        add(
          `${at}.contracts.${c.id}`,
          `The contract ${c.reference} names none of the buyers.`,
          `Der Vertrag ${c.reference} nennt keinen der Auftraggeber.`,
        );
      if (!isIsoDate(c.concludedOn))
        add(
          `${at}.contracts.${c.id}.concludedOn`,
          `The contract ${c.reference} has no date of conclusion (BT-145).`,
          `Der Vertrag ${c.reference} hat kein Abschlussdatum (BT-145).`,
        );
      if (blank(c.reference))
        add(
          `${at}.contracts.${c.id}.reference`,
          'The contract number is missing (BT-150).',
          'Die Vertragsnummer fehlt (BT-150).',
        );
    }
  }
  return out;
}
