import { Injectable } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { AuthUser } from '@buendel/auth';
import { addFacts, addTable, newWorkbook } from '@buendel/bundling';
import { GERMAN_UNIT_NAMES } from '@buendel/domain';
import { FrameworksService } from './frameworks.service';
import { ConsumptionRowDto } from './http/framework.dto';

/** GET /frameworks/{id}/consumption.xlsx: the consumption rows as a workbook for the finance offices */
@Injectable()
export class FrameworkExports {
  constructor(private readonly frameworks: FrameworksService) {}

  async consumption(user: AuthUser, id: string): Promise<{ workbook: ExcelJS.Workbook; title: string }> {
    const framework = await this.frameworks.get(user, id);
    const consumption = await this.frameworks.consumption(user, id);
    const workbook = newWorkbook(`Bündel: Verbrauch ${framework.title}`);
    addFacts(workbook, 'Übersicht', [
      ['Rahmenvereinbarung', framework.title],
      ['Nummer', framework.number],
      ['Laufzeit von', new Date(`${framework.termFrom}T00:00:00Z`), 'date'],
      ['Laufzeit bis', new Date(`${framework.termTo}T00:00:00Z`), 'date'],
      ['Status', framework.status],
    ]);
    addTable<ConsumptionRowDto>(
      workbook,
      'Verbrauch',
      [
        { header: 'Los', value: (r) => r.lotKey },
        { header: 'CPV', width: 13, value: (r) => r.cpvCode },
        { header: 'Position', width: 34, value: (r) => r.cpvLabel },
        { header: 'Einheit', value: (r) => GERMAN_UNIT_NAMES[r.unit] ?? r.unit },
        { header: 'Teilnehmer', width: 30, value: (r) => r.organisationName },
        { header: 'Geschätzt', format: 'quantity', value: (r) => r.estimatedQuantity },
        { header: 'Höchstmenge', format: 'quantity', value: (r) => r.maximumQuantity },
        { header: 'Abgerufen', format: 'quantity', value: (r) => r.calledOffQuantity },
        { header: 'Geliefert', format: 'quantity', value: (r) => r.deliveredQuantity },
        { header: 'Verbleibend', format: 'quantity', value: (r) => r.leftQuantity },
        { header: 'Ausschöpfung (%)', format: 'quantity', value: (r) => r.usedPercent },
      ],
      consumption.items,
    );
    return { workbook, title: framework.title };
  }
}
