import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { configTablesDir } from '@buendel/config';
import {
  berlinDate,
  centsToEur,
  NoThresholdError,
  parseThresholds,
  procedureRegime,
  ProcedureRegime,
  Threshold,
  ThresholdCategory,
} from '@buendel/domain';
import { StartupTask, StartupTaskHandler } from '@buendel/persistence';
import { JobName, jobIdOf, MAX_BUNDLE_BATCH, OutboxWriter } from '@buendel/queue';
import { CatalogueRepository } from './catalogue.repository';

export interface Regime extends ProcedureRegime {
  /** the day whose threshold applies: the opt-in deadline, when the joint procedure is prepared */
  referenceDate: string;
  /** true when no threshold covers the reference date and the latest known one stands in */
  provisional: boolean;
}

/**
 * The EU thresholds table (eu_thresholds), filled from config/thresholds.json at start,
 * and the procedure regime it decides.
 */
@Injectable()
export class ThresholdsService {
  /** the table as this process read it last, with its version */
  private last?: { version: string; thresholds: Threshold[] };

  constructor(private readonly repo: CatalogueRepository) {}

  /** the table as it is now (no cache: a changed table must count at once; callers load it once per pass) */
  async thresholds(): Promise<Threshold[]> {
    const { version, rows } = await this.repo.thresholds();
    const thresholds = rows.map((r) => ({
      category: r.category,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      thresholdEur: centsToEur(Number(r.threshold_cents)),
      legalBasis: r.legal_basis,
    }));
    this.last = { version, thresholds };
    return thresholds;
  }

  /**
   * The table of the version a statement of the caller read (THRESHOLDS_VERSION_SQL): the copy
   * read last when it is of that version, without a statement of its own; else the table as it
   * is now. A changed table still counts at once: its version is another.
   */
  async thresholdsOf(version: string): Promise<Threshold[]> {
    if (this.last?.version === version) return this.last.thresholds;
    return this.thresholds();
  }

  /**
   * EU-wide at or above the threshold in force on the reference date (§ 3 Abs. 3 VgV: the
   * day the procedure starts; for a bundle, its opt-in deadline), national below. When the
   * table has no period for that date (say, a deadline beyond the configured years), the
   * latest period of the category stands in and the regime says it is provisional.
   */
  async regime(valueCents: number, category: ThresholdCategory, on: Date, loaded?: Threshold[]): Promise<Regime> {
    const thresholds = loaded ?? (await this.thresholds());
    const referenceDate = berlinDate(on);
    try {
      return {
        ...procedureRegime({ estimatedValueCents: valueCents, category, on: referenceDate, thresholds }),
        referenceDate,
        provisional: false,
      };
    } catch (e) {
      if (!(e instanceof NoThresholdError)) throw e;
      const latest = thresholds.filter((t) => t.category === category).at(-1);
      if (!latest) throw e;
      return {
        ...procedureRegime({ estimatedValueCents: valueCents, category, on: latest.validFrom, thresholds }),
        referenceDate,
        provisional: true,
      };
    }
  }
}

/** Loads config/thresholds.json into eu_thresholds at start (replacing what differs). */
@Injectable()
@StartupTask('EU thresholds', 15)
export class ThresholdsTask implements StartupTaskHandler {
  private readonly logger = new Logger('Thresholds');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: CatalogueRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async run(): Promise<void> {
    const file = path.join(configTablesDir(), 'thresholds.json');
    const thresholds = parseThresholds(await readFile(file, 'utf8'));
    const changed = await this.dataSource.transaction(async (manager) => {
      if (await this.repo.thresholdsEqual(manager, thresholds)) return false;
      await this.repo.replaceThresholds(manager, thresholds);
      // every open or closed bundle's regime follows the new table, in set-based batches
      const ids = await this.repo.bundlesFollowingThresholds(manager);
      for (let i = 0; i < ids.length; i += MAX_BUNDLE_BATCH) {
        const bundleIds = ids.slice(i, i + MAX_BUNDLE_BATCH);
        await this.outbox.add(manager, {
          name: JobName.BundlesAggregateBatch,
          payload: { bundleIds },
          jobId: jobIdOf(
            JobName.BundlesAggregateBatch,
            'thresholds',
            createHash('sha256')
              .update(JSON.stringify([thresholds, bundleIds]))
              .digest('hex')
              .slice(0, 24),
          ),
        });
      }
      return true;
    });
    if (changed) this.logger.log(`${thresholds.length} threshold periods loaded from ${file}`);
  }
}
