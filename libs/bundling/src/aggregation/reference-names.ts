import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** how long a process trusts the names it read (reference data changes with releases only) */
const CACHE_MS = 10 * 60_000;

/**
 * German CPV labels and district names for lot titles, read once per process and kept for
 * a while: the aggregation job needs them for every bundle and must not query them each time.
 */
@Injectable()
export class ReferenceNames {
  private cache?: { at: number; cpv: Map<string, string>; districts: Map<string, string> };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `districtKeys`: the districts the caller will name; one the cache does not know (an
   * organisation created since the cache was read) is looked up at once, so that a process
   * that has run for a while names a new district as one that starts now.
   */
  async load(districtKeys: Iterable<string> = []): Promise<{
    cpvLabel: (code: string) => string | undefined;
    districtLabel: (key: string) => string | undefined;
  }> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const [cpv, districts] = await Promise.all([
        this.dataSource.query<Array<{ code: string; label_de: string }>>(`SELECT code, label_de FROM cpv_codes`),
        this.dataSource.query<Array<{ district_key: string; name: string }>>(
          `SELECT DISTINCT ON (district_key) district_key, name FROM organisations
           WHERE type IN ('district', 'city') AND district_key IS NOT NULL ORDER BY district_key, type DESC, name`,
        ),
      ]);
      this.cache = {
        at: Date.now(),
        cpv: new Map(cpv.map((r) => [r.code, r.label_de])),
        districts: new Map(districts.map((r) => [r.district_key, r.name])),
      };
    }
    const { cpv, districts } = this.cache;
    const missing = [...new Set(districtKeys)].filter((k) => !districts.has(k));
    if (missing.length > 0) {
      const found = await this.dataSource.query<Array<{ district_key: string; name: string }>>(
        `SELECT DISTINCT ON (district_key) district_key, name FROM organisations
         WHERE type IN ('district', 'city') AND district_key = ANY($1::text[]) ORDER BY district_key, type DESC, name`,
        [missing],
      );
      for (const r of found) districts.set(r.district_key, r.name);
    }
    return { cpvLabel: (code) => cpv.get(code), districtLabel: (key) => districts.get(key) };
  }
}
