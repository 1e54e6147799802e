import { EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { queryRows } from '@buendel/persistence';
import { demandReferenceProblems, OrganisationPlaces, resolveDemand, ResolvedDemand } from '../demand-fields';
import { ImportRun, PendingRow } from './import-run';

/**
 * Checks a batch of rows against the reference data and stores its valid rows in one
 * statement, inside the import's transaction (nothing is visible before the import commits).
 * A repeated row key updates its demand, unless the demand is bound in a bundle.
 */
export async function storeBatch(
  manager: EntityManager,
  audit: AuditLog,
  user: AuthUser,
  places: OrganisationPlaces,
  batch: PendingRow[],
  run: ImportRun,
): Promise<void> {
  const lookups = await run.lookups.for(
    manager,
    batch.map((b) => b.dto),
    places.ags ? [places.ags] : [],
  );
  const valid: Array<{ row: number; key: string; demand: ResolvedDemand }> = [];
  for (const item of batch) {
    if (item.refused) {
      const skip = new Set(item.refused.map((e) => e.field));
      [...item.refused, ...demandReferenceProblems(item.dto, lookups, places, skip)].forEach((e) =>
        run.rejectField(item.row, e),
      );
      continue;
    }
    const { demand, errors } = resolveDemand(item.dto, lookups, places);
    errors.forEach((e) => run.rejectField(item.row, e));
    if (demand) valid.push({ row: item.row, key: item.key, demand });
  }
  if (valid.length === 0 || run.dryRun) {
    if (run.dryRun) run.report.created += valid.length;
    return;
  }
  const d = valid.map((v) => v.demand);
  const written = await queryRows<{ id: string; import_key: string; inserted: boolean }>(
    manager,
    `INSERT INTO demands (organisation_id, created_by, import_key, cpv_code, title, description, quantity, unit,
       unit_price_eur, estimated_value_cents, delivery_from, delivery_to, delivery_ags, district_key, criteria, status,
       specification_key, specification_text)
     SELECT $1, $2, k, c, t, ds, q, u, p, v, f, tt, a, dk,
            CASE WHEN cr = '' THEN '{}'::text[] ELSE string_to_array(cr, ',') END, s, sk, st
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::text[], $9::numeric[], $10::bigint[],
                 $11::date[], $12::date[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])
       AS r(k, c, t, ds, q, u, p, v, f, tt, a, dk, cr, s, sk, st)
     ON CONFLICT (organisation_id, import_key) WHERE import_key IS NOT NULL DO UPDATE SET
       cpv_code = EXCLUDED.cpv_code, title = EXCLUDED.title, description = EXCLUDED.description,
       quantity = EXCLUDED.quantity, unit = EXCLUDED.unit, unit_price_eur = EXCLUDED.unit_price_eur,
       estimated_value_cents = EXCLUDED.estimated_value_cents, delivery_from = EXCLUDED.delivery_from,
       delivery_to = EXCLUDED.delivery_to, delivery_ags = EXCLUDED.delivery_ags, district_key = EXCLUDED.district_key,
       criteria = EXCLUDED.criteria, status = EXCLUDED.status, specification_key = EXCLUDED.specification_key,
       specification_text = EXCLUDED.specification_text, updated_at = now()
     WHERE demands.status IN ('draft', 'open')
       AND (demands.cpv_code, demands.title, demands.description, demands.quantity, demands.unit, demands.unit_price_eur,
            demands.delivery_from, demands.delivery_to, demands.delivery_ags, demands.criteria, demands.status,
            demands.specification_key, demands.specification_text)
           IS DISTINCT FROM
           (EXCLUDED.cpv_code, EXCLUDED.title, EXCLUDED.description, EXCLUDED.quantity, EXCLUDED.unit, EXCLUDED.unit_price_eur,
            EXCLUDED.delivery_from, EXCLUDED.delivery_to, EXCLUDED.delivery_ags, EXCLUDED.criteria, EXCLUDED.status,
            EXCLUDED.specification_key, EXCLUDED.specification_text)
     RETURNING id, import_key, (xmax = 0) AS inserted`,
    [
      user.organisationId,
      user.id,
      valid.map((v) => v.key),
      d.map((x) => x.cpvCode),
      d.map((x) => x.title),
      d.map((x) => x.description),
      d.map((x) => x.quantity),
      d.map((x) => x.unit),
      d.map((x) => x.unitPriceEur),
      d.map((x) => x.estimatedValueCents),
      d.map((x) => x.deliveryFrom),
      d.map((x) => x.deliveryTo),
      d.map((x) => x.deliveryAgs),
      d.map((x) => x.districtKey),
      d.map((x) => x.criteria.join(',')),
      d.map((x) => x.status),
      d.map((x) => x.specificationKey),
      d.map((x) => x.specificationText),
    ],
  );
  const created = written.filter((w) => w.inserted);
  const updated = written.filter((w) => !w.inserted);
  run.report.created += created.length;
  run.report.updated += updated.length;
  // the rest existed already: unchanged, or bound to a bundle and therefore left alone
  const writtenKeys = new Set(written.map((w) => w.import_key));
  const untouched = valid.filter((v) => !writtenKeys.has(v.key));
  if (untouched.length) {
    const states = await manager.query<Array<{ import_key: string; status: string }>>(
      `SELECT import_key, status FROM demands WHERE organisation_id = $1 AND import_key = ANY($2::text[])`,
      [user.organisationId, untouched.map((u) => u.key)],
    );
    const statusOf = new Map(states.map((s) => [s.import_key, s.status]));
    for (const u of untouched) {
      const status = statusOf.get(u.key);
      if (status === 'draft' || status === 'open') run.report.unchanged++;
      else
        run.reject(
          u.row,
          'rowKey',
          `its demand is ${status}; an import does not change it (use PATCH /demands/{id})`,
          run.header?.columnOf.rowKey,
        );
    }
  }
  await audit.record(manager, {
    action: 'demand.imported',
    entityType: 'demand-import',
    entityId: run.report.importId,
    data: { created: created.map((w) => w.id), updated: updated.map((w) => w.id) },
  });
}
