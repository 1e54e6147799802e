import { Injectable } from '@nestjs/common';
import { readUnit } from '@buendel/domain';
import { DataSource } from 'typeorm';
import { Page, pageRequest } from '@buendel/http';
import { queryPage } from '@buendel/persistence';
import { escapeLike, textSearchParams } from '../common/search-text';
import { UnitDto, UnitQueryDto } from './units.dto';

interface UnitRecord {
  code: string;
  name_en: string;
  name_de: string | null;
  symbol: string | null;
  status: string;
  is_common: boolean;
}

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
  constructor(private readonly dataSource: DataSource) {}

  /** active units by default; the common ones first */
  async list(query: UnitQueryDto): Promise<Page<UnitDto>> {
    const request = pageRequest(query);
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const conditions: string[] = [];
    const status = query.status ?? 'active';
    if (status !== 'all') conditions.push(`u.status = ${param(status)}`);
    if (query.common !== undefined) conditions.push(`u.is_common = ${param(query.common)}`);
    let order = () => `u.is_common DESC, u.code`;
    if (query.search) {
      const p = textSearchParams(query.search);
      const phrase = param(p.phrase);
      const codePrefix = param(`${escapeLike(p.phrase)}%`);
      const contains = param(p.phraseContains);
      // "Stk.", "m²", "Karton": the unit a German word or abbreviation stands for comes first
      const word = param(readUnit(query.search).code ?? null);
      conditions.push(
        `(u.code = ${word} OR u.code ILIKE ${codePrefix} OR lower(u.symbol) = ${phrase}
          OR u.name_en ILIKE ${contains} OR u.name_de ILIKE ${contains})`,
      );
      order = () => {
        const wordStart = param(p.phraseWordStart);
        return `CASE
          WHEN u.code = ${word} THEN 0
          WHEN lower(u.code) = ${phrase} THEN 0
          WHEN lower(u.symbol) = ${phrase} OR lower(u.name_en) = ${phrase} OR lower(u.name_de) = ${phrase} THEN 1
          WHEN u.code ILIKE ${codePrefix} THEN 2
          WHEN u.name_en ~* ${wordStart} OR u.name_de ~* ${wordStart} THEN 3
          ELSE 4
        END, u.is_common DESC, length(u.name_en), u.code`;
      };
    }
    const where = conditions.length ? conditions.join(' AND ') : 'true';
    const whereParams = [...params];
    const orderBy = order();
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT u.code, u.name_en, u.name_de, u.symbol, u.status, u.is_common FROM units u`,
        countFrom: 'units u',
        where,
        whereParams,
        orderBy,
        orderParams: params.slice(whereParams.length),
      },
      toDto,
    );
  }
}
