import { DataSource } from 'typeorm';
import { insertTender } from '@buendel/testing';
import { DEMO, WebApp, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const german = (iso: string) => iso.split('-').reverse().join('.');

/**
 * Issue 17 in the browser: the supplier keeps its evidence in its profile (upload with German
 * reasons beside the fields, the list with validity, evidence about to expire flagged), and the
 * coordinator marks the evidence of an awarded offer checked, doubtful or refused with a note.
 */
describe('evidence in the browser', () => {
  let web: WebApp;
  let expiringId: string;
  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
  });

  it('lets the supplier upload evidence, naming bad fields in German, and flags what expires soon', async () => {
    const page = await web.signedInPage(DEMO.supplier);
    const errors = consoleErrors(page);
    await page.goto('/');
    await page.getByRole('link', { name: 'Nachweise' }).click();
    await page.getByRole('heading', { name: 'Nachweise', exact: true }).waitFor();
    await expectAccessible(page);

    // nothing filled in, no file: every field named, in German
    await page.getByRole('button', { name: 'Nachweis speichern' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Felder.').waitFor();
    expect(await page.getByLabel('Aussteller').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Datei', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.kern-error').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/PDF-, PNG- oder JPEG-Datei/)]),
    );
    await expectAccessible(page);
    await screenshot(page, 'nachweise-fehler');

    await page.getByLabel('Art des Nachweises').selectOption('LKSG_ANNUAL_REPORT');
    await page.getByLabel('Bezeichnung (optional)').fill('LkSG-Bericht 2025');
    await page.getByLabel('Aussteller').fill('Bundesamt für Wirtschaft und Ausfuhrkontrolle');
    await page.getByLabel('Nummer').fill('BAFA-LKSG-2025-00421');
    await page.getByLabel('Gültig ab').fill('2026-01-01');
    await page.getByLabel('Gültig bis (optional)').fill(day(10));
    await page.getByLabel('Datei', { exact: true }).setInputFiles({
      name: 'lksg-bericht.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByRole('button', { name: 'Nachweis speichern' }).click();
    await page.getByText('Der Nachweis ist gespeichert.').waitFor();
    const table = page.getByTestId('nachweise');
    const row = table.getByRole('row').filter({ hasText: 'LkSG-Bericht 2025' });
    await row.waitFor();
    expect(await row.innerText()).toContain(`01.01.2026 – ${german(day(10))}`);
    expect(await row.getByText('läuft bald ab').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'nachweise');
    // the one refused upload above logged its 400; nothing else went wrong
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);

    const [piece] = await web.api.app
      .get(DataSource)
      .query<Array<{ id: string }>>(
        `SELECT id FROM supplier_evidence WHERE number = 'BAFA-LKSG-2025-00421' ORDER BY created_at DESC LIMIT 1`,
      );
    expiringId = piece!.id;
  });

  it('lets the coordinator mark the evidence of an awarded offer as doubtful with a note', async () => {
    const db = web.api.app.get(DataSource);
    const [coordinator] = await db.query<Array<{ organisation_id: string }>>(
      `SELECT organisation_id FROM users WHERE email = $1`,
      [DEMO.coordinator],
    );
    const [supplier] = await db.query<Array<{ organisation_id: string }>>(
      `SELECT organisation_id FROM users WHERE email = $1`,
      [DEMO.supplier],
    );
    // the awarded offer's claims as the award writes them: one on the LkSG report, one self-declared
    const tenderId = await insertTender(web.api, coordinator!.organisation_id);
    const [lot] = await db.query<Array<{ id: string }>>(`SELECT id FROM tender_lots WHERE tender_id = $1`, [tenderId]);
    await db.query(
      `INSERT INTO award_evidence_claims (tender_id, lot_id, offer_id, supplier_organisation_id, code, evidence_id)
       VALUES ($1, $2, gen_random_uuid(), $3, 'LKSG_DUE_DILIGENCE', $4),
              ($1, $2, gen_random_uuid(), $3, 'ENVIRONMENTAL_MANAGEMENT', NULL)`,
      [tenderId, lot!.id, supplier!.organisation_id, expiringId],
    );

    const page = await web.signedInPage(DEMO.coordinator);
    const errors = consoleErrors(page);
    await page.goto(`/vergabe/${tenderId}/nachweise`);
    await page.getByRole('heading', { name: 'Nachweise der bezuschlagten Angebote prüfen' }).waitFor();
    const claims = page.getByTestId('anspruch');
    await claims.getByText('Eigenerklärung (ohne Nachweis)').waitFor();
    expect(await page.getByTestId(`stand-${expiringId}`).innerText()).toBe('nicht geprüft');
    await expectAccessible(page);

    await page.getByRole('radio', { name: 'zweifelhaft' }).check();
    await page.getByLabel('Vermerk').fill('Berichtsnummer beim BAFA nicht auffindbar');
    await page.getByRole('button', { name: /Prüfung speichern/ }).click();
    await page.getByText('Die Prüfung ist gespeichert.').waitFor();
    expect(await page.getByTestId(`stand-${expiringId}`).innerText()).toMatch(/^zweifelhaft/);
    await expectAccessible(page);
    await screenshot(page, 'nachweise-pruefen');

    const [stored] = await db.query<Array<{ verification: string; note: string }>>(
      `SELECT verification, note FROM award_evidence_claims WHERE tender_id = $1 AND evidence_id = $2`,
      [tenderId, expiringId],
    );
    expect(stored).toEqual({ verification: 'doubtful', note: 'Berichtsnummer beim BAFA nicht auffindbar' });
    expect(errors).toEqual([]);
  });
});
