import { Injectable } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { AuthUser } from '@buendel/auth';
import { GERMAN_UNIT_NAMES, normalizeCpvPrefix } from '@buendel/domain';
import { BundlesService } from '../bundles/bundles.service';
import { bundlingError, BundlingErrorCode } from '../bundling.exception';
import { toDemandDto } from '../demands/demand.view';
import { DemandsRepository } from '../demands/demands.repository';
import { DemandDto, DemandQueryDto } from '../demands/http/dto/demand.dto';
import { addFacts, addTable, excelDate, newWorkbook, SheetColumn } from './workbook';

const STATUS_DE: Record<string, string> = {
  draft: 'Entwurf',
  open: 'offen',
  bundled: 'gebündelt',
  tendered: 'ausgeschrieben',
  awarded: 'vergeben',
  withdrawn: 'zurückgezogen',
  closed: 'geschlossen',
  tendering: 'in Ausschreibung',
  cancelled: 'abgebrochen',
};

const unitName = (code: string) => GERMAN_UNIT_NAMES[code] ?? code;

const DEMAND_SHEET: SheetColumn<DemandDto>[] = [
  { header: 'Schlüssel', width: 16, value: (d) => d.importKey },
  { header: 'CPV', width: 13, value: (d) => d.cpvCode },
  { header: 'Bezeichnung', width: 40, value: (d) => d.title },
  { header: 'Beschreibung', width: 30, value: (d) => d.description },
  { header: 'Menge', format: 'quantity', value: (d) => d.quantity },
  { header: 'Einheit', width: 14, value: (d) => unitName(d.unit) },
  { header: 'UN/ECE-Code', value: (d) => d.unit },
  { header: 'Einzelpreis (EUR)', width: 16, format: 'price', value: (d) => d.unitPriceEur },
  { header: 'Geschätzter Wert (EUR)', width: 20, format: 'money', value: (d) => d.estimatedValueEur },
  { header: 'Lieferung ab', format: 'date', value: (d) => excelDate(d.deliveryFrom) },
  { header: 'Lieferung bis', format: 'date', value: (d) => excelDate(d.deliveryTo) },
  { header: 'Lieferort (AGS)', value: (d) => d.deliveryAgs },
  { header: 'Kriterien', width: 28, value: (d) => d.criteria.join(' ') },
  { header: 'Status', value: (d) => STATUS_DE[d.status] ?? d.status },
  { header: 'Bündel', width: 38, value: (d) => d.bundleId },
  { header: 'Geändert', width: 18, format: 'dateTime', value: (d) => new Date(d.updatedAt) },
];

/**
 * XLSX exports of demand bundling: a buyer's demands, a bundle's aggregate and participants.
 * Numbers, money and dates are Excel numbers and dates with German formats (EXCEL_FORMATS).
 * The tender exports (evaluation, allocations and contracts per participant) live in
 * tendering; a framework's consumption will join them with the frameworks issue.
 */
@Injectable()
export class BundlingExports {
  constructor(
    private readonly demandRows: DemandsRepository,
    private readonly bundles: BundlesService,
  ) {}

  /** every demand of the user's organisation (the filters of GET /demands) */
  async demands(user: AuthUser, query: Pick<DemandQueryDto, 'status' | 'cpv'>): Promise<ExcelJS.Workbook> {
    const rows = await this.demandRows.all(user.organisationId, {
      status: query.status,
      cpvPrefix: query.cpv ? normalizeCpvPrefix(query.cpv) : undefined,
    });
    const workbook = newWorkbook('Bündel: Bedarfe');
    addTable(workbook, 'Bedarfe', DEMAND_SHEET, rows.map(toDemandDto));
    return workbook;
  }

  /** a bundle for its coordinator: the summary, the aggregate lines, the lot proposal and the participants */
  async bundle(user: AuthUser, id: string): Promise<{ workbook: ExcelJS.Workbook; title: string }> {
    const bundle = await this.bundles.get(user, id);
    if (!bundle.participants) {
      throw bundlingError(
        BundlingErrorCode.NotTheCoordinator,
        'Only the coordinating organisation exports a bundle with its participants',
      );
    }
    const a = bundle.aggregate;
    const workbook = newWorkbook(`Bündel: ${bundle.title}`);
    addFacts(workbook, 'Übersicht', [
      ['Bündel', bundle.title],
      ['Status', STATUS_DE[bundle.status] ?? bundle.status],
      ['Koordinierende Stelle', bundle.coordinatorName],
      ['CPV-Bereich', bundle.cpvPrefixes.join(', ')],
      ['Kreise', bundle.districtKeys.join(', ')],
      ['Teilnahmefrist', new Date(bundle.joinDeadline), 'dateTime'],
      ['Lieferung ab', excelDate(bundle.deliveryFrom), 'date'],
      ['Lieferung bis', excelDate(bundle.deliveryTo), 'date'],
      ['Pflichtkriterien', bundle.mandatoryCriteria.join(', ')],
      ['Teilnehmende Organisationen', a?.participantCount ?? 0, 'integer'],
      ['Bedarfe', a?.demandCount ?? 0, 'integer'],
      ['Geschätzter Gesamtwert (EUR, netto)', a?.totalEstimatedValueEur ?? 0, 'money'],
      ['Verfahren', a ? (a.regime.scope === 'EU' ? 'EU-weit' : 'national') : null],
      ['Schwellenwert (EUR)', a?.regime.thresholdEur ?? null, 'money'],
      ['Rechtsgrundlage', a?.regime.legalBasis ?? null],
      ['Berechnet', a ? new Date(a.computedAt) : null, 'dateTime'],
    ]);
    addTable(
      workbook,
      'Positionen',
      [
        { header: 'CPV', width: 13, value: (l) => l.cpvCode },
        { header: 'Einheit', width: 14, value: (l) => unitName(l.unit) },
        { header: 'UN/ECE-Code', value: (l) => l.unit },
        { header: 'Menge', format: 'quantity', value: (l) => l.quantity },
        { header: 'Geschätzter Wert (EUR)', width: 20, format: 'money', value: (l) => l.estimatedValueEur },
        { header: 'Teilnehmende', format: 'integer', value: (l) => l.participantCount },
      ],
      a?.lines ?? [],
    );
    addTable(
      workbook,
      'Lose',
      [
        { header: 'Los', width: 12, value: (l) => l.key },
        { header: 'Titel', width: 40, value: (l) => l.title },
        { header: 'CPV-Codes', width: 30, value: (l) => l.cpvCodes.join(', ') },
        { header: 'Kreise', width: 20, value: (l) => l.districtKeys.join(', ') },
        { header: 'Geschätzter Wert (EUR)', width: 20, format: 'money', value: (l) => l.estimatedValueEur },
      ],
      a?.lots ?? [],
    );
    addTable(
      workbook,
      'Teilnehmende',
      [
        { header: 'Organisation', width: 40, value: (p) => p.name },
        { header: 'Organisations-ID', width: 38, value: (p) => p.organisationId },
        { header: 'Bedarfe', format: 'integer', value: (p) => p.demandCount },
        { header: 'Geschätzter Wert (EUR)', width: 20, format: 'money', value: (p) => p.estimatedValueEur },
      ],
      bundle.participants,
    );
    return { workbook, title: bundle.title };
  }
}
