import type { BundleStatus, DemandStatus } from './demand-status';
import type { TenderStatus } from './tender-status';
import { GERMAN_UNIT_NAMES } from './units';

/**
 * How the web app writes dates, money and statuses for a German reader: `dd.mm.yyyy` in
 * Europe/Berlin, `1.234,56 €`, and German labels. Plain `Intl`, no Node API: this file runs
 * in the browser as well as on the server.
 */

const TIME_ZONE = 'Europe/Berlin';
const DAY = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const DAY_TIME = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const EUR = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const EUR_WHOLE = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const NUMBER = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 3 });
const POINTS = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function instant(value: Date | string | number): Date | undefined {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * `dd.mm.yyyy`. A calendar date (`2027-03-01`) is written as it is; an instant
 * (`2026-12-31T23:30:00Z`) as its day in Europe/Berlin (here 01.01.2027). Empty for no value
 * or one that is not a date.
 */
export function formatDate(value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') {
    const m = CALENDAR_DATE.exec(value);
    if (m) return `${m[3]}.${m[2]}.${m[1]}`;
  }
  const d = instant(value);
  return d ? DAY.format(d) : '';
}

/** `dd.mm.yyyy, hh:mm` in Europe/Berlin (a deadline) */
export function formatDateTime(value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = instant(value);
  return d ? `${DAY_TIME.format(d)} Uhr` : '';
}

/** `1.234,56 €` (net euros); `wholeEuros` drops the cents (`216.000 €`) */
export function formatEur(eur: number | null | undefined, options: { wholeEuros?: boolean } = {}): string {
  if (eur === null || eur === undefined || !Number.isFinite(eur)) return '';
  // Intl writes a narrow no-break space before the sign in some engines and a no-break space in others
  return (options.wholeEuros ? EUR_WHOLE : EUR).format(eur).replace(/\s/g, '\u00a0');
}

/** `1.234,5` : German grouping and decimal comma, up to three decimals (quantities) */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return NUMBER.format(value);
}

/**
 * `91,00`: evaluation points, always two decimals. One formatter for every call: `toLocaleString`
 * with options builds a new one each time, which cost the evaluation page (600 offers, some
 * 3,000 figures) about 0.15 ms a figure on a busy machine.
 */
export function formatPoints(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return POINTS.format(value);
}

/** a count with its noun in the right number: `1 Bedarf`, `2 Bedarfe`, `1.234 Organisationen`, `0 Bedarfe` */
export function formatCount(count: number, singular: string, plural: string): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}

/** a quantity with its unit's German name: `12 Stück`, `1.500 kWh` */
export function formatQuantity(quantity: number, unit: string): string {
  return `${formatNumber(quantity)}\u00a0${unitLabel(unit)}`;
}

/** the German name of a UN/ECE Rec. 20 unit code, the code itself when there is none */
export function unitLabel(code: string): string {
  return GERMAN_UNIT_NAMES[code] ?? code;
}

export const DEMAND_STATUS_LABELS: Readonly<Record<DemandStatus, string>> = {
  draft: 'Entwurf',
  open: 'Offen',
  bundled: 'Gebündelt',
  tendered: 'Ausgeschrieben',
  awarded: 'Vergeben',
  withdrawn: 'Zurückgezogen',
};

export const BUNDLE_STATUS_LABELS: Readonly<Record<BundleStatus, string>> = {
  open: 'Offen für Beteiligung',
  closed: 'Geschlossen',
  tendering: 'In Ausschreibung',
  awarded: 'Vergeben',
  cancelled: 'Aufgehoben',
};

export const ROLE_LABELS: Readonly<Record<'buyer' | 'coordinator' | 'supplier' | 'admin', string>> = {
  buyer: 'Beschaffung (Kommune)',
  coordinator: 'Koordination',
  supplier: 'Lieferant',
  admin: 'Plattformbetrieb',
};

export const TENDER_STATUS_LABELS: Readonly<Record<TenderStatus, string>> = {
  draft: 'Entwurf',
  published: 'Veröffentlicht',
  opened: 'Angebote geöffnet',
  awarded: 'Zuschlag erteilt',
  cancelled: 'Aufgehoben',
};

/** the four phases a criterion sits in (criteria.ts's TENDER_PHASES, whose CPV imports are not the browser's) */
export const TENDER_PHASE_LABELS: Readonly<
  Record<'specification' | 'qualification' | 'award' | 'performance', string>
> = {
  specification: 'Leistungsbeschreibung',
  qualification: 'Eignung',
  award: 'Zuschlag',
  performance: 'Ausführung',
};

export function tenderStatusLabel(status: string): string {
  return TENDER_STATUS_LABELS[status as TenderStatus] ?? status;
}

export function demandStatusLabel(status: string): string {
  return DEMAND_STATUS_LABELS[status as DemandStatus] ?? status;
}

export function bundleStatusLabel(status: string): string {
  return BUNDLE_STATUS_LABELS[status as BundleStatus] ?? status;
}

const FRAMEWORK_STATUS_LABELS: Readonly<Record<string, string>> = {
  active: 'In Kraft',
  expired: 'Laufzeit abgelaufen',
  exhausted: 'Höchstmengen ausgeschöpft',
};

/** a framework agreement's status in German */
export function frameworkStatusLabel(status: string): string {
  return FRAMEWORK_STATUS_LABELS[status] ?? status;
}

/**
 * The procedure regime in words: `EU-weites Verfahren (ab 216.000 €, § 106 GWB)` or
 * `Nationales Verfahren (unter 216.000 €, UVgO)`.
 */
export function regimeLabel(regime: { scope: 'EU' | 'NATIONAL'; thresholdEur: number }): string {
  const threshold = formatEur(regime.thresholdEur, { wholeEuros: true });
  return regime.scope === 'EU'
    ? `EU-weites Verfahren (Schwellenwert ${threshold} erreicht)`
    : `Nationales Verfahren (unter dem Schwellenwert von ${threshold})`;
}

/** the short form for tables and badges */
export function regimeShortLabel(scope: 'EU' | 'NATIONAL'): string {
  return scope === 'EU' ? 'EU-weit' : 'National';
}

/**
 * Time left until a deadline, in German words: `noch 3 Tage`, `noch 5 Stunden`, `noch 12
 * Minuten`, `abgelaufen`. `now` is the caller's (a test or a ticking page).
 */
export function timeLeftLabel(deadline: Date | string | number, now: Date | number = Date.now()): string {
  const end = instant(deadline);
  if (!end) return '';
  const ms = end.getTime() - (now instanceof Date ? now.getTime() : now);
  if (ms <= 0) return 'abgelaufen';
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days >= 2) return `noch ${days} Tage`;
  if (days === 1) return `noch 1 Tag und ${hours - 24} ${hours - 24 === 1 ? 'Stunde' : 'Stunden'}`;
  if (hours >= 1) return `noch ${hours} ${hours === 1 ? 'Stunde' : 'Stunden'}`;
  if (minutes >= 1) return `noch ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'}`;
  return 'noch weniger als eine Minute';
}

/** the kinds of a supplier's evidence (see evidence.ts), with their German names: here, for the web app too */
export const EVIDENCE_KINDS = [
  'BLAUER_ENGEL',
  'EU_ECOLABEL',
  'EMAS',
  'ISO_14001',
  'ISO_50001',
  'LKSG_ANNUAL_REPORT',
  'LKSG_RISK_ANALYSIS',
  'LKSG_COMPLAINTS_PROCEDURE',
  'BATTERY_CARBON_FOOTPRINT_DECLARATION',
  'BATTERY_RECYCLED_CONTENT_DOCUMENTATION',
  'BATTERY_DUE_DILIGENCE_REPORT',
  'BATTERY_PASSPORT',
  'BATTERY_TAKE_BACK_SCHEME',
  'EU_DECLARATION_OF_CONFORMITY',
  'TEST_REPORT',
  'OTHER',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_KIND_LABELS: Readonly<Record<EvidenceKind, string>> = {
  BLAUER_ENGEL: 'Blauer Engel (Urkunde/Zeichennutzungsvertrag)',
  EU_ECOLABEL: 'EU Ecolabel (Lizenz)',
  EMAS: 'EMAS-Registrierung',
  ISO_14001: 'Zertifikat ISO 14001 (Umweltmanagement)',
  ISO_50001: 'Zertifikat ISO 50001 (Energiemanagement)',
  LKSG_ANNUAL_REPORT: 'Jahresbericht nach § 10 Abs. 2 LkSG',
  LKSG_RISK_ANALYSIS: 'Risikoanalyse nach § 5 LkSG',
  LKSG_COMPLAINTS_PROCEDURE: 'Beschwerdeverfahren nach § 8 LkSG',
  BATTERY_CARBON_FOOTPRINT_DECLARATION: 'Erklärung zum CO2-Fußabdruck (Art. 7 VO (EU) 2023/1542)',
  BATTERY_RECYCLED_CONTENT_DOCUMENTATION: 'Dokumentation des Rezyklatanteils (Art. 8 VO (EU) 2023/1542)',
  BATTERY_DUE_DILIGENCE_REPORT: 'Bericht zur Sorgfaltspflicht (Art. 52 VO (EU) 2023/1542)',
  BATTERY_PASSPORT: 'Batteriepass (Art. 77 VO (EU) 2023/1542)',
  BATTERY_TAKE_BACK_SCHEME: 'Rücknahme- und Verwertungssystem (Art. 56-62 VO (EU) 2023/1542)',
  EU_DECLARATION_OF_CONFORMITY: 'EU-Konformitätserklärung (Art. 18 VO (EU) 2023/1542)',
  TEST_REPORT: 'Prüfbericht einer Konformitätsbewertungsstelle',
  OTHER: 'Sonstiger Nachweis',
};

export { FRAMEWORK_WARNING_SHARE_PERCENT } from './framework';

const CALL_OFF_STATUS_LABELS: Readonly<Record<string, string>> = {
  offered: 'Angefragt, wartet auf Annahme',
  competition: 'Kleinwettbewerb läuft',
  ordered: 'Erteilt',
  failed: 'Gescheitert (kein Partner hat angenommen)',
  cancelled: 'Storniert',
};

const CALL_OFF_METHOD_LABELS: Readonly<Record<string, string>> = {
  direct: 'Direktabruf',
  ranking: 'Nach Rangfolge',
  'mini-competition': 'Kleinwettbewerb',
};

/** a framework call-off's status in German */
export function callOffStatusLabel(status: string): string {
  return CALL_OFF_STATUS_LABELS[status] ?? status;
}

/** how a call-off goes to a framework supplier, in German */
export function callOffMethodLabel(method: string): string {
  return CALL_OFF_METHOD_LABELS[method] ?? method;
}
