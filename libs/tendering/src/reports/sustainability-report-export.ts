import ExcelJS from 'exceljs';
import { findCriterion } from '@buendel/domain';
import { addFacts, addTable, newWorkbook, SheetColumn } from '@buendel/bundling';
import { SustainabilityReportDto, ValueBreakdownDto } from './sustainability-report.dto';

/**
 * The sustainability report as a table, one row per level, key, basis and criterion (the
 * criterion's own row after a total row without one): what the XLSX and the open-data CSV export.
 * Awarded value counts as sustainable only where the coordinator checked its evidence; the
 * self-declared value stands apart, as in the JSON report.
 */
export interface ReportRow {
  level: 'district' | 'organisation' | 'land' | 'cpv-division' | 'year';
  key: string;
  name: string | null;
  basis: 'bundled' | 'awarded';
  /** null: the total row of this key and basis */
  criterion: string | null;
  criterionLabel: string | null;
  totalEur: number;
  /** the criterion row: its value (awarded: verified only); the total row: the sustainable value (awarded) */
  verifiedEur: number | null;
  verifiedShare: number | null;
  selfDeclaredEur: number | null;
  selfDeclaredShare: number | null;
}

const LEVEL_LABELS: Record<ReportRow['level'], string> = {
  district: 'Landkreis',
  organisation: 'Organisation',
  land: 'Land',
  'cpv-division': 'CPV-Abteilung',
  year: 'Jahr',
};
const BASIS_LABELS: Record<ReportRow['basis'], string> = { bundled: 'gebündelt', awarded: 'vergeben' };

function breakdownRows(base: Pick<ReportRow, 'level' | 'key' | 'name' | 'basis'>, b: ValueBreakdownDto): ReportRow[] {
  const share = (v: number | undefined) =>
    v === undefined ? null : b.totalEur > 0 ? Math.round((v / b.totalEur) * 10_000) / 10_000 : 0;
  const total: ReportRow = {
    ...base,
    criterion: null,
    criterionLabel: null,
    totalEur: b.totalEur,
    verifiedEur: b.sustainableEur ?? null,
    verifiedShare: share(b.sustainableEur),
    selfDeclaredEur: b.selfDeclaredOnlyEur ?? null,
    selfDeclaredShare: share(b.selfDeclaredOnlyEur),
  };
  return [
    total,
    ...b.criteria.map((c) => ({
      ...base,
      criterion: c.code,
      criterionLabel: findCriterion(c.code)?.name.de ?? null,
      totalEur: b.totalEur,
      verifiedEur: c.valueEur,
      verifiedShare: c.share,
      selfDeclaredEur: c.selfDeclaredEur ?? null,
      selfDeclaredShare: c.selfDeclaredShare ?? null,
    })),
  ];
}

export function reportRows(report: SustainabilityReportDto): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const d of report.districts) {
    const base = { level: 'district' as const, key: d.districtKey, name: d.name };
    rows.push(...breakdownRows({ ...base, basis: 'bundled' }, d.bundled));
    rows.push(...breakdownRows({ ...base, basis: 'awarded' }, d.awarded));
  }
  for (const o of report.organisations) {
    const base = { level: 'organisation' as const, key: o.organisationId, name: o.name };
    rows.push(...breakdownRows({ ...base, basis: 'bundled' }, o.bundled));
    rows.push(...breakdownRows({ ...base, basis: 'awarded' }, o.awarded));
  }
  const keyed = [
    ['land', report.lands],
    ['cpv-division', report.cpvDivisions],
    ['year', report.years],
  ] as const;
  for (const [level, list] of keyed) {
    for (const k of list) rows.push(...breakdownRows({ level, key: k.key, name: null, basis: 'awarded' }, k.awarded));
  }
  return rows;
}

const COLUMNS: SheetColumn<ReportRow>[] = [
  { header: 'Ebene', width: 16, value: (r) => LEVEL_LABELS[r.level] },
  { header: 'Schlüssel', width: 38, value: (r) => r.key },
  { header: 'Name', width: 34, value: (r) => r.name },
  { header: 'Grundlage', width: 12, value: (r) => BASIS_LABELS[r.basis] },
  { header: 'Kriterium', width: 30, value: (r) => r.criterion ?? 'gesamt' },
  { header: 'Kriterium (Bezeichnung)', width: 40, value: (r) => r.criterionLabel },
  { header: 'Gesamtwert (netto)', width: 20, format: 'money', value: (r) => r.totalEur },
  { header: 'Nachhaltig, geprüft (netto)', width: 26, format: 'money', value: (r) => r.verifiedEur },
  { header: 'Anteil geprüft', width: 16, format: 'percent', value: (r) => r.verifiedShare },
  { header: 'Nur selbst erklärt (netto)', width: 26, format: 'money', value: (r) => r.selfDeclaredEur },
  { header: 'Anteil selbst erklärt', width: 20, format: 'percent', value: (r) => r.selfDeclaredShare },
];

/** the report as a workbook: the table, and a sheet that says what it counts */
export function reportWorkbook(report: SustainabilityReportDto): ExcelJS.Workbook {
  const workbook = newWorkbook('Nachhaltigkeitsbericht');
  addTable(workbook, 'Bericht', COLUMNS, reportRows(report));
  addFacts(workbook, 'Hinweise', [
    ['Erstellt', new Date(report.generatedAt), 'dateTime'],
    ['Landkreise', report.districtKeys.join(', ') || '—'],
    [
      'Geprüft',
      'Vergebener Wert zählt als nachhaltig nur, wenn die Koordination den Nachweis geprüft hat; ' +
        'selbst erklärte Kriterien stehen getrennt.',
    ],
    ['Gebündelt', 'Bedarfe in Bündeln (ohne abgebrochene): Pflichtkriterien des Bündels und eigene des Bedarfs'],
  ]);
  return workbook;
}

/** the CSV header: stable, machine-readable names (open data) */
const CSV_HEADER = [
  'ebene',
  'schluessel',
  'name',
  'grundlage',
  'kriterium',
  'kriterium_bezeichnung',
  'gesamt_eur',
  'nachhaltig_geprueft_eur',
  'anteil_geprueft',
  'nur_selbst_erklaert_eur',
  'anteil_selbst_erklaert',
];

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The report for open data: RFC 4180 CSV, UTF-8 without BOM, `,` between fields, `.` before
 * decimals, CRLF; money in EUR with two decimals, shares from 0 to 1; empty where not counted.
 */
export function reportCsv(report: SustainabilityReportDto): Buffer {
  const money = (v: number | null) => (v === null ? null : v.toFixed(2));
  const lines = [CSV_HEADER.join(',')];
  for (const r of reportRows(report)) {
    lines.push(
      [
        r.level,
        r.key,
        r.name,
        r.basis,
        r.criterion ?? 'total',
        r.criterionLabel,
        money(r.totalEur),
        money(r.verifiedEur),
        r.verifiedShare,
        money(r.selfDeclaredEur),
        r.selfDeclaredShare,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
