import { EntityManager } from 'typeorm';
import { DemandLookups, loadDemandLookups } from '../demand-fields';
import { DemandsRepository } from '../demands.repository';
import { CreateDemandDto } from '../http/dto/demand.dto';

/**
 * The reference look-ups of one import, remembered from batch to batch: a file names the same
 * CPV codes, units, criteria and places over and over, so after the first batches hardly any
 * batch needs a query (the import runs in one transaction, so the answers cannot change under it).
 */
export class ImportLookups {
  private readonly cpv = new Map<string, string | undefined>();
  private readonly units = new Map<string, string | undefined>();
  private readonly criteria = new Map<string, boolean>();
  private readonly ags = new Map<string, boolean>();

  async for(
    repository: DemandsRepository,
    manager: EntityManager,
    demands: ReadonlyArray<Partial<CreateDemandDto>>,
    extraAgs: string[],
  ): Promise<DemandLookups> {
    const wanted: Array<Partial<CreateDemandDto>> = [];
    const ask = <T>(
      known: Map<string, T>,
      value: string | undefined,
      make: (v: string) => Partial<CreateDemandDto>,
    ) => {
      if (value === undefined || known.has(value)) return;
      known.set(value, undefined as T); // asked once, answered below
      wanted.push(make(value));
    };
    for (const d of demands) {
      ask(this.cpv, typeof d.cpvCode === 'string' ? d.cpvCode.slice(0, 8) : undefined, (v) => ({ cpvCode: v }));
      ask(this.units, typeof d.unit === 'string' ? d.unit : undefined, (v) => ({ unit: v }));
      if (Array.isArray(d.criteria)) for (const c of d.criteria) ask(this.criteria, c, (v) => ({ criteria: [v] }));
      ask(this.ags, typeof d.deliveryAgs === 'string' ? d.deliveryAgs : undefined, (v) => ({ deliveryAgs: v }));
    }
    for (const a of extraAgs) ask(this.ags, a, (v) => ({ deliveryAgs: v }));
    if (wanted.length) {
      const fresh = await loadDemandLookups(repository, manager, wanted);
      for (const w of wanted) {
        if (w.cpvCode !== undefined) this.cpv.set(w.cpvCode, fresh.cpvCodeOf(w.cpvCode));
        if (w.unit !== undefined) this.units.set(w.unit, fresh.unitStatus(w.unit));
        const criterion = w.criteria?.[0];
        if (criterion !== undefined) this.criteria.set(criterion, fresh.hasCriterion(criterion));
        if (w.deliveryAgs !== undefined) this.ags.set(w.deliveryAgs, fresh.hasAgs(w.deliveryAgs));
      }
    }
    return {
      cpvCodeOf: (d) => this.cpv.get(d),
      unitStatus: (c) => this.units.get(c),
      hasCriterion: (c) => this.criteria.get(c) ?? false,
      hasAgs: (a) => this.ags.get(a) ?? false,
    };
  }
}
