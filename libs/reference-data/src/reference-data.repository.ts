import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page, PageRequest } from '@buendel/http';
import { OrganisationType, Queryable, queryPage } from '@buendel/persistence';
import { escapeLike, foldGermanSql, TextSearchParams } from './common/search-text';

export interface CpvRecord {
  code: string;
  label_de: string;
  label_en: string;
  level: string;
  parent_code: string | null;
}

/** what the CPV list looks for: the divisions, the codes under a prefix, or label words */
export type CpvSearch =
  | { kind: 'divisions' }
  | { kind: 'code'; prefix: string; exactDigits: string }
  /** `fuzzy`: trigram similarity instead of every word, for typos */
  | { kind: 'words'; text: TextSearchParams; fuzzy: boolean };

export interface UnitRecord {
  code: string;
  name_en: string;
  name_de: string | null;
  symbol: string | null;
  status: string;
  is_common: boolean;
}

export interface UnitFilter {
  /** undefined: every status */
  status?: string;
  common?: boolean;
  /** the unit code a German word or abbreviation stands for ("Stk." -> H87), with the typed words */
  search?: { text: TextSearchParams; unitCode: string | null };
}

export interface OrganisationRecord {
  id: string;
  type: OrganisationType;
  name: string;
  ags: string | null;
  district_key: string | null;
  nuts3: string | null;
  population: number | null;
  land_key: string | null;
  official_type: string | null;
}

export interface OrganisationFilter {
  types: readonly string[];
  type?: string;
  districtKey?: string;
  /** digits: the start of an AGS or district key */
  keyPrefix?: string;
  /** words of the name (folded); `fuzzy`: trigram similarity instead of every word */
  name?: { text: TextSearchParams; fuzzy: boolean };
}

const CPV_COLUMNS = `c.code, c.label_de, c.label_en, c.level, c.parent_code`;

/** districts before cities before municipalities: the order a district's listing reads best in */
const TYPE_ORDER = `array_position(ARRAY['district','city','central_purchasing_body','municipality','supplier']::text[], o.type)`;

/** the name, lower case, umlauts spelled out */
const NAME = foldGermanSql('o.name');

/**
 * The statements of the reference data's look-ups (CPV codes, units, the directory of public
 * bodies), one named method each (TypeORM's query runner with plain SQL). The loader that
 * writes the data keeps its bulk statements (reference-data.loader.ts).
 */
@Injectable()
export class ReferenceDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** a page of CPV codes: divisions by code; a code's subtree, the code first; label matches ranked */
  cpvPage<T>(search: CpvSearch, request: PageRequest, toItem: (r: CpvRecord) => T): Promise<Page<T>> {
    if (search.kind === 'words' && search.fuzzy) {
      // The planner prices trigram similarity like any cheap operator and so prefers a
      // sequential scan, which computes it for every label (~100 ms); the trigram indexes
      // answer the same in a few ms. So this one read-only statement pair runs without
      // sequential scans (SET LOCAL: the setting ends with the transaction).
      return this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
        return this.cpvPageOn(manager, search, request, toItem, true);
      });
    }
    return this.cpvPageOn(this.dataSource, search, request, toItem, false);
  }

  private cpvPageOn<T>(
    db: Queryable,
    search: CpvSearch,
    request: PageRequest,
    toItem: (r: CpvRecord) => T,
    sequential: boolean,
  ): Promise<Page<T>> {
    const whereParams: unknown[] = [];
    const orderParams: unknown[] = [];
    const where = (v: unknown) => `$${whereParams.push(v)}`;
    // the order's parameters come after the filter's, which the count uses alone
    const order = (v: unknown) => `$${whereParams.length + orderParams.push(v)}`;
    let filter: string;
    let orderBy: string;
    if (search.kind === 'divisions') {
      filter = `c.level = 'division'`;
      orderBy = 'c.code';
    } else if (search.kind === 'code') {
      filter = `c.digits LIKE ${where(`${search.prefix}%`)}`;
      orderBy = `(c.digits = ${order(search.exactDigits)}) DESC, c.digits`;
    } else {
      const p = search.text;
      if (search.fuzzy) {
        const typed = where(p.phrase);
        filter = `(${typed} <% c.label_de OR ${typed} <% c.label_en)`;
      } else {
        filter = `(c.label_de || ' ' || c.label_en) ILIKE ALL (${where(p.termsContain)}::text[])`;
      }
      const phrase = order(p.phrase);
      const contains = order(p.phraseContains);
      const wordStart = order(p.phraseWordStart);
      orderBy = `CASE
            WHEN lower(c.label_de) = ${phrase} OR lower(c.label_en) = ${phrase} THEN 0
            WHEN c.label_de ~* ${wordStart} OR c.label_en ~* ${wordStart} THEN 1
            WHEN (c.label_de || ' ' || c.label_en) ~* ALL (${order(p.termsWordStart)}::text[]) THEN 2
            WHEN c.label_de ILIKE ${contains} OR c.label_en ILIKE ${contains} THEN 3
            ELSE 4
          END,
          greatest(similarity(c.label_de, ${phrase}), similarity(c.label_en, ${phrase})) DESC,
          greatest(word_similarity(${phrase}, c.label_de), word_similarity(${phrase}, c.label_en)) DESC,
          c.digits`;
    }
    return queryPage(
      db,
      request,
      {
        select: `SELECT ${CPV_COLUMNS} FROM cpv_codes c`,
        countFrom: 'cpv_codes c',
        where: filter,
        whereParams,
        orderBy,
        orderParams,
      },
      toItem,
      { sequential },
    );
  }

  /** the CPV code of these 8 digits */
  async cpvByDigits(digits: string): Promise<CpvRecord | undefined> {
    const [row] = await this.dataSource.query<CpvRecord[]>(
      `SELECT ${CPV_COLUMNS} FROM cpv_codes c WHERE c.digits = $1`,
      [digits],
    );
    return row;
  }

  /** a code and its ancestors, the division first (at most ten levels) */
  cpvAncestry(code: string | null): Promise<CpvRecord[]> {
    return this.dataSource.query<CpvRecord[]>(
      `WITH RECURSIVE up AS (
         SELECT ${CPV_COLUMNS}, 1 AS depth FROM cpv_codes c WHERE c.code = $1
         UNION ALL
         SELECT ${CPV_COLUMNS}, up.depth + 1 FROM cpv_codes c JOIN up ON c.code = up.parent_code WHERE up.depth < 10
       )
       SELECT code, label_de, label_en, level, parent_code FROM up ORDER BY depth DESC`,
      [code],
    );
  }

  /** the direct children of a code, by code */
  cpvChildren(code: string): Promise<CpvRecord[]> {
    return this.dataSource.query<CpvRecord[]>(
      `SELECT ${CPV_COLUMNS} FROM cpv_codes c WHERE c.parent_code = $1 ORDER BY c.code`,
      [code],
    );
  }

  /** a page of units: the one a German word stands for first, then code, symbol and name matches; common ones first */
  unitsPage<T>(filter: UnitFilter, request: PageRequest, toItem: (r: UnitRecord) => T): Promise<Page<T>> {
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    const conditions: string[] = [];
    if (filter.status !== undefined) conditions.push(`u.status = ${param(filter.status)}`);
    if (filter.common !== undefined) conditions.push(`u.is_common = ${param(filter.common)}`);
    let order = () => `u.is_common DESC, u.code`;
    if (filter.search) {
      const p = filter.search.text;
      const phrase = param(p.phrase);
      const codePrefix = param(`${escapeLike(p.phrase)}%`);
      const contains = param(p.phraseContains);
      const word = param(filter.search.unitCode);
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
      toItem,
    );
  }

  /**
   * A page of the directory: by type (districts first), name and id; a key search by AGS;
   * a name search ranked exact, prefix, word start, every word, contained, then by similarity.
   */
  organisationsPage<T>(
    filter: OrganisationFilter,
    request: PageRequest,
    toItem: (r: OrganisationRecord) => T,
  ): Promise<Page<T>> {
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    const conditions = [`o.type = ANY(${param(filter.types)}::text[])`];
    if (filter.type) conditions.push(`o.type = ${param(filter.type)}`);
    if (filter.districtKey) conditions.push(`o.district_key = ${param(filter.districtKey)}`);
    let order = () => `${TYPE_ORDER}, o.name, o.id`;
    if (filter.keyPrefix) {
      const prefix = param(`${filter.keyPrefix}%`);
      conditions.push(`(o.ags LIKE ${prefix} OR o.district_key LIKE ${prefix})`);
      order = () => `${TYPE_ORDER}, o.ags NULLS FIRST, o.name, o.id`;
    } else if (filter.name) {
      const p = filter.name.text;
      conditions.push(
        filter.name.fuzzy ? `${param(p.phrase)} <% ${NAME}` : `${NAME} LIKE ALL (${param(p.termsContain)}::text[])`,
      );
      // "Zwickau" is exact for "Landkreis Zwickau" and for "Stadt Zwickau": the name without its kind
      order = () => {
        const phrase = param(p.phrase);
        return `CASE
          WHEN ${NAME} = ${phrase} OR ${foldGermanSql(`regexp_replace(o.name, '^[^ ]+ ', '')`)} = ${phrase} THEN 0
          WHEN ${NAME} LIKE ${param(p.phrasePrefix)} THEN 1
          WHEN ${NAME} ~ ${param(p.phraseWordStart)} THEN 2
          WHEN ${NAME} ~ ALL (${param(p.termsWordStart)}::text[]) THEN 3
          WHEN ${NAME} LIKE ${param(p.phraseContains)} THEN 4
          ELSE 5
        END,
        similarity(${NAME}, ${phrase}) DESC, ${TYPE_ORDER}, o.population DESC NULLS LAST, o.name, o.id`;
      };
    }
    const where = conditions.join(' AND ');
    const whereParams = [...params];
    const orderBy = order();
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT o.id, o.type, o.name, o.ags, o.district_key, o.nuts3, o.population, o.land_key, o.official_type
                 FROM organisations o`,
        countFrom: 'organisations o',
        where,
        whereParams,
        orderBy,
        orderParams: params.slice(whereParams.length),
      },
      toItem,
    );
  }
}
