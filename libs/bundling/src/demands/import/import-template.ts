import { GERMAN_UNIT_NAMES } from '@buendel/domain';
import { EXCEL_FORMATS, excelDate, newWorkbook } from '../../exports/workbook';

/** the template's columns: German headers the import reads, their width and format, and the example row */
const COLUMNS = [
  { header: 'Schlüssel', width: 14, example: 'FW-2027-01' },
  { header: 'CPV', width: 14, example: '34144900-7' },
  { header: 'Bezeichnung', width: 40, example: 'Elektro-Kleinwagen für den Bauhof' },
  { header: 'Beschreibung', width: 40, example: 'viersitzig, Reichweite mindestens 300 km' },
  { header: 'Produktschlüssel', width: 20, example: 'e-kleinwagen' },
  { header: 'Produktspezifikation', width: 28, example: 'E-Kleinwagen, viersitzig' },
  { header: 'Menge', width: 10, example: 2, format: EXCEL_FORMATS.quantity },
  { header: 'Einheit', width: 14, example: 'Stück' },
  { header: 'Einzelpreis (EUR)', width: 18, example: 38500, format: EXCEL_FORMATS.price },
  { header: 'Lieferung ab', width: 14, example: excelDate('2027-03-01'), format: EXCEL_FORMATS.date },
  { header: 'Lieferung bis', width: 14, example: excelDate('2027-06-30'), format: EXCEL_FORMATS.date },
  { header: 'Lieferort (AGS)', width: 16, example: '' },
  { header: 'Kriterien', width: 28, example: 'Emissionsfreies Fahrzeug' },
  { header: 'Status', width: 10, example: 'offen' },
] as const;

/** rows of the data sheet that carry the unit and status lists */
const VALIDATED_ROWS = 5000;

const NOTES = [
  'Eine Zeile je Bedarf. Pflichtspalten: CPV, Bezeichnung, Menge, Einheit, Einzelpreis (EUR), Lieferung ab, Lieferung bis.',
  'Schlüssel: frei wählbar; eine erneute Einfuhr mit demselben Schlüssel ändert den Bedarf, statt ihn doppelt anzulegen.',
  'CPV: Code mit oder ohne Prüfziffer (34144900-7 oder 34144900).',
  'Produktschlüssel und Produktspezifikation (freiwillig, nur zusammen): trennen Produkte desselben CPV-Codes, z. B. e-transporter-3-5t / E-Transporter 3,5 t und e-kleinwagen / E-Kleinwagen; jedes wird eine eigene Position mit eigenem Preis. Schlüssel: Kleinbuchstaben, Ziffern und Bindestriche.',
  'Einheit: aus der Liste, als deutscher Name (Stück, Liter, kWh) oder als UN/ECE-Code (H87, LTR, KWH).',
  'Einzelpreis: geschätzter Nettopreis je Einheit in Euro.',
  'Lieferort (AGS): achtstelliger Gemeindeschlüssel; leer = der Ihrer Organisation.',
  'Kriterien: die deutschen Namen aus dem Kriterienkatalog (z. B. Blauer Engel, Emissionsfreies Fahrzeug), getrennt durch Komma, Semikolon oder |; die Codes (BLAUER_ENGEL) gehen auch.',
  'Status: offen (Standard) oder Entwurf (noch nicht für Bündel freigegeben); open und draft gehen auch.',
  'Zeilen über der Kopfzeile, leere Zeilen und Überschriften werden übersprungen und im Bericht genannt.',
];

/**
 * The XLSX template of the demand import: the data sheet with German headers, an example row,
 * Excel formats for numbers and dates, a drop-down of the units (their German names, which the
 * import reads) and of the statuses; a sheet of notes and the unit list (code and name).
 */
export function importTemplateXlsx(): Promise<Buffer> {
  // built once per process: the same file for every caller, and its cell checks cost about a
  // second of CPU each time (12 s on a loaded machine: a cheap way to keep an API busy)
  template ??= buildImportTemplateXlsx().catch((e: unknown) => {
    template = undefined;
    throw e;
  });
  return template;
}
let template: Promise<Buffer> | undefined;

async function buildImportTemplateXlsx(): Promise<Buffer> {
  const workbook = newWorkbook('Bündel: Bedarfe einführen');
  const sheet = workbook.addWorksheet('Bedarfe', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    style: 'format' in c ? { numFmt: c.format } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(COLUMNS.map((c) => c.example));

  const units = Object.entries(GERMAN_UNIT_NAMES);
  const unitSheet = workbook.addWorksheet('Einheiten');
  unitSheet.columns = [
    { header: 'Einheit', width: 22 },
    { header: 'UN/ECE-Code', width: 14 },
  ];
  unitSheet.getRow(1).font = { bold: true };
  for (const [code, name] of units) unitSheet.addRow([name, code]);

  const unitColumn = COLUMNS.findIndex((c) => c.header === 'Einheit') + 1;
  const statusColumn = COLUMNS.findIndex((c) => c.header === 'Status') + 1;
  for (let r = 2; r <= VALIDATED_ROWS; r++) {
    sheet.getCell(r, unitColumn).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`Einheiten!$A$2:$A$${units.length + 1}`],
      showErrorMessage: false,
      promptTitle: 'Einheit',
      prompt: 'Aus der Liste wählen, oder einen UN/ECE-Code eintragen',
      showInputMessage: true,
    };
    sheet.getCell(r, statusColumn).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"offen,Entwurf"'],
      showErrorMessage: true,
      error: 'open oder draft',
    };
  }

  const notes = workbook.addWorksheet('Hinweise');
  notes.columns = [{ width: 120 }];
  NOTES.forEach((n) => notes.addRow([n]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The CSV template: German Excel's form (UTF-8 with BOM so that Excel shows the umlauts, `;`, CRLF). */
export function importTemplateCsv(): Buffer {
  const example = COLUMNS.map((c) => {
    const v = c.example;
    if (v instanceof Date)
      return `${String(v.getUTCDate()).padStart(2, '0')}.${String(v.getUTCMonth() + 1).padStart(2, '0')}.${v.getUTCFullYear()}`;
    if (typeof v === 'number')
      return v.toLocaleString('de-DE', { minimumFractionDigits: c.header.startsWith('Einzelpreis') ? 2 : 0 });
    return v;
  });
  const lines = [COLUMNS.map((c) => c.header).join(';'), example.join(';')];
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
