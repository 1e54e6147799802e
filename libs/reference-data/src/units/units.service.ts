import { Injectable } from '@nestjs/common';
import { readUnit } from '@buendel/domain';
import { Page, pageRequest } from '@buendel/http';
import { textSearchParams } from '../common/search-text';
import { ReferenceDataRepository, UnitRecord } from '../reference-data.repository';
import { UnitDto, UnitQueryDto } from './units.dto';

function toDto(r: UnitRecord): UnitDto {
  return {
    code: r.code,
    nameEn: r.name_en,
    nameDe: r.name_de,
    symbol: r.symbol,
    status: r.status,
    isCommon: r.is_common,
  };
}

@Injectable()
export class UnitsService {
  constructor(private readonly repo: ReferenceDataRepository) {}

  /** active units by default; the common ones first */
  async list(query: UnitQueryDto): Promise<Page<UnitDto>> {
    const status = query.status ?? 'active';
    return this.repo.unitsPage(
      {
        ...(status !== 'all' ? { status } : {}),
        ...(query.common !== undefined ? { common: query.common } : {}),
        // "Stk.", "m²", "Karton": the unit a German word or abbreviation stands for comes first
        ...(query.search
          ? { search: { text: textSearchParams(query.search), unitCode: readUnit(query.search).code ?? null } }
          : {}),
      },
      pageRequest(query),
      toDto,
    );
  }
}
