import pdfmake from 'pdfmake';
import type { RecordDocument, RecordSection, RecordTable } from './record-document';

// pdfmake renders in pure JavaScript (pdfkit underneath): no browser at run time. The PDF's
// standard Helvetica needs no font files and covers German (WinAnsi: umlauts, ß, §, „“, –).
// The record reads no images, files or URLs: only the standard fonts' names pass the access policy.
const HELVETICA = {
  normal: 'Helvetica',
  bold: 'Helvetica-Bold',
  italics: 'Helvetica-Oblique',
  bolditalics: 'Helvetica-BoldOblique',
};
const STANDARD_FONTS = new Set(Object.values(HELVETICA));
pdfmake.setFonts({ Helvetica: HELVETICA });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((name) => STANDARD_FONTS.has(name));

function table(t: RecordTable): Record<string, unknown> {
  const total = (t.widths ?? t.headers.map(() => 1)).reduce((s, w) => s + w, 0);
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: (t.widths ?? t.headers.map(() => 1)).map((w) => `${((100 * w) / total).toFixed(2)}%`),
      body: [t.headers.map((h) => ({ text: h, bold: true, fillColor: '#eeeeee' })), ...t.rows],
    },
    layout: { hLineColor: () => '#bbbbbb', vLineColor: () => '#bbbbbb' },
    fontSize: 8.5,
    margin: [0, 4, 0, 8],
  };
}

function section(s: RecordSection): unknown[] {
  return [
    { text: s.heading, style: 'h2' },
    ...s.paragraphs.map((p) => ({ text: p, margin: [0, 0, 0, 5] })),
    ...s.tables.map(table),
  ];
}

/** the record as a PDF (A4, German, page numbers) */
export async function renderRecordPdf(doc: RecordDocument): Promise<Buffer> {
  const definition = {
    pageSize: 'A4',
    pageMargins: [50, 60, 50, 55],
    info: { title: doc.title, subject: 'Vergabevermerk (§ 8 VgV)', creator: 'Bündel' },
    defaultStyle: { font: 'Helvetica', fontSize: 10 },
    styles: { h1: { fontSize: 16, bold: true }, h2: { fontSize: 12, bold: true, margin: [0, 12, 0, 4] } },
    header: (page: number) =>
      page > 1 ? { text: doc.title, fontSize: 8, color: '#666666', margin: [50, 30, 50, 0] } : undefined,
    footer: (page: number, pages: number) => ({
      text: `Seite ${page} von ${pages}`,
      alignment: 'right',
      fontSize: 8,
      margin: [50, 20, 50, 0],
    }),
    content: [
      { text: doc.title, style: 'h1' },
      { text: doc.subtitle, color: '#555555', margin: [0, 2, 0, 0] },
      {
        text: `Erstellt am ${doc.generatedAt} (Dokumentation nach § 8 VgV)`,
        color: '#555555',
        margin: [0, 0, 0, 8],
      },
      ...doc.sections.flatMap(section),
    ],
  };
  return pdfmake.createPdf(definition).getBuffer();
}
