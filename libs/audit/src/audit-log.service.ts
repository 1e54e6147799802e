import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEventEntity } from '@buendel/persistence';
import { currentRequestContext, RequestContext } from './request-context';

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
      records.map((r): Partial<AuditEventEntity> => {
        const row = auditRow(r, ctx);
        return {
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          data: row.data,
          actorUserId: row.actor_user_id,
          actorOrganisationId: row.actor_organisation_id,
          requestId: row.request_id,
        };
      }) as Parameters<EntityManager['insert']>[1],
    );
  }

  /**
   * For a change that writes all its rows in one statement (a join, under its bundle's lock):
   * the event as a row of audit_events (the request's actor filled in), to pass as one jsonb
   * parameter to `auditInsertFromJsonb`.
   */
  row(record: AuditRecord): AuditRow {
    return auditRow(record, currentRequestContext());
  }
}

/** an audit event as the columns of audit_events name it */
export interface AuditRow {
  action: string;
  entity_type: string;
  entity_id: string;
  data: Record<string, unknown>;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  request_id: string | null;
}

/**
 * Inserts the AuditRow passed as `param` (a jsonb parameter) if `condition` (an SQL boolean) holds;
 * id and occurred_at take their defaults.
 */
export function auditInsertFromJsonb(param: string, condition = 'true'): string {
  return `INSERT INTO audit_events (action, entity_type, entity_id, data, actor_user_id, actor_organisation_id, request_id)
    SELECT action, entity_type, entity_id, data, actor_user_id, actor_organisation_id, request_id
    FROM jsonb_populate_record(NULL::audit_events, ${param}::jsonb) WHERE ${condition}`;
}

function auditRow(r: AuditRecord, ctx: RequestContext): AuditRow {
  return {
    action: r.action,
    entity_type: r.entityType,
    entity_id: r.entityId,
    data: r.data ?? {},
    actor_user_id: r.actorUserId === undefined ? (ctx.userId ?? null) : r.actorUserId,
    actor_organisation_id: r.actorOrganisationId === undefined ? (ctx.organisationId ?? null) : r.actorOrganisationId,
    request_id: ctx.requestId ?? null,
  };
}
