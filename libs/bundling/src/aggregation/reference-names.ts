import { Injectable } from '@nestjs/common';
import { AggregationRepository } from './aggregation.repository';

/** how long a process trusts the names it read (reference data changes with releases only) */
const CACHE_MS = 10 * 60_000;

/**
 * German CPV labels and district names for lot titles, read once per process and kept for
 * a while: the aggregation job needs them for every bundle and must not query them each time.
 */
@Injectable()
export class ReferenceNames {
  private cache?: { at: number; cpv: Map<string, string>; districts: Map<string, string> };

  constructor(private readonly repository: AggregationRepository) {}

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
      const [cpv, districts] = await Promise.all([this.repository.cpvLabels(), this.repository.districtNames()]);
      this.cache = {
        at: Date.now(),
        cpv,
        districts,
      };
    }
    const { cpv, districts } = this.cache;
    const missing = [...new Set(districtKeys)].filter((k) => !districts.has(k));
    if (missing.length > 0) {
      const found = await this.repository.districtNamesOf(missing);
      for (const [key, name] of found) districts.set(key, name);
    }
    return { cpvLabel: (code) => cpv.get(code), districtLabel: (key) => districts.get(key) };
  }
}
