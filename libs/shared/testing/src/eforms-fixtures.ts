import { DataSource } from 'typeorm';
import { TestApp } from './test-app';

/**
 * Gives test organisations what an eForms notice names of them, directly in the database:
 * an address, the NUTS-3 region `DED45` (Landkreis Zwickau) and the Land Sachsen (whose review
 * body config/review-bodies.json has), a contact point with e-mail and telephone, and for
 * suppliers a USt-IdNr. and a company size. The test regions' reference keys start with 9 and have none.
 */
export async function completeNoticeData(t: TestApp, organisationIds: readonly string[]): Promise<void> {
  await t.app.get(DataSource).query(
    `UPDATE organisations SET
       address = jsonb_build_object('street', 'Markt 1', 'postalCode', '08056', 'city', 'Zwickau', 'country', 'DE'),
       nuts3 = 'DED45', land_key = '14', contact_name = 'Vergabestelle',
       contact_email = 'vergabe-' || substr(id::text, 1, 8) || '@example.de', contact_phone = '+49 375 4402-0',
       company_size = CASE WHEN type = 'supplier' THEN 'small' END,
       vat_id = CASE WHEN type = 'supplier' THEN coalesce(vat_id, 'DE' || lpad((abs(hashtext(id::text)) % 1000000000)::text, 9, '0')) END
     WHERE id = ANY($1::uuid[])`,
    [organisationIds],
  );
}
