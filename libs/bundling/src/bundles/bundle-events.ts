import { Injectable, Logger } from '@nestjs/common';
import { BundleStatus } from '@buendel/domain';
import { LiveEvents } from '@buendel/queue';
import { AggregateColumns, toAggregateDto } from './bundle.view';
import { BundleEventDto } from './http/dto/bundle.dto';

/** a stored aggregate as the aggregation's statement returns it, with its bundle's status */
export interface StoredAggregateRow extends AggregateColumns {
  bundle_id: string;
  status: BundleStatus;
}

export function bundleTopic(bundleId: string): string {
  return `bundle:${bundleId}`;
}

/**
 * A bundle's aggregate changed: the worker publishes the new one after storing it, and the
 * API instances pass it on to the bundle's open event streams (through Redis pub/sub, so it
 * reaches the streams of every instance).
 */
@Injectable()
export class BundleEvents {
  private readonly logger = new Logger('BundleEvents');

  constructor(private readonly live: LiveEvents) {}

  /**
   * Publishes the stored aggregates. Never fails the aggregation: the aggregate is stored
   * and GET shows it; without Redis the open pages only miss the push (they reconnect and
   * read the current state).
   */
  async aggregatesStored(rows: readonly StoredAggregateRow[]): Promise<void> {
    try {
      await this.live.publishMany(rows.map((row) => ({ topic: bundleTopic(row.bundle_id), payload: eventOf(row) })));
    } catch (e) {
      this.logger.warn(
        `live events of ${rows.length} aggregates not published: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  subscribe(bundleId: string, listener: (event: BundleEventDto) => void): Promise<() => void> {
    return this.live.subscribe(bundleTopic(bundleId), (payload) => listener(payload as BundleEventDto));
  }
}

function eventOf(row: StoredAggregateRow): BundleEventDto {
  return { bundleId: row.bundle_id, status: row.status, aggregate: toAggregateDto(row) };
}
