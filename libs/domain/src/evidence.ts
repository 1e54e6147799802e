import { berlinDate, isIsoDate } from './dates';
import { formatDate as germanDate } from './display';
import type { EvidenceKind } from './display';

/**
 * A supplier's evidence (Nachweise), kept once in its profile and referred to by its offers:
 * certificates and labels (§ 34 VgV: Gütezeichen; § 49 VgV: environmental management), the
 * documents of supply-chain due diligence (LkSG) and the battery documents of Regulation (EU)
 * 2023/1542. Each piece has a kind, an issuer, a number, validity dates and a file.
 */

export { EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, type EvidenceKind } from './display';

/**
 * The kinds of evidence that prove a criterion of the catalogue (a code not listed here takes
 * any kind). § 34 Abs. 4 VgV: an equivalent label or a test report is accepted as well.
 */
export const EVIDENCE_FOR_CRITERION: Readonly<Record<string, readonly EvidenceKind[]>> = {
  BLAUER_ENGEL: ['BLAUER_ENGEL', 'TEST_REPORT'],
  EU_ECOLABEL: ['EU_ECOLABEL', 'TEST_REPORT'],
  ENVIRONMENTAL_MANAGEMENT: ['EMAS', 'ISO_14001'],
  LKSG_DUE_DILIGENCE: ['LKSG_ANNUAL_REPORT', 'LKSG_RISK_ANALYSIS', 'LKSG_COMPLAINTS_PROCEDURE'],
  BATTERY_CARBON_FOOTPRINT: ['BATTERY_CARBON_FOOTPRINT_DECLARATION', 'BATTERY_PASSPORT'],
  BATTERY_CARBON_FOOTPRINT_CLASS: ['BATTERY_CARBON_FOOTPRINT_DECLARATION', 'BATTERY_PASSPORT'],
  BATTERY_RECYCLED_COBALT: ['BATTERY_RECYCLED_CONTENT_DOCUMENTATION', 'BATTERY_PASSPORT'],
  BATTERY_RECYCLED_LITHIUM: ['BATTERY_RECYCLED_CONTENT_DOCUMENTATION', 'BATTERY_PASSPORT'],
  BATTERY_RECYCLED_NICKEL: ['BATTERY_RECYCLED_CONTENT_DOCUMENTATION', 'BATTERY_PASSPORT'],
  BATTERY_RECYCLED_LEAD: ['BATTERY_RECYCLED_CONTENT_DOCUMENTATION', 'BATTERY_PASSPORT'],
  BATTERY_PASSPORT_ID: ['BATTERY_PASSPORT'],
  BATTERY_DUE_DILIGENCE: ['BATTERY_DUE_DILIGENCE_REPORT'],
  BATTERY_SOH_DATA_ACCESS: ['EU_DECLARATION_OF_CONFORMITY', 'TEST_REPORT', 'BATTERY_PASSPORT'],
  BATTERY_TAKE_BACK: ['BATTERY_TAKE_BACK_SCHEME'],
  TAKE_BACK: ['BATTERY_TAKE_BACK_SCHEME', 'OTHER'],
};

/** whether a kind of evidence can prove a criterion */
export function evidenceProves(kind: string, criterionCode: string): boolean {
  const accepted = EVIDENCE_FOR_CRITERION[criterionCode];
  return !accepted || (accepted as readonly string[]).includes(kind);
}

/** the files evidence may have: PDF, PNG or JPEG, told by their first bytes (not by a name or a header) */
export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** the media type of a file by its first bytes, or null for anything but PDF, PNG and JPEG */
export function sniffEvidenceType(head: Uint8Array): EvidenceMediaType | null {
  const starts = (bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  return null;
}

/** evidence is flagged to its owner this many days before it expires */
export const EVIDENCE_EXPIRY_WARNING_DAYS = 30;

export interface EvidenceValidity {
  validFrom: string;
  /** null: valid without end (an undated declaration) */
  validTo: string | null;
}

export type EvidenceState = 'not-yet-valid' | 'valid' | 'expiring' | 'expired';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** the state of evidence on a day (Europe/Berlin): valid through its validTo, inclusive */
export function evidenceState(validity: EvidenceValidity, on: Date | string): EvidenceState {
  const day = berlinDate(on);
  if (validity.validFrom > day) return 'not-yet-valid';
  if (validity.validTo === null) return 'valid';
  if (validity.validTo < day) return 'expired';
  return validity.validTo <= addDays(day, EVIDENCE_EXPIRY_WARNING_DAYS) ? 'expiring' : 'valid';
}

/** a problem of a field of evidence: the reason in English and in German (`de`) */
export interface EvidenceProblem {
  field: string;
  /** a stable code of the problem, for clients */
  code: string;
  reason: string;
  de: string;
}

/** why evidence cannot be referred to on that day (in English and German, with the date), or null when it can */
export function evidenceRefusal(
  validity: EvidenceValidity,
  on: Date | string,
): { code: string; reason: string; de: string } | null {
  const state = evidenceState(validity, on);
  if (state === 'expired')
    return {
      code: 'EVIDENCE_EXPIRED',
      reason: `the evidence has expired: valid until ${validity.validTo ?? ''}`,
      de: `Der Nachweis ist abgelaufen: gültig bis ${germanDate(validity.validTo ?? '')}`,
    };
  if (state === 'not-yet-valid')
    return {
      code: 'EVIDENCE_NOT_YET_VALID',
      reason: `the evidence is valid only from ${validity.validFrom}`,
      de: `Der Nachweis gilt erst ab ${germanDate(validity.validFrom)}`,
    };
  return null;
}

/** problems of the validity dates as entered: fields `validFrom` and `validTo` */
export function validityProblems(validity: { validFrom?: unknown; validTo?: unknown }): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  const from = validity.validFrom;
  const to = validity.validTo;
  if (isIsoDate(from) && isIsoDate(to) && to < from)
    problems.push({
      field: 'validTo',
      code: 'VALID_TO_BEFORE_FROM',
      reason: `must not be before the start of the validity (${from})`,
      de: `darf nicht vor dem Beginn der Gültigkeit (${germanDate(from)}) liegen`,
    });
  return problems;
}

/** how a coordinator judged a piece of evidence of an awarded offer */
export const EVIDENCE_VERDICTS = ['checked', 'doubtful', 'refused'] as const;
export type EvidenceVerdict = (typeof EVIDENCE_VERDICTS)[number];
export type EvidenceVerification = EvidenceVerdict | 'pending';

export const EVIDENCE_VERIFICATION_LABELS: Readonly<Record<EvidenceVerification, string>> = {
  pending: 'nicht geprüft',
  checked: 'geprüft',
  doubtful: 'zweifelhaft',
  refused: 'zurückgewiesen',
};

/** an offer's reference to a piece of the supplier's evidence, for one criterion */
export interface EvidenceReference {
  code: string;
  evidenceId: string;
}

/** what the check of an offer's references knows of a piece of the supplier's own evidence */
export interface EvidenceToRefer extends EvidenceValidity {
  kind: string;
  withdrawn: boolean;
}

/**
 * Why an offer's references to evidence cannot stand (in English and German, fields `evidence.<i>.code` and
 * `evidence.<i>.evidenceId`): the criterion must be one of the lot's and declared by the offer
 * (in its criteria or values); the evidence must be the supplier's own, not withdrawn, of a kind
 * that proves the criterion, and valid on the day of the submission: expired evidence is
 * refused with its last valid day.
 */
export function evidenceReferenceProblems(input: {
  references: readonly EvidenceReference[];
  lotCriteria: ReadonlySet<string>;
  declared: ReadonlySet<string>;
  /** the supplier's own evidence by id (others' are absent) */
  evidence: ReadonlyMap<string, EvidenceToRefer>;
  on: Date | string;
}): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  const seen = new Set<string>();
  input.references.forEach((r, i) => {
    if (!input.lotCriteria.has(r.code))
      problems.push({
        field: `evidence.${i}.code`,
        code: 'NOT_A_LOT_CRITERION',
        reason: `${r.code} is not a criterion of this lot`,
        de: `${r.code} ist kein Kriterium dieses Loses`,
      });
    else if (!input.declared.has(r.code))
      problems.push({
        field: `evidence.${i}.code`,
        code: 'NOT_DECLARED',
        reason: `${r.code} is not declared by the offer (criteria or values): evidence proves only what is declared`,
        de: `${r.code} erklärt das Angebot nicht (criteria oder values): ein Nachweis belegt nur, was erklärt ist`,
      });
    const key = `${r.code}|${r.evidenceId}`;
    if (seen.has(key))
      problems.push({
        field: `evidence.${i}.evidenceId`,
        code: 'STATED_TWICE',
        reason: 'is given twice',
        de: 'steht zweimal',
      });
    seen.add(key);
    const piece = input.evidence.get(r.evidenceId);
    if (!piece) {
      problems.push({
        field: `evidence.${i}.evidenceId`,
        code: 'NOT_OWN_EVIDENCE',
        reason: 'is not evidence of your company',
        de: 'ist kein Nachweis Ihres Unternehmens',
      });
      return;
    }
    if (piece.withdrawn) {
      problems.push({
        field: `evidence.${i}.evidenceId`,
        code: 'EVIDENCE_WITHDRAWN',
        reason: 'the evidence has been withdrawn',
        de: 'Der Nachweis wurde zurückgezogen',
      });
      return;
    }
    const refusal = evidenceRefusal(piece, input.on);
    if (refusal) problems.push({ field: `evidence.${i}.evidenceId`, ...refusal });
    if (!evidenceProves(piece.kind, r.code)) {
      const suitable = (EVIDENCE_FOR_CRITERION[r.code] ?? []).join(', ');
      problems.push({
        field: `evidence.${i}.evidenceId`,
        code: 'EVIDENCE_KIND_UNSUITABLE',
        reason: `evidence of the kind ${piece.kind} does not prove ${r.code}; suitable: ${suitable}`,
        de: `Ein Nachweis der Art ${piece.kind} belegt ${r.code} nicht; geeignet: ${suitable}`,
      });
    }
  });
  return problems;
}
