import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { addFacts, addTable, excelDate, newWorkbook } from '@buendel/bundling';
import { GERMAN_UNIT_NAMES, germanExclusionReason } from '@buendel/domain';
import { AwardService } from '../award/award.service';
import { AllocationDto } from '../award/award.dto';
import { ContractsService } from '../contracts/contracts.service';
import { ContractDto, ContractItemDto } from '../contracts/http/contract.dto';
import { OffersService } from '../offers/offers.service';
import { OpenedOfferDto } from '../offers/offer.dto';
import { TendersService } from '../tenders/tenders.service';

const unitName = (code: string) => GERMAN_UNIT_NAMES[code] ?? code;

/**
 * XLSX exports of a tender (issue 14): the evaluation for its coordinator, and the contracts
 * and allocations per participant for each buyer's finance office (the coordinator all, a
 * buyer its own, the supplier those it holds). Money and dates are Excel numbers and dates
 * with German formats (the bundling exports' workbook helpers).
 */
@Injectable()
export class TenderExports {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenders: TendersService,
    private readonly offers: OffersService,
    private readonly awards: AwardService,
    private readonly contracts: ContractsService,
  ) {}

  /** GET /tenders/{id}/evaluation.xlsx: the opened offers per lot, scored, with their prices */
  async evaluation(user: AuthUser, tenderId: string): Promise<{ workbook: ExcelJS.Workbook; title: string }> {
    const tender = await this.tenders.get(user, tenderId);
    const opened = await this.offers.opened(user, tenderId);
    const items = new Map(tender.lots.flatMap((l) => l.items.map((i) => [i.id, { ...i, lotKey: l.key }] as const)));
    const workbook = newWorkbook(`Bündel: Wertung ${tender.title}`);
    addFacts(workbook, 'Übersicht', [
      ['Ausschreibung', tender.title],
      ['Verfahren', tender.procedureLabel],
      ['Angebotsfrist', new Date(tender.submissionDeadline), 'dateTime'],
      ['Geöffnet', new Date(opened.openedAt), 'dateTime'],
      ['Gewicht des Preises', opened.priceWeight, 'integer'],
      ['Lose', tender.lots.length, 'integer'],
      ['Angebote', opened.lots.reduce((s, l) => s + l.offers.length, 0), 'integer'],
    ]);
    type Row = OpenedOfferDto & { lotKey: string; lotTitle: string };
    const rows: Row[] = opened.lots.flatMap((l) => l.offers.map((o) => ({ ...o, lotKey: l.key, lotTitle: l.title })));
    addTable<Row>(
      workbook,
      'Wertung',
      [
        { header: 'Los', value: (r) => r.lotKey },
        { header: 'Losbezeichnung', width: 30, value: (r) => r.lotTitle },
        { header: 'Bieter', width: 30, value: (r) => r.supplierName },
        { header: 'Gesamtpreis (EUR)', width: 18, format: 'money', value: (r) => r.totalEur },
        { header: 'Preispunkte', format: 'quantity', value: (r) => r.score?.pricePoints ?? null },
        { header: 'Kriterienpunkte', format: 'quantity', value: (r) => r.score?.criteriaPoints ?? null },
        { header: 'Gesamtpunkte', format: 'quantity', value: (r) => r.score?.totalPoints ?? null },
        { header: 'Rang', format: 'integer', value: (r) => r.score?.rank ?? null },
        { header: 'Ausgeschlossen', value: (r) => (r.excluded ? 'ja' : 'nein') },
        { header: 'Gründe', width: 40, value: (r) => r.exclusionReasons.map(germanExclusionReason).join('; ') },
        { header: 'Eingereicht', width: 18, format: 'dateTime', value: (r) => new Date(r.submittedAt) },
        { header: 'Fassung', format: 'integer', value: (r) => r.version },
      ],
      rows,
    );
    type PriceRow = { offer: Row; itemId: string; unitPriceEur: number; quantity: number; valueEur: number };
    addTable<PriceRow>(
      workbook,
      'Preise',
      [
        { header: 'Los', value: (r) => r.offer.lotKey },
        { header: 'Bieter', width: 30, value: (r) => r.offer.supplierName },
        { header: 'CPV', width: 13, value: (r) => items.get(r.itemId)?.cpvCode },
        {
          header: 'Position',
          width: 34,
          // the specification tells apart the products under one CPV code (the e-van and the e-car)
          value: (r) => {
            const item = items.get(r.itemId);
            return item?.specificationText ? `${item.cpvLabel} – ${item.specificationText}` : item?.cpvLabel;
          },
        },
        { header: 'Einheit', value: (r) => unitName(items.get(r.itemId)?.unit ?? '') },
        { header: 'Menge', format: 'quantity', value: (r) => r.quantity },
        { header: 'Einzelpreis (EUR)', width: 16, format: 'price', value: (r) => r.unitPriceEur },
        { header: 'Wert (EUR)', width: 16, format: 'money', value: (r) => r.valueEur },
      ],
      rows.flatMap((offer) => offer.prices.map((p) => ({ offer, ...p }))),
    );
    return { workbook, title: tender.title };
  }

  /** GET /tenders/{id}/contracts.xlsx: contracts, their items and the allocations, as the caller may see them */
  async contractsOf(user: AuthUser, tenderId: string): Promise<{ workbook: ExcelJS.Workbook }> {
    const contracts = (await this.contracts.ofTender(user, tenderId)).items;
    const allocations = (await this.awards.allocations(user, tenderId)).items;
    const workbook = newWorkbook('Bündel: Verträge und Zuteilungen');
    addTable<ContractDto>(
      workbook,
      'Verträge',
      [
        { header: 'Vertragsnummer', width: 30, value: (c) => c.number },
        { header: 'Los', value: (c) => c.lotKey },
        { header: 'Losbezeichnung', width: 30, value: (c) => c.lotTitle },
        { header: 'Auftraggeber', width: 30, value: (c) => c.buyer.name },
        { header: 'Lieferant', width: 30, value: (c) => c.supplier.name },
        { header: 'Wert (EUR)', width: 16, format: 'money', value: (c) => c.valueEur },
        { header: 'Laufzeit ab', format: 'date', value: (c) => excelDate(c.termFrom) },
        { header: 'Laufzeit bis', format: 'date', value: (c) => excelDate(c.termTo) },
        { header: 'Geschlossen', width: 18, format: 'dateTime', value: (c) => new Date(c.concludedAt) },
      ],
      contracts,
    );
    type ItemRow = ContractItemDto & { contract: ContractDto };
    addTable<ItemRow>(
      workbook,
      'Positionen',
      [
        { header: 'Vertragsnummer', width: 30, value: (r) => r.contract.number },
        { header: 'Auftraggeber', width: 30, value: (r) => r.contract.buyer.name },
        { header: 'CPV', width: 13, value: (r) => r.cpvCode },
        { header: 'Bezeichnung', width: 34, value: (r) => r.cpvLabel },
        { header: 'Einheit', value: (r) => unitName(r.unit) },
        { header: 'Menge', format: 'quantity', value: (r) => r.quantity },
        { header: 'Wert (EUR)', width: 16, format: 'money', value: (r) => r.valueEur },
        { header: 'Lieferorte (AGS)', width: 20, value: (r) => r.deliveryAgs.join(' ') },
      ],
      contracts.flatMap((contract) => contract.items.map((i) => ({ ...i, contract }))),
    );
    addTable<AllocationDto>(
      workbook,
      'Zuteilungen',
      [
        { header: 'Auftraggeber', width: 30, value: (a) => a.organisationName },
        { header: 'CPV', width: 13, value: (a) => a.cpvCode },
        { header: 'Einheit', value: (a) => unitName(a.unit) },
        { header: 'Menge', format: 'quantity', value: (a) => a.quantity },
        { header: 'Wert (EUR)', width: 16, format: 'money', value: (a) => a.valueEur },
        { header: 'Lieferorte (AGS)', width: 20, value: (a) => a.deliveryAgs.join(' ') },
        { header: 'Vergabestelle', width: 24, value: (a) => a.procurementOffice.name },
        { header: 'E-Mail', width: 28, value: (a) => a.procurementOffice.email },
        { header: 'Telefon', width: 18, value: (a) => a.procurementOffice.telephone },
      ],
      allocations,
    );
    return { workbook };
  }
}
