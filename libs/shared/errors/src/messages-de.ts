import { COMMON_ERRORS_DE } from './domain.exception';
import { FieldError, ProblemDetails } from './problem';

/**
 * German for the problem details, for clients that ask with `Accept-Language: de` (the web
 * app always does). A field error is translated by its stable code and parameters (the
 * validation pipe sets both), or, for a reason written for one field, by the reason itself;
 * what has no German yet keeps its English text. The codes and parameters stay as they are,
 * so that a client can also word the reason itself.
 */
type Params = Record<string, unknown>;

/** YYYY-MM-DD as TT.MM.JJJJ */
const germanDay = (v: unknown) => String(v).split('-').reverse().join('.');

const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));

const lengthReason = (p: Params) =>
  p['max'] === undefined
    ? `muss mindestens ${String(p['min'])} Zeichen lang sein`
    : `muss ${String(p['min'])} bis ${String(p['max'])} Zeichen lang sein`;

/** German per field error code (class-validator's constraint, see validation.ts) */
const BY_CODE: Record<string, (p: Params) => string> = {
  UNKNOWN_FIELD: () => 'ist kein bekanntes Feld',
  REQUIRED: () => 'muss angegeben werden',
  IS_NOT_EMPTY: () => 'darf nicht leer sein',
  IS_DEFINED: () => 'muss angegeben werden',
  IS_STRING: () => 'muss ein Text sein',
  IS_INT: () => 'muss eine ganze Zahl sein',
  IS_NUMBER: (p) =>
    typeof p['maxDecimalPlaces'] === 'number'
      ? `muss eine Zahl mit höchstens ${p['maxDecimalPlaces']} Nachkommastellen sein`
      : 'muss eine Zahl sein',
  IS_POSITIVE: () => 'muss größer als null sein',
  IS_BOOLEAN: () => 'muss wahr oder falsch (true oder false) sein',
  IS_ARRAY: () => 'muss eine Liste sein',
  IS_OBJECT: () => 'muss ein Objekt sein',
  IS_EMAIL: () => 'muss eine E-Mail-Adresse sein',
  IS_UUID: () => 'muss eine ID (UUID) sein',
  IS_URL: () => 'muss eine http(s)-Adresse sein',
  IS_IN: (p) => `muss einer dieser Werte sein: ${list(p['values'])}`,
  IS_ENUM: (p) => `muss einer dieser Werte sein: ${list(p['values'])}`,
  MAX_LENGTH: (p) => `darf höchstens ${String(p['max'])} Zeichen lang sein`,
  MIN_LENGTH: (p) => `muss mindestens ${String(p['min'])} Zeichen lang sein`,
  // class-validator's @Length is the constraint isLength
  IS_LENGTH: lengthReason,
  LENGTH: lengthReason,
  MIN: (p) => `muss mindestens ${String(p['min'])} sein`,
  MAX: (p) => `darf höchstens ${String(p['max'])} sein`,
  ARRAY_MIN_SIZE: (p) => `muss mindestens ${String(p['min'])} Einträge haben`,
  ARRAY_MAX_SIZE: (p) => `darf höchstens ${String(p['max'])} Einträge haben`,
  ARRAY_UNIQUE: () => 'darf keinen Eintrag doppelt enthalten',
  ARRAY_NOT_EMPTY: () => 'darf nicht leer sein',
  NESTED_VALIDATION: () => 'muss ein Objekt oder eine Liste von Objekten sein',
  IS_CALENDAR_DATE: () => 'muss ein Datum der Form JJJJ-MM-TT sein',
  IS_ISO8601: () => 'muss ein Datum mit Uhrzeit nach ISO 8601 sein',
  IS_DATE_STRING: () => 'muss ein Datum mit Uhrzeit nach ISO 8601 sein',
  NOT_AFTER_TODAY: (p) => `darf nicht nach heute (${germanDay(p['today'])}) liegen`,
};

/** German for reasons that the DTOs word for one field (their English text is the key) */
const BY_REASON: Record<string, string> = {
  'must be a CPV code such as 34144900-7': 'muss ein CPV-Code wie 34144900-7 sein',
  'must be a CPV code with its check digit, such as 34144900-7':
    'muss ein CPV-Code mit Prüfziffer sein, zum Beispiel 34144900-7',
  'must be a CPV prefix of 2 to 8 digits or a CPV code such as 34144900-7':
    'muss ein CPV-Präfix aus 2 bis 8 Ziffern oder ein CPV-Code wie 34144900-7 sein',
  'must be a German NUTS code such as DED, DED4 or DED45': 'muss ein deutscher NUTS-Code wie DED, DED4 oder DED45 sein',
  'must be a NUTS-3 code, e.g. DED41': 'muss ein NUTS-3-Code sein, zum Beispiel DED41',
  'must be a criterion code such as EU_ECOLABEL': 'muss ein Kriteriencode wie EU_ECOLABEL sein',
  'must be a key of letters, digits and hyphens such as e-transporter-3-5t':
    'muss ein Schlüssel aus Buchstaben, Ziffern und Bindestrichen sein, zum Beispiel e-transporter-3-5t',
  'is required with specificationText':
    'muss zusammen mit der Produktspezifikation (specificationText) angegeben werden',
  'is required with specificationKey': 'muss zusammen mit dem Produktschlüssel (specificationKey) angegeben werden',
  'must be a date written YYYY-MM-DD': 'muss ein Datum der Form JJJJ-MM-TT sein',
  'must be a district key (five digits)': 'muss ein Kreisschlüssel (fünf Ziffern) sein',
  'each value must be a district key (five digits)': 'jeder Wert muss ein Kreisschlüssel (fünf Ziffern) sein',
  'districtKey must be a Kreisschlüssel of 5 digits, e.g. 14524':
    'muss ein Kreisschlüssel aus 5 Ziffern sein, zum Beispiel 14524',
  // the same reason once the field's name in front of it is taken off (flattenValidationErrors)
  'must be a Kreisschlüssel of 5 digits, e.g. 14524': 'muss ein Kreisschlüssel aus 5 Ziffern sein, zum Beispiel 14524',
  'must lie between the years 1900 and 2200': 'muss zwischen 1900 und 2200 liegen',
  'must be a date written YYYY-MM-DD (e.g. 2027-03-01)': 'muss ein Datum der Form JJJJ-MM-TT sein (z. B. 2027-03-01)',
  'must be an ISO 8601 date and time (e.g. 2027-01-20T12:00:00+01:00)':
    'muss ein Zeitpunkt nach ISO 8601 sein (z. B. 2027-01-20T12:00:00+01:00)',
  'must be a lot key such as L1 or P-3414': 'muss ein Losschlüssel sein, z. B. L1 oder P-3414',
  'must be a demand id (UUID)': 'muss eine Bedarfs-ID (UUID) sein',
  'must be one of specification, qualification, award, performance':
    'muss einer dieser Werte sein: specification (Leistungsbeschreibung), qualification (Eignung), award (Zuschlag), performance (Ausführung)',
  'must be a unit: a UN/ECE Rec. 20 code such as H87, or a German unit such as Stück':
    'muss eine Einheit sein: ein Code nach UN/ECE Rec. 20 wie H87 oder eine deutsche Einheit wie Stück',
  'must be a UN/ECE unit code such as H87 or KGM': 'muss ein Einheitencode nach UN/ECE wie H87 oder KGM sein',
  'must be a German VAT id: DE and nine digits, e.g. DE136695976':
    'muss eine deutsche Umsatzsteuer-Identifikationsnummer sein: DE und neun Ziffern, zum Beispiel DE136695976',
  'has a wrong check digit (not a valid German VAT id)':
    'hat eine falsche Prüfziffer (keine gültige deutsche Umsatzsteuer-Identifikationsnummer)',
  'must be five digits for an address in Germany': 'muss für eine Anschrift in Deutschland aus fünf Ziffern bestehen',
  'must be a postal code (2 to 10 letters, digits, spaces or dashes)':
    'muss eine Postleitzahl sein (2 bis 10 Buchstaben, Ziffern, Leerzeichen oder Bindestriche)',
  'must be a bundle id (UUID)': 'muss eine Bündel-ID (UUID) sein',
  'must be a lot id (UUID)': 'muss eine Los-ID (UUID) sein',
  'must be an item id (UUID)': 'muss eine Positions-ID (UUID) sein',
  'must be an offer id (UUID)': 'muss eine Angebots-ID (UUID) sein',
  'must be a number with at most 2 decimals': 'muss eine Zahl mit höchstens 2 Nachkommastellen sein',
  'must be a number with at most 3 decimals': 'muss eine Zahl mit höchstens 3 Nachkommastellen sein',
  'must be a number with at most 4 decimals': 'muss eine Zahl mit höchstens 4 Nachkommastellen sein',
  'must be an amount with at most 2 decimals': 'muss ein Betrag mit höchstens 2 Nachkommastellen sein',
  'must be a telephone number of digits, spaces and hyphens with an optional leading +, e.g. +49 375 4402-0':
    'muss eine Telefonnummer aus Ziffern, Leerzeichen und Bindestrichen sein, mit + am Anfang erlaubt, zum Beispiel +49 375 4402-0',
  'must be a whole number': 'muss eine ganze Zahl sein',
  'must be above zero': 'muss größer als null sein',
  'must be an AGS (eight digits)': 'muss ein Amtlicher Gemeindeschlüssel (acht Ziffern) sein',
  'must be an ISO 3166-1 alpha-2 country code, e.g. DE': 'muss ein Ländercode nach ISO 3166-1 sein, zum Beispiel DE',
  'must be an ISO 8601 date and time': 'muss ein Datum mit Uhrzeit nach ISO 8601 sein',
  'must be an e-mail address': 'muss eine E-Mail-Adresse sein',
  'must be an http(s) address': 'muss eine http(s)-Adresse sein',
  'must be an object': 'muss ein Objekt sein',
  'must be at least 1': 'muss mindestens 1 sein',
  'must be at most 10': 'darf höchstens 10 sein',
  'must be draft or open': 'muss draft (Entwurf) oder open (offen) sein',
  'must be true or false': 'muss wahr oder falsch (true oder false) sein',
  'must be upper case letters, digits and _, starting with a letter':
    'muss aus Großbuchstaben, Ziffern und _ bestehen und mit einem Buchstaben beginnen',
  'must not be negative': 'darf nicht negativ sein',
  'only central_purchasing_body can be created; the other public bodies come from the reference data':
    'nur central_purchasing_body (zentrale Beschaffungsstelle) kann angelegt werden; die anderen öffentlichen Stellen kommen aus den Referenzdaten',
  'only public bodies join bundles': 'nur öffentliche Auftraggeber treten Bündeln bei',
  'is not a known district key': 'ist kein bekannter Kreisschlüssel',
  'give name, active, password or more of them': 'nennen Sie Name, aktiv, Passwort oder mehreres davon',
  'only for suppliers (a public body has its NUTS-3 code from the reference data)':
    'nur für Lieferanten (eine öffentliche Stelle hat ihren NUTS-3-Code aus den Referenzdaten)',
  'must be a CPV code: 8 digits with an optional check digit, e.g. 31440000-2':
    'muss ein CPV-Code aus 8 Ziffern sein, mit oder ohne Prüfziffer, zum Beispiel 31440000-2',
  'is required: your organisation has no AGS of its own':
    'muss angegeben werden: Ihre Organisation hat keinen eigenen Amtlichen Gemeindeschlüssel',
  'is required': 'muss angegeben werden',
  'must be a user id (UUID)': 'muss eine Benutzer-ID (UUID) sein',
  'must be a tender id (UUID)': 'muss eine Ausschreibungs-ID (UUID) sein',
  'must be an organisation id (UUID)': 'muss eine Organisations-ID (UUID) sein',
  'must be an evidence id (UUID)': 'muss die Kennung eines Nachweises sein (UUID)',
  'must be a framework agreement id (UUID)': 'muss eine Rahmenvereinbarungs-ID (UUID) sein',
  'must be a call-off id (UUID)': 'muss eine Abruf-ID (UUID) sein',
  'must be a criterion code such as RECYCLED_CONTENT_MIN': 'muss ein Kriteriencode sein, z. B. RECYCLED_CONTENT_MIN',
  'must be a criterion code such as LKSG_DUE_DILIGENCE': 'muss ein Kriteriencode sein, z. B. LKSG_DUE_DILIGENCE',
  'must be linear or thresholds': 'muss linear oder thresholds sein',
  'must be json, html or pdf': 'muss json, html oder pdf sein',
  'must be at most 1,000,000,000': 'darf höchstens 1.000.000.000 sein',
  'must be at most 100,000,000': 'darf höchstens 100.000.000 sein',
  'needs at least one item': 'braucht mindestens eine Position',
  'needs at least one price': 'braucht mindestens einen Preis',
  'information letters under § 134 GWB are required by law and cannot be unsubscribed':
    'Informationsschreiben nach § 134 GWB sind gesetzlich vorgeschrieben und können nicht abbestellt werden',
};

/** German for reasons that quote what was written (a unit as typed): a pattern and its German */
const BY_PATTERN: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [
    /^"([\s\S]*)" is no unit we know; write a UN\/ECE Rec\. 20 code such as H87 or a German unit such as Stück, Liter, kWh \(GET \/units\)$/,
    (m) =>
      `„${m[1]}“ ist keine bekannte Einheit; bitte einen Code nach UN/ECE Rec. 20 wie H87 oder eine deutsche Einheit wie Stück, Liter oder kWh angeben`,
  ],
  [
    /^"([\s\S]*)" can mean ([\s\S]*); write the unit out: ([\s\S]*)$/,
    (m) => `„${m[1]}“ kann ${or(m[2])} bedeuten; bitte die Einheit ausschreiben: ${or(m[3])}`,
  ],
];

/** an English list's last "or" as German "oder" */
const or = (text: string | undefined) => (text ?? '').replace(/ or ([^,]*)$/, ' oder $1');

function byPattern(reason: string): string | undefined {
  for (const [pattern, german] of BY_PATTERN) {
    const m = pattern.exec(reason);
    if (m) return german(m);
  }
  return undefined;
}

/** German details of the problems that no context's exception carries (the throttler's, the filter's own) */
const DETAIL_BY_CODE: Record<string, string> = {
  ...COMMON_ERRORS_DE,
  TOO_MANY_REQUESTS: 'Zu viele Anfragen. Bitte warten Sie einen Moment.',
  SERVICE_UNAVAILABLE: 'Bündel ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.',
  INTERNAL: 'Ein unerwarteter Fehler ist aufgetreten.',
  EFORMS_INPUT_INCOMPLETE: 'Für die eForms-Bekanntmachung fehlen Angaben; die Felder nennen sie.',
  // the filter's own answers to a database error the request caused (problem-details.filter.ts)
  ALREADY_EXISTS: 'Einen Eintrag mit diesen Angaben gibt es schon.',
  CONCURRENT_UPDATE: 'Eine gleichzeitige Änderung ist dazwischengekommen. Bitte versuchen Sie es noch einmal.',
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Ungültige Anfrage',
  401: 'Nicht angemeldet',
  403: 'Nicht erlaubt',
  404: 'Nicht gefunden',
  409: 'Konflikt',
  413: 'Zu groß',
  415: 'Format nicht unterstützt',
  422: 'Nicht verarbeitbar',
  429: 'Zu viele Anfragen',
  500: 'Interner Fehler',
  503: 'Nicht verfügbar',
};

/** whether an Accept-Language header puts German before English (the default is English) */
export function prefersGerman(acceptLanguage: string | string[] | undefined): boolean {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return false;
  let best: { lang: string; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().split(';');
    const lang = (tag ?? '').trim().toLowerCase().split('-')[0] ?? '';
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if ((lang === 'de' || lang === 'en' || lang === '*') && Number.isFinite(q) && (!best || q > best.q)) {
      best = { lang, q };
    }
  }
  return best?.lang === 'de';
}

/** the German reason of a field error, or undefined when there is none yet */
export function germanReason(error: FieldError): string | undefined {
  return (
    error.de ??
    BY_REASON[error.reason] ??
    byPattern(error.reason) ??
    (error.code ? BY_CODE[error.code]?.(error.params ?? {}) : undefined)
  );
}

/** the field errors as they are sent: in German where there is German for them, else as they are; never with `de` */
export function fieldErrorsIn<E extends FieldError>(german: boolean, errors: E[]): E[] {
  return errors.map((error) => {
    const { de: _de, ...sent } = error;
    const reason = german ? germanReason(error) : undefined;
    return (reason ? { ...sent, reason } : sent) as E;
  });
}

/** the problem in German where there is German for it (in place; codes and parameters unchanged) */
export function toGerman(problem: ProblemDetails): ProblemDetails {
  const title = TITLE_BY_STATUS[problem.status];
  if (title) problem.title = title;
  const detail = problem.code ? DETAIL_BY_CODE[problem.code] : undefined;
  if (detail) problem.detail = detail;
  if (problem.errors) problem.errors = fieldErrorsIn(true, problem.errors);
  return problem;
}
