import { DataSource } from 'typeorm';
import { insertTender } from './bundling-fixtures';
import type { TestApp } from './test-app';

/**
 * A framework agreement in force, inserted directly (no tender, award and standstill to run):
 * one lot with one item (34144900-7, pieces) of `insertTender`, the supplier first-ranked at
 * 10 € a piece, the participant with an estimate of 100 and a maximum of 120 of which 1 is
 * called off by a mini-competition whose deadline is a day away (its offers sealed). With a
 * `secondSupplier`, it is ranked second at 11 € a piece, and the lot allows every call-off method.
 */
export async function insertFrameworkRows(
  t: TestApp,
  orgs: { coordinator: string; participant: string; supplier: string; secondSupplier?: string; title?: string },
): Promise<{ frameworkId: string; callOffId: string; lotId: string; itemId: string }> {
  const db = t.app.get(DataSource);
  const one = async <T>(sql: string, params: unknown[]): Promise<T> => {
    const [row] = await db.query<T[]>(sql, params);
    if (!row) throw new Error(`no row: ${sql.slice(0, 60)}`);
    return row;
  };
  const tenderId = await insertTender(t, orgs.coordinator, orgs.participant);
  const lot = await one<{ id: string }>(`SELECT id FROM tender_lots WHERE tender_id = $1`, [tenderId]);
  const item = await one<{ id: string }>(`SELECT id FROM tender_items WHERE tender_id = $1`, [tenderId]);
  const offer = await one<{ id: string }>(
    `INSERT INTO offers (tender_id, lot_id, supplier_organisation_id, version, ciphertext, iv, auth_tag, key_id, digest, submitted_at)
     VALUES ($1, $2, $3, 1, '\\x00', '\\x00', '\\x00', 'k1', 'd', now()) RETURNING id`,
    [tenderId, lot.id, orgs.supplier],
  );
  const framework = await one<{ id: string; number: string }>(
    `INSERT INTO frameworks (tender_id, number, coordinator_organisation_id, title, term_from, term_to, suppliers_per_lot, concluded_at,
       call_off_count)
     VALUES ($1, 'TEST-' || gen_random_uuid(), $2, $3, current_date, current_date + 700, $4, now(), 1)
     RETURNING id, number`,
    [tenderId, orgs.coordinator, orgs.title ?? 'Testrahmenvereinbarung', orgs.secondSupplier ? 2 : 1],
  );
  await db.query(
    `INSERT INTO framework_suppliers (framework_id, lot_id, supplier_organisation_id, rank, offer_id, prices)
     VALUES ($1, $2, $3, 1, $4, jsonb_build_object($5::text, 10))`,
    [framework.id, lot.id, orgs.supplier, offer.id, item.id],
  );
  if (orgs.secondSupplier) {
    const second = await one<{ id: string }>(
      `INSERT INTO offers (tender_id, lot_id, supplier_organisation_id, version, ciphertext, iv, auth_tag, key_id, digest, submitted_at)
       VALUES ($1, $2, $3, 1, '\\x00', '\\x00', '\\x00', 'k1', 'd', now()) RETURNING id`,
      [tenderId, lot.id, orgs.secondSupplier],
    );
    await db.query(
      `INSERT INTO framework_suppliers (framework_id, lot_id, supplier_organisation_id, rank, offer_id, prices)
       VALUES ($1, $2, $3, 2, $4, jsonb_build_object($5::text, 11))`,
      [framework.id, lot.id, orgs.secondSupplier, second.id, item.id],
    );
  }
  await db.query(
    `INSERT INTO framework_quantities (framework_id, lot_id, item_id, organisation_id, estimated_quantity, maximum_quantity, called_off_quantity)
     VALUES ($1, $2, $3, $4, 100, 120, 1)`,
    [framework.id, lot.id, item.id, orgs.participant],
  );
  const callOff = await one<{ id: string }>(
    `INSERT INTO framework_call_offs (framework_id, lot_id, number, organisation_id, method, status, submission_deadline, created_at)
     VALUES ($1, $2, $3 || '-A0001', $4, 'mini-competition', 'competition', now() + interval '1 day', now()) RETURNING id`,
    [framework.id, lot.id, framework.number, orgs.participant],
  );
  await db.query(`INSERT INTO framework_call_off_items (call_off_id, item_id, quantity) VALUES ($1, $2, 1)`, [
    callOff.id,
    item.id,
  ]);
  return { frameworkId: framework.id, callOffId: callOff.id, lotId: lot.id, itemId: item.id };
}
