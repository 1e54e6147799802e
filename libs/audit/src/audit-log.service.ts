import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEventEntity } from '@buendel/persistence';
import { currentRequestContext } from './request-context';

export interface AuditRecord {
  /** dotted verb, e.g. `demand.created`, `bundle.closed` */
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
  /** defaults to the signed-in user of the current request; null for system jobs */
  actorUserId?: string | null;
  actorOrganisationId?: string | null;
}

/**
 * Writes audit events. Always pass the EntityManager of the transaction that makes
 * the change: the event commits or rolls back with it.
 */
@Injectable()
export class AuditLog {
  async record(manager: EntityManager, ...records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const ctx = currentRequestContext();
    await manager.insert(
      AuditEventEntity,
      records.map((r): Partial<AuditEventEntity> => ({
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        data: r.data ?? {},
        actorUserId: r.actorUserId === undefined ? (ctx.userId ?? null) : r.actorUserId,
        actorOrganisationId: r.actorOrganisationId === undefined ? (ctx.organisationId ?? null) : r.actorOrganisationId,
        requestId: ctx.requestId ?? null,
      })) as Parameters<EntityManager['insert']>[1],
    );
  }
}
