import {
  berlinDate,
  formatDateTime,
  formatEur,
  formatGermanDate,
  germanExclusionReason,
  tenderStatusLabel,
  unitLabel,
} from '@buendel/domain';
import type { LotOffersDto } from '../offers/offer.dto';
import type { TenderDto } from '../tenders/http/tender.dto';

/**
 * The record (Vergabevermerk, § 8 VgV) as a document a person reads and files: German, in
 * sections, with the procedure's steps, the lots and why they were formed, the evaluation, the
 * award and why it went where it went, the information letters, the contracts and the people
 * who acted. One model, rendered as printable HTML and as PDF (record-pdf.ts).
 */
export interface RecordDocumentInput {
  generatedAt: Date;
  tender: TenderDto;
  coordinatorName: string;
  participants: Array<{ name: string; ags: string | null; estimatedValueEur: number }>;
  evaluation: LotOffersDto[] | null;
  awards: Array<{
    lotId: string;
    supplierName: string;
    valueEur: number;
    bestRanked: boolean;
    reason: string | null;
    awardedAt: Date;
    awardedBy: string | null;
  }>;
  letters: Array<{ lotId: string; supplierName: string; outcome: string; sentAt: Date; earliestConclusionAt: Date }>;
  contracts: Array<{ lotId: string; number: string; buyerName: string; valueEur: number; concludedAt: Date }>;
  events: Array<{ occurredAt: Date; action: string; actorUserId: string | null; data: Record<string, unknown> }>;
  /** the people who opened the offers (EU procedures: the first and the one who confirmed), by user id */
  openedBy?: string[];
  /** the witness the first person named, if any */
  witnessId?: string | null;
  /** the people who acted: user id -> "name (e-mail, organisation)" */
  people: Map<string, string>;
  /** what the awarded offers claim, with the verification of their evidence; absent in older callers */
  evidence?: Array<{
    lotId: string;
    code: string;
    supplierName: string;
    standing: 'verified' | 'self-declared';
    evidence: {
      kind: string;
      title: string;
      number: string;
      issuer: string;
      validTo: string | null;
      verificationLabel: string;
      note: string | null;
    } | null;
  }>;
}

export interface RecordTable {
  headers: string[];
  rows: string[][];
  /** relative column widths */
  widths?: number[];
}

export interface RecordSection {
  heading: string;
  paragraphs: string[];
  tables: RecordTable[];
  subsections?: RecordSection[];
}

export interface RecordDocument {
  title: string;
  subtitle: string;
  generatedAt: string;
  sections: RecordSection[];
}

/** `1.234,56 €`, as the mails, the web app and the workbooks write it */
const eur = (v: number) => formatEur(v);
const points = (v: number) => v.toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const day = (d: Date | string | null) => (d ? formatGermanDate(berlinDate(d)) : '–');
/** `dd.mm.yyyy, hh:mm Uhr` in Europe/Berlin */
const moment = (d: Date | string | null) => (d ? formatDateTime(d) : '–');

const PHASES: Record<string, string> = {
  specification: 'Leistungsbeschreibung',
  qualification: 'Eignung',
  award: 'Zuschlagskriterium',
  performance: 'Ausführungsbedingung',
};

/** the steps of the audit trail, in German */
const STEPS: Record<string, string> = {
  'bundle.created': 'Bündel angelegt',
  'bundle.joined': 'Teilnahme erklärt',
  'bundle.left': 'Teilnahme zurückgezogen',
  'bundle.closed': 'Bündel geschlossen (Mengen eingefroren)',
  'bundle.tendered': 'Ausschreibung aus dem Bündel erstellt',
  'bundle.awarded': 'Bündel bezuschlagt',
  'bundle.cancelled': 'Bündel aufgehoben',
  'bundle.updated': 'Bündel geändert',
  'bundle.tendering': 'Bündel in die Ausschreibung übernommen',
  'bundle.mandate-required': 'Teilnahme wartet auf einen Beschluss (Rat oder Bürgermeister)',
  'bundle.mandate-recorded': 'Beschluss zur Teilnahme erfasst',
  'bundle.job-failed': 'Hintergrundauftrag des Bündels fehlgeschlagen',
  'tender.created': 'Ausschreibungsentwurf erstellt',
  'tender.changed': 'Ausschreibung geändert',
  'tender.published': 'Ausschreibung veröffentlicht',
  'tender.opened': 'Angebote geöffnet',
  'tender.offers.read': 'Angebote eingesehen',
  'tender.lot.awarded': 'Zuschlagsentscheidung für ein Los',
  'tender.lot.information-sent': 'Vorabinformation nach § 134 GWB versandt',
  'tender.lot.contracted': 'Verträge eines Loses geschlossen',
  'tender.awarded': 'Alle Lose entschieden',
  'tender.cancelled': 'Ausschreibung aufgehoben',
  'tender.updated': 'Ausschreibung geändert',
  'tender.lot.renamed': 'Los umbenannt',
  'tender.framework.planned': 'Rahmenvereinbarung geplant (Laufzeit, Höchstmengen)',
  'tender.opening.started': 'Öffnung der Angebote begonnen (erste Person, § 55 Abs. 2 VgV)',
  'tender.lots.demands.released': 'Bedarfe erfolgloser Lose freigegeben',
  'tender.evidence.verified': 'Nachweis geprüft',
  'tender.job-failed': 'Hintergrundauftrag der Ausschreibung fehlgeschlagen',
  'offer.submitted': 'Angebot eingegangen',
  'offer.replaced': 'Angebot ersetzt',
};

/** why a lot was formed as it is (§ 97 Abs. 4 GWB), from its key (`P-3414`, `P-3144-R-14524`) */
export function lotReason(key: string, title: string): string {
  const m = /^P-(\d{3,8})(?:-R-(\d{5}))?$/.exec(key);
  if (!m)
    return `Los ${key} („${title}“): gebildet nach § 97 Abs. 4 GWB, damit kleine und mittlere Unternehmen bieten können.`;
  const digits = m[1] ?? '';
  const kind = digits.length >= 4 ? `CPV-Klasse ${digits}` : `CPV-Gruppe ${digits}`;
  const region = m[2]
    ? ` und nach Region (Teillos für den Kreis ${m[2]}), weil das Fachlos für ein mittelständisches Unternehmen zu groß wäre`
    : ' für das ganze Gebiet des Bündels';
  return (
    `Los ${key} („${title}“): Fachlos nach § 97 Abs. 4 Satz 2 GWB für die Leistungen der ${kind}${region}; ` +
    'so können kleine und mittlere Unternehmen auf die Leistungen ihres Fachs bieten.'
  );
}

export function buildRecordDocument(input: RecordDocumentInput): RecordDocument {
  const t = input.tender;
  const who = (id: string | null) => (id ? (input.people.get(id) ?? 'unbekannt') : 'System');
  const lotName = (id: string) => {
    const lot = t.lots.find((l) => l.id === id);
    return lot ? `Los ${lot.key}` : 'Los';
  };
  const procedure: RecordSection = {
    heading: '1. Verfahren',
    paragraphs: [],
    tables: [
      {
        headers: ['Angabe', 'Wert'],
        widths: [1, 2],
        rows: [
          ['Ausschreibung', t.title],
          ['Auftraggeber (koordinierende Stelle)', input.coordinatorName],
          ['Verfahrensart', t.procedureLabel],
          [
            'Schwellenwert',
            `${t.regime.scope === 'EU' ? 'EU-weit' : 'national'}: geschätzter Auftragswert ${eur(t.estimatedValueEur)}, ` +
              `Schwellenwert ${eur(t.regime.thresholdEur)} (${t.regime.legalBasis})`,
          ],
          ['Veröffentlicht', moment(t.publishedAt)],
          ['Angebotsfrist', moment(t.submissionDeadline)],
          [
            'Öffnung der Angebote',
            moment(t.openedAt) +
              (input.openedBy?.length
                ? `, durch ${input.openedBy.map(who).join(' und ')}` +
                  (input.witnessId ? ` (benannte zweite Person: ${who(input.witnessId)})` : '')
                : ''),
          ],
          ['Status', tenderStatusLabel(t.status)],
        ],
      },
    ],
  };
  const participants: RecordSection = {
    heading: '2. Beteiligte Auftraggeber (gemeinsame Beschaffung)',
    paragraphs: [
      input.participants.length === 1
        ? `Eine Organisation beschafft; ${input.coordinatorName} führt das Verfahren für sie.`
        : `${input.participants.length} Organisationen beschaffen gemeinsam; ${input.coordinatorName} führt das Verfahren für alle.`,
    ],
    tables: [
      {
        headers: ['Organisation', 'AGS', 'geschätzter Wert'],
        widths: [3, 1, 1.4],
        rows: input.participants.map((p) => [p.name, p.ags ?? '–', eur(p.estimatedValueEur)]),
      },
    ],
  };
  const lots: RecordSection = {
    heading: '3. Lose und Gründe der Losbildung',
    paragraphs: t.lots.map((l) => lotReason(l.key, l.title)),
    tables: t.lots.map((l) => ({
      headers: [`Los ${l.key}: ${l.title}`, 'Menge', 'Einheit', 'geschätzter Wert'],
      widths: [3, 1, 0.8, 1.4],
      rows: l.items.map((i) => [
        // the specification tells apart the products of one code (an e-van and a small e-car)
        `${i.cpvCode} ${i.cpvLabel}${i.specificationText ? ` – ${i.specificationText}` : ''}`,
        i.quantity.toLocaleString('de-DE'),
        unitLabel(i.unit),
        eur(i.estimatedValueEur),
      ]),
    })),
  };
  const criteria: RecordSection = {
    heading: '4. Kriterien in den Phasen',
    paragraphs: [`Preis: Gewichtung ${t.priceWeight} von 100 Punkten.`],
    tables: [
      {
        headers: ['Kriterium', 'Phase', 'Gewicht'],
        widths: [3, 1.5, 0.8],
        rows: t.criteria.map((c) => [
          `${c.name} (${c.code})`,
          PHASES[c.phase] ?? c.phase,
          c.weight === null ? '–' : String(c.weight),
        ]),
      },
    ],
  };
  const evaluation: RecordSection = {
    heading: '5. Angebote und Wertung',
    paragraphs: input.evaluation ? [] : ['Die Angebote sind noch verschlossen (§ 55 VgV).'],
    tables: (input.evaluation ?? []).map((lot) => ({
      headers: [`Los ${lot.key}: Bieter`, 'Gesamtpreis', 'Punkte', 'Rang / Ausschluss'],
      widths: [2.2, 1.3, 0.8, 2],
      rows: lot.offers.map((o) => [
        o.supplierName,
        eur(o.totalEur),
        o.score ? points(o.score.totalPoints) : '–',
        o.excluded
          ? `ausgeschlossen: ${o.exclusionReasons.map(germanExclusionReason).join('; ')}`
          : `Rang ${o.score?.rank ?? '–'}`,
      ]),
    })),
  };
  const awardParagraphs: string[] = [];
  for (const lot of t.lots) {
    const award = input.awards.find((a) => a.lotId === lot.id);
    const offers = input.evaluation?.find((e) => e.lotId === lot.id)?.offers ?? [];
    if (award) {
      awardParagraphs.push(
        `Los ${lot.key}: Zuschlag an ${award.supplierName} über ${eur(award.valueEur)}, entschieden am ${moment(award.awardedAt)} von ${who(award.awardedBy)}.` +
          (award.bestRanked
            ? ' Es ist das bestbewertete Angebot.'
            : ` Der Zuschlag geht nicht an das bestbewertete Angebot. Begründung: ${award.reason ?? '–'}`),
      );
    } else if (lot.status === 'unsuccessful' || (input.evaluation && t.status === 'awarded')) {
      const why =
        offers.length === 0
          ? 'es ist kein Angebot eingegangen'
          : `${offers.length === 1 ? 'das einzige Angebot war' : `alle ${offers.length} Angebote waren`} auszuschließen (${offers
              .map((o) => `${o.supplierName}: ${o.exclusionReasons.map(germanExclusionReason).join('; ')}`)
              .join('; ')})`;
      awardParagraphs.push(
        `Los ${lot.key} ist erfolglos geblieben: ${why}. Die Bedarfe stehen für ein neues Bündel offen.`,
      );
    } else {
      awardParagraphs.push(`Los ${lot.key}: noch nicht entschieden.`);
    }
  }
  const award: RecordSection = {
    heading: '6. Zuschlagsentscheidung und Begründung',
    paragraphs: awardParagraphs,
    tables: [],
  };
  const standstill: RecordSection = {
    heading: '7. Vorabinformation (§ 134 GWB) und Verträge',
    paragraphs: input.letters.length ? [] : ['Noch keine Vorabinformation versandt.'],
    tables: [
      ...(input.letters.length
        ? [
            {
              headers: ['Los', 'Bieter', 'Ergebnis', 'versandt', 'frühester Vertragsschluss'],
              widths: [0.8, 2, 1.2, 1.2, 1.2],
              rows: input.letters.map((l) => [
                lotName(l.lotId),
                l.supplierName,
                l.outcome === 'awarded' ? 'Zuschlag vorgesehen' : 'nicht berücksichtigt',
                day(l.sentAt),
                day(l.earliestConclusionAt),
              ]),
            },
          ]
        : []),
      ...(input.contracts.length
        ? [
            {
              headers: ['Vertrag', 'Los', 'Auftraggeber', 'Wert', 'geschlossen'],
              widths: [2, 0.8, 2, 1.3, 1],
              rows: input.contracts.map((c) => [
                c.number,
                lotName(c.lotId),
                c.buyerName,
                eur(c.valueEur),
                day(c.concludedAt),
              ]),
            },
          ]
        : []),
    ],
  };
  const claims = input.evidence ?? [];
  /** "Emissionsfreies Fahrzeug (ZERO_EMISSION_VEHICLE)", as the criteria table names it */
  const criterionName = (code: string) => {
    const c = t.criteria.find((x) => x.code === code);
    return c ? `${c.name} (${c.code})` : code;
  };
  const evidence: RecordSection = {
    heading: '8. Nachweise der bezuschlagten Angebote',
    paragraphs: claims.length
      ? ['Nur ein geprüfter Nachweis macht ein Kriterium zu einem belegten; alles andere gilt als Eigenerklärung.']
      : ['Noch kein Zuschlag, oder die bezuschlagten Angebote erklären keine Kriterien.'],
    tables: claims.length
      ? [
          {
            headers: ['Los', 'Kriterium', 'Bieter', 'Nachweis', 'gültig bis', 'Prüfung', 'Vermerk'],
            widths: [0.7, 1.6, 1.4, 2, 0.9, 1, 1.6],
            rows: claims.map((c) => [
              lotName(c.lotId),
              criterionName(c.code),
              c.supplierName,
              c.evidence ? `${c.evidence.title} (${c.evidence.issuer}, Nr. ${c.evidence.number})` : 'Eigenerklärung',
              c.evidence ? day(c.evidence.validTo) : '–',
              c.evidence ? c.evidence.verificationLabel : '–',
              c.evidence?.note ?? '',
            ]),
          },
        ]
      : [],
  };
  const steps: RecordSection = {
    heading: '9. Verfahrensschritte',
    paragraphs: [],
    tables: [
      {
        headers: ['Zeitpunkt', 'Schritt', 'Person'],
        widths: [1.3, 3, 1.8],
        rows: input.events.map((e) => [moment(e.occurredAt), STEPS[e.action] ?? e.action, who(e.actorUserId)]),
      },
    ],
  };
  return {
    title: `Vergabevermerk: ${t.title}`,
    subtitle: `${t.procedureLabel} · ${input.coordinatorName}`,
    generatedAt: moment(input.generatedAt),
    sections: [procedure, participants, lots, criteria, evaluation, award, standstill, evidence, steps],
  };
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** the record as a printable HTML page (A4, page numbers in print) */
export function renderRecordHtml(doc: RecordDocument): string {
  const table = (t: RecordTable) =>
    `<table><thead><tr>${t.headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
      .map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const section = (s: RecordSection) =>
    `<section><h2>${escape(s.heading)}</h2>${s.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}${s.tables
      .map(table)
      .join('')}</section>`;
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>${escape(doc.title)}</title>
<style>
@page { size: A4; margin: 20mm 18mm; @bottom-right { content: "Seite " counter(page) " von " counter(pages); font-size: 9pt; } }
body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 16pt; margin-bottom: 2pt; } h2 { font-size: 12pt; margin-top: 16pt; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; page-break-inside: auto; }
tr { page-break-inside: avoid; } th, td { border: 1px solid #bbb; padding: 3pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; } section { page-break-inside: auto; } .meta { color: #555; }
</style></head><body>
<h1>${escape(doc.title)}</h1><p class="meta">${escape(doc.subtitle)}<br>Erstellt am ${escape(doc.generatedAt)} (Dokumentation nach § 8 VgV)</p>
${doc.sections.map(section).join('\n')}
</body></html>`;
}
