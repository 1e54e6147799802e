import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundException, ValidationException } from '@buendel/errors';
import { Page, PageRequest, pageRequest } from '@buendel/http';
import { Queryable, queryPage } from '@buendel/persistence';
import { textSearchParams } from '../common/search-text';
import { cpvCodeSearch, parseCpvCode } from './cpv-code';
import { CpvCodeDetailDto, CpvCodeDto, CpvQueryDto } from './cpv.dto';

interface CpvRecord {
  code: string;
  label_de: string;
  label_en: string;
  level: string;
  parent_code: string | null;
}

/** the filter uses $1..$k (whereParams), the order may add $k+1.. (orderParams) */
interface SearchPlan {
  where: string;
  whereParams: unknown[];
  order: string;
  orderParams: unknown[];
}

const COLUMNS = `c.code, c.label_de, c.label_en, c.level, c.parent_code`;

function toDto(r: CpvRecord): CpvCodeDto {
  return { code: r.code, labelDe: r.label_de, labelEn: r.label_en, level: r.level, parentCode: r.parent_code };
}

@Injectable()
export class CpvService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Divisions without a search; a code or prefix gives the exact code, then the codes below
   * it; words give label matches (every word in the German or English label), ranked.
   * Only when no label contains the words does a fuzzy (trigram) search run, for typos:
   * it is the expensive part, and it only adds noise when there are real matches.
   */
  async search(query: CpvQueryDto): Promise<Page<CpvCodeDto>> {
    const request = pageRequest(query);
    const search = query.search;
    if (!search)
      return this.page(request, { where: `c.level = 'division'`, whereParams: [], order: 'c.code', orderParams: [] });
    const code = cpvCodeSearch(search);
    if (code) {
      return this.page(request, {
        where: `c.digits LIKE $1`,
        whereParams: [`${code.prefix}%`],
        order: `(c.digits = $2) DESC, c.digits`,
        orderParams: [code.exactDigits],
      });
    }
    const p = textSearchParams(search);
    const plan = (fuzzy: boolean): SearchPlan => {
      const whereParams: unknown[] = [];
      const orderParams: unknown[] = [];
      const where = (v: unknown) => `$${whereParams.push(v)}`;
      // the order's parameters come after the filter's, which the count uses alone
      const order = (v: unknown) => `$${whereParams.length + orderParams.push(v)}`;
      let filter: string;
      if (fuzzy) {
        const typed = where(p.phrase);
        filter = `(${typed} <% c.label_de OR ${typed} <% c.label_en)`;
      } else {
        filter = `(c.label_de || ' ' || c.label_en) ILIKE ALL (${where(p.termsContain)}::text[])`;
      }
      const phrase = order(p.phrase);
      const contains = order(p.phraseContains);
      const wordStart = order(p.phraseWordStart);
      return {
        where: filter,
        whereParams,
        order: `CASE
            WHEN lower(c.label_de) = ${phrase} OR lower(c.label_en) = ${phrase} THEN 0
            WHEN c.label_de ~* ${wordStart} OR c.label_en ~* ${wordStart} THEN 1
            WHEN (c.label_de || ' ' || c.label_en) ~* ALL (${order(p.termsWordStart)}::text[]) THEN 2
            WHEN c.label_de ILIKE ${contains} OR c.label_en ILIKE ${contains} THEN 3
            ELSE 4
          END,
          greatest(similarity(c.label_de, ${phrase}), similarity(c.label_en, ${phrase})) DESC,
          greatest(word_similarity(${phrase}, c.label_de), word_similarity(${phrase}, c.label_en)) DESC,
          c.digits`,
        orderParams,
      };
    };
    const strict = await this.page(request, plan(false));
    if (strict.total > 0) return strict;
    // The planner prices trigram similarity like any cheap operator and so prefers a
    // sequential scan, which computes it for every label (~100 ms); the trigram indexes
    // answer the same in a few ms. So this one read-only statement pair runs without
    // sequential scans (SET LOCAL: the setting ends with the transaction).
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
      return this.page(request, plan(true), manager, true);
    });
  }

  /** `sequential` for one connection (a transaction), which runs one statement at a time */
  private page(
    request: PageRequest,
    plan: SearchPlan,
    db: Queryable = this.dataSource,
    sequential = false,
  ): Promise<Page<CpvCodeDto>> {
    const { where, whereParams, order, orderParams } = plan;
    return queryPage(
      db,
      request,
      {
        select: `SELECT ${COLUMNS} FROM cpv_codes c`,
        countFrom: 'cpv_codes c',
        where,
        whereParams,
        orderBy: order,
        orderParams,
      },
      toDto,
      { sequential },
    );
  }

  /** one code with its ancestors (division first) and its direct children */
  async get(input: string): Promise<CpvCodeDetailDto> {
    const parsed = parseCpvCode(input);
    if (!parsed) {
      throw new ValidationException(
        [{ field: 'code', reason: 'must be a CPV code: 8 digits with an optional check digit, e.g. 31440000-2' }],
        'The CPV code is malformed',
      );
    }
    const [row] = await this.dataSource.query<CpvRecord[]>(`SELECT ${COLUMNS} FROM cpv_codes c WHERE c.digits = $1`, [
      parsed.digits,
    ]);
    if (!row) throw new NotFoundException('CPV code', input.trim());
    if (parsed.checkDigit !== undefined && row.code !== `${parsed.digits}-${parsed.checkDigit}`) {
      throw new ValidationException(
        [{ field: 'code', reason: `the check digit is wrong: the code is ${row.code}` }],
        'The CPV code is malformed',
      );
    }
    const [path, children] = await Promise.all([
      this.dataSource.query<Array<CpvRecord & { depth: number }>>(
        `WITH RECURSIVE up AS (
           SELECT ${COLUMNS}, 1 AS depth FROM cpv_codes c WHERE c.code = $1
           UNION ALL
           SELECT ${COLUMNS}, up.depth + 1 FROM cpv_codes c JOIN up ON c.code = up.parent_code WHERE up.depth < 10
         )
         SELECT * FROM up ORDER BY depth DESC`,
        [row.parent_code],
      ),
      this.dataSource.query<CpvRecord[]>(
        `SELECT ${COLUMNS} FROM cpv_codes c WHERE c.parent_code = $1 ORDER BY c.code`,
        [row.code],
      ),
    ]);
    return { ...toDto(row), path: path.map(toDto), children: children.map(toDto) };
  }
}
