import { EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { demandStatusLabel } from '@buendel/domain';
import { DemandsRepository } from '../demands.repository';
import { demandReferenceProblems, OrganisationPlaces, resolveDemand, ResolvedDemand } from '../demand-fields';
import { ImportRun, PendingRow } from './import-run';

/**
 * Checks a batch of rows against the reference data and stores its valid rows in one
 * statement, inside the import's transaction (nothing is visible before the import commits).
 * A repeated row key updates its demand, unless the demand is bound in a bundle.
 */
export async function storeBatch(
  manager: EntityManager,
  demands: DemandsRepository,
  audit: AuditLog,
  user: AuthUser,
  places: OrganisationPlaces,
  batch: PendingRow[],
  run: ImportRun,
): Promise<void> {
  const lookups = await run.lookups.for(
    demands,
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
  const written = await demands.upsertImported(manager, user.organisationId, user.id, valid);
  const created = written.filter((w) => w.inserted);
  const updated = written.filter((w) => !w.inserted);
  run.report.created += created.length;
  run.report.updated += updated.length;
  // the rest existed already: unchanged, or bound to a bundle and therefore left alone
  const writtenKeys = new Set(written.map((w) => w.import_key));
  const untouched = valid.filter((v) => !writtenKeys.has(v.key));
  if (untouched.length) {
    const statusOf = await demands.statusesByImportKey(
      manager,
      user.organisationId,
      untouched.map((u) => u.key),
    );
    for (const u of untouched) {
      const status = statusOf.get(u.key);
      if (status === 'draft' || status === 'open') run.report.unchanged++;
      else
        run.reject(
          u.row,
          'rowKey',
          `its demand is ${status}; an import does not change it (use PATCH /demands/{id})`,
          run.header?.columnOf.rowKey,
          `sein Bedarf ist ${demandStatusLabel(status ?? '')}; ein Import ändert ihn nicht (bitte den Bedarf selbst bearbeiten)`,
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
