import { isValidCpvCode, normalizeCpvCode } from '../cpv';
import { isIsoDate } from '../dates';
import { addYears, daysBetween } from '../framework';
import { BUYER_LEGAL_TYPES, COMPANY_SIZES, COUNTRY_ALPHA3, MAIN_ACTIVITIES } from './codes';
import type {
  AwardNoticeInput,
  ContractNoticeInput,
  EformsFrameworkMethod,
  EformsInstant,
  EformsLotInput,
  EformsOrganisationInput,
} from './input';

/**
 * The checks a notice's input must pass before any XML is written: everything that the eForms
 * rules require and that Bündel's data can lack (an address, a CPV code, a contact). Each
 * problem names the field and says in German what to do, so that publication can answer one
 * 400 with every missing piece instead of a notice that TED rejects.
 */
export interface EformsProblem {
  field: string;
  reason: string;
  /** the reason in German, where `reason` is English (the API sends it to readers of German) */
  de?: string;
}

const UUID_V4 = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;
// the patterns of BT-503 (telephone), BT-506 (e-mail) and the URL fields in the eForms SDK
const TELEPHONE = /^((\(\+?[0-9]+\))|\+?[0-9]+)( - |-| )?(((\([0-9]+\))|[0-9]+)( - |-| )?)*([0-9]+)( )?$/;
const EMAIL =
  /^[\p{L}\p{N}!#$%&'*+/=?_-]+(\.[\p{L}\p{N}!#$%&'*+/=?_-]+)*@([\p{L}\p{N}]([\p{L}\p{N}_-]*[\p{L}\p{N}])?\.)+([\p{L}\p{N}]{2,})$/u;
const URL = /^(https?|ftps?|sftp):\/\/[\p{L}\p{N}?!./:;,\-_=#+*%@"()&]+$/iu;
const NUTS3 = /^[A-Z]{2}[A-Z0-9]{3}$/;

export function isUuidV4(value: string): boolean {
  return UUID_V4.test(value);
}

export function isEformsTelephone(value: string): boolean {
  return TELEPHONE.test(value);
}

export function isEformsEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function isEformsUrl(value: string): boolean {
  return URL.test(value);
}

const blank = (v: string | null | undefined): boolean => !v || !v.trim();

/**
 * `full`: buyers need an e-mail address and a telephone number (BT-506, BT-503); `email`: a
 * winner needs an e-mail address (eForms-DE); `none`: the review body needs neither.
 */
type ContactNeed = 'full' | 'email' | 'none';

function checkOrganisation(org: EformsOrganisationInput, role: string, need: ContactNeed, out: EformsProblem[]): void {
  const at = `organisations.${org.id}`;
  const who = `${role} „${org.name || org.id}“`;
  const add = (field: string, reason: string) => out.push({ field: `${at}.${field}`, reason: `${who}: ${reason}` });
  if (blank(org.name)) add('name', 'der Name fehlt (BT-500).');
  if (blank(org.identifier))
    add('identifier', 'die Kennung fehlt (BT-501: Leitweg-ID, Amtlicher Gemeindeschlüssel oder USt-IdNr.).');
  const a = org.address;
  if (!a) {
    add('address', 'die Anschrift fehlt (Straße, Postleitzahl, Ort, NUTS-3-Code); bitte in den Stammdaten ergänzen.');
  } else {
    if (blank(a.postalCode)) add('address.postalCode', 'die Postleitzahl fehlt (BT-512).');
    if (blank(a.city)) add('address.city', 'der Ort fehlt (BT-513).');
    const country = (a.country ?? 'DE').toUpperCase();
    if (!COUNTRY_ALPHA3[country]) add('address.country', `das Land „${country}“ wird nicht unterstützt (BT-514).`);
    if (blank(a.nuts3)) add('address.nuts3', 'der NUTS-3-Code der Anschrift fehlt (BT-507).');
    else if (!NUTS3.test(a.nuts3 ?? '')) add('address.nuts3', `„${a.nuts3}“ ist kein NUTS-3-Code (BT-507).`);
  }
  if (org.website && !isEformsUrl(org.website))
    add('website', `„${org.website}“ ist keine gültige Internetadresse (BT-505).`);
  const c = org.contact;
  if (blank(c?.email)) {
    if (need !== 'none') add('contact.email', 'die E-Mail-Adresse der Kontaktstelle fehlt (BT-506).');
  } else if (!isEformsEmail(c?.email ?? '')) {
    add('contact.email', `„${c?.email}“ ist keine gültige E-Mail-Adresse (BT-506).`);
  }
  if (blank(c?.telephone)) {
    if (need === 'full') add('contact.telephone', 'die Telefonnummer der Kontaktstelle fehlt (BT-503).');
  } else if (!isEformsTelephone(c?.telephone ?? '')) {
    add('contact.telephone', `„${c?.telephone}“ ist keine gültige Telefonnummer (BT-503, z. B. +49 375 4402-0).`);
  }
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

function checkFramework(lot: EformsLotInput, issuedAt: EformsInstant, add: (f: string, r: string) => void): void {
  const fa = lot.framework;
  if (!fa) return;
  if (!FRAMEWORK_METHODS.includes(fa.method))
    add('framework.method', `unbekannte Art der Rahmenvereinbarung „${fa.method}“ (BT-765).`);
  if (!(Number.isInteger(fa.maximumParticipants) && fa.maximumParticipants >= 1))
    add('framework.maximumParticipants', 'die Höchstzahl der Rahmenvertragspartner fehlt (BT-113).');
  if (!Number.isSafeInteger(fa.maximumValueCents) || fa.maximumValueCents <= 0)
    add('framework.maximumValueCents', 'der Höchstwert der Rahmenvereinbarung fehlt (BT-271).');
  else if (fa.maximumValueCents < lot.estimatedValueCents)
    add(
      'framework.maximumValueCents',
      'der Höchstwert der Rahmenvereinbarung (BT-271) liegt unter ihrem geschätzten Wert (BT-27).',
    );
  if (periodExceedsFourYears(lot.period, issuedAt) && blank(fa.justification))
    add(
      'framework.justification',
      'die Laufzeit der Rahmenvereinbarung übersteigt vier Jahre; die Begründung fehlt (BT-109, § 21 Abs. 6 VgV).',
    );
}

function checkLot(lot: EformsLotInput, issuedAt: EformsInstant, out: EformsProblem[]): void {
  const at = `lots.${lot.id}`;
  const who = `Los „${lot.title || lot.internalId}“`;
  const add = (field: string, reason: string) => out.push({ field: `${at}.${field}`, reason: `${who}: ${reason}` });
  if (blank(lot.title)) add('title', 'der Titel fehlt (BT-21).');
  const cpvs = lot.cpvCodes?.length ? lot.cpvCodes : lot.items.map((i) => i.cpvCode);
  if (!cpvs.length) add('cpvCodes', 'kein CPV-Code (BT-262): das Los braucht mindestens eine Position mit CPV-Code.');
  for (const c of cpvs) if (!isValidCpvCode(safeCpv(c))) add('cpvCodes', `„${c}“ ist kein gültiger CPV-Code (BT-262).`);
  if (!lot.placesNuts3.length)
    add('placesNuts3', 'kein Erfüllungsort (BT-5071): die Lieferorte brauchen einen NUTS-3-Code.');
  for (const n of lot.placesNuts3) if (!NUTS3.test(n)) add('placesNuts3', `„${n}“ ist kein NUTS-3-Code (BT-5071).`);
  if (!Number.isSafeInteger(lot.estimatedValueCents) || lot.estimatedValueCents <= 0)
    add('estimatedValueCents', 'der geschätzte Wert fehlt (BT-27).');
  if ('durationMonths' in lot.period) {
    if (!Number.isInteger(lot.period.durationMonths) || lot.period.durationMonths < 1)
      add('period', 'die Laufzeit in Monaten fehlt (BT-36).');
  } else if (
    !isIsoDate(lot.period.startDate) ||
    !isIsoDate(lot.period.endDate) ||
    lot.period.endDate < lot.period.startDate
  ) {
    add('period', 'Beginn und Ende der Laufzeit fehlen oder sind vertauscht (BT-536, BT-537).');
  }
  const award = lot.criteria.filter((c) => c.phase === 'award');
  for (const c of award)
    if (!(typeof c.weight === 'number' && c.weight > 0))
      add(`criteria.${c.code}`, `das Zuschlagskriterium „${c.name}“ hat keine Gewichtung (BT-541).`);
  const total = lot.priceWeight + award.reduce((s, c) => s + (c.weight ?? 0), 0);
  if (!(lot.priceWeight > 0)) add('priceWeight', 'der Preis braucht eine Gewichtung über 0 % (BT-541).');
  if (Math.abs(total - 100) > 1e-9)
    add('criteria', `die Gewichtungen von Preis und Zuschlagskriterien ergeben ${total} % statt 100 % (BT-541).`);
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
  const { notice, buyers, procedure } = input;
  if (!isUuidV4(notice.noticeId))
    out.push({
      field: 'notice.noticeId',
      reason: 'Die Kennung der Bekanntmachung muss eine UUID (Version 4) sein (BT-701).',
    });
  if (notice.change && !isUuidV4(notice.change.previousNoticeId))
    out.push({
      field: 'notice.change.previousNoticeId',
      reason: 'Die geänderte Bekanntmachung braucht ihre UUID (BT-758).',
    });
  if (notice.change && blank(notice.change.description))
    out.push({ field: 'notice.change.description', reason: 'Die Änderung braucht eine Beschreibung (BT-141).' });
  if (!isUuidV4(procedure.procedureId))
    out.push({
      field: 'procedure.procedureId',
      reason: 'Die Verfahrenskennung muss eine UUID (Version 4) sein (BT-04).',
    });
  if (blank(procedure.title)) out.push({ field: 'procedure.title', reason: 'Der Titel des Verfahrens fehlt (BT-21).' });
  if (!buyers.length)
    out.push({ field: 'buyers', reason: 'Die Bekanntmachung braucht mindestens einen Auftraggeber.' });
  const leaders = buyers.filter((b) => b.groupLeader);
  if (buyers.length > 1 && leaders.length !== 1)
    out.push({
      field: 'buyers',
      reason: `Eine gemeinsame Beschaffung hat genau einen federführenden Auftraggeber (OPP-050), nicht ${leaders.length}.`,
    });
  const seen = new Set<string>();
  for (const b of buyers) {
    if (seen.has(b.organisation.id))
      out.push({
        field: `organisations.${b.organisation.id}`,
        reason: `„${b.organisation.name}“ ist doppelt als Auftraggeber genannt.`,
      });
    seen.add(b.organisation.id);
    if (!(BUYER_LEGAL_TYPES as readonly string[]).includes(b.legalType))
      out.push({
        field: `organisations.${b.organisation.id}.legalType`,
        reason: `„${b.organisation.name}“: unbekannte Rechtsform „${b.legalType}“ (BT-11).`,
      });
    if (!(MAIN_ACTIVITIES as readonly string[]).includes(b.mainActivity))
      out.push({
        field: `organisations.${b.organisation.id}.mainActivity`,
        reason: `„${b.organisation.name}“: unbekannte Haupttätigkeit „${b.mainActivity}“ (BT-10).`,
      });
    checkOrganisation(b.organisation, 'Auftraggeber', 'full', out);
  }
  checkOrganisation(input.reviewBody, 'Vergabekammer', 'none', out);
  if (!isEformsUrl(procedure.submissionUrl))
    out.push({
      field: 'procedure.submissionUrl',
      reason: `„${procedure.submissionUrl}“ ist keine gültige Adresse für die elektronische Angebotsabgabe (BT-18).`,
    });
  if (!isEformsUrl(procedure.documentsUrl))
    out.push({
      field: 'procedure.documentsUrl',
      reason: `„${procedure.documentsUrl}“ ist keine gültige Adresse der Vergabeunterlagen (BT-15).`,
    });
  if (!(Number.isInteger(procedure.tenderValidityDays) && procedure.tenderValidityDays > 0))
    out.push({ field: 'procedure.tenderValidityDays', reason: 'Die Bindefrist in Tagen fehlt (BT-98).' });
  if (blank(procedure.reviewDeadlineInfo))
    out.push({
      field: 'procedure.reviewDeadlineInfo',
      reason: 'Die Angaben zu den Fristen für Nachprüfungsanträge fehlen (BT-99).',
    });
  if (!procedure.lots.length) out.push({ field: 'lots', reason: 'Das Verfahren braucht mindestens ein Los.' });
  for (const lot of procedure.lots) checkLot(lot, notice.issuedAt, out);
  return out;
}

/** Problems of a contract award notice's input (subtype 29). */
export function checkAwardNoticeInput(input: AwardNoticeInput): EformsProblem[] {
  const out = checkContractNoticeInput(input);
  const buyerIds = new Set(input.buyers.map((b) => b.organisation.id));
  const lotIds = new Set(input.procedure.lots.map((l) => l.id));
  for (const lot of input.procedure.lots)
    if (!input.results.some((r) => r.lotId === lot.id))
      out.push({ field: `results.${lot.id}`, reason: `Los „${lot.title}“: das Ergebnis fehlt.` });
  const checkedWinners = new Set<string>();
  for (const r of input.results) {
    const at = `results.${r.lotId}`;
    if (!lotIds.has(r.lotId)) out.push({ field: at, reason: 'Ergebnis zu einem unbekannten Los.' });
    if (!(Number.isInteger(r.tendersReceived) && r.tendersReceived >= 0))
      out.push({ field: `${at}.tendersReceived`, reason: 'Die Zahl der eingegangenen Angebote fehlt (BT-759).' });
    if (r.winner) {
      if (r.tendersReceived < 1)
        out.push({
          field: `${at}.tendersReceived`,
          reason: 'Ein Zuschlag ohne eingegangenes Angebot ist nicht möglich (BT-759).',
        });
      if (!checkedWinners.has(r.winner.supplier.id)) {
        checkedWinners.add(r.winner.supplier.id);
        if (!(COMPANY_SIZES as readonly string[]).includes(r.winner.supplier.size))
          out.push({
            field: `organisations.${r.winner.supplier.id}.size`,
            reason: `„${r.winner.supplier.name}“: die Unternehmensgröße fehlt (BT-165).`,
          });
        checkOrganisation(r.winner.supplier, 'Zuschlagsempfänger', 'email', out);
      }
      if (!r.contracts.length)
        out.push({
          field: `${at}.contracts`,
          reason: 'Ein vergebenes Los braucht mindestens einen geschlossenen Vertrag.',
        });
    } else if (r.contracts.length) {
      out.push({ field: `${at}.contracts`, reason: 'Ein Los ohne Zuschlag kann keine Verträge haben.' });
    }
    for (const c of r.contracts) {
      if (!buyerIds.has(c.buyerId))
        out.push({
          field: `${at}.contracts.${c.id}`,
          reason: `Der Vertrag ${c.reference} nennt keinen der Auftraggeber.`,
        });
      if (!isIsoDate(c.concludedOn))
        out.push({
          field: `${at}.contracts.${c.id}.concludedOn`,
          reason: `Der Vertrag ${c.reference} hat kein Abschlussdatum (BT-145).`,
        });
      if (blank(c.reference))
        out.push({ field: `${at}.contracts.${c.id}.reference`, reason: 'Die Vertragsnummer fehlt (BT-150).' });
    }
  }
  return out;
}
