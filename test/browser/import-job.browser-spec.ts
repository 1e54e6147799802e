import { DEMO_LOGINS } from '@buendel/identity';
import { DEMO, WebApp, consoleErrors, expectAccessible, screenshot, startWebApp } from './support/web-app';

/**
 * A large file on the import page: above IMPORT_JOB_BYTES (2,000 bytes here, as in
 * demand-import-jobs.e2e-spec) the API keeps the upload as an import job (202), and the page
 * shows the job's progress bar until its report, then imports the file the same way.
 */
const CALLENBERG = DEMO_LOGINS.find((d) => d.email.startsWith('einkauf@callenberg'))?.email ?? DEMO.buyer;

describe('a large import in the browser', () => {
  let web: WebApp;
  const saved = process.env['IMPORT_JOB_BYTES'];
  beforeAll(async () => {
    process.env['IMPORT_JOB_BYTES'] = '2000';
    web = await startWebApp();
  });
  afterAll(async () => {
    await web.close();
    if (saved === undefined) delete process.env['IMPORT_JOB_BYTES'];
    else process.env['IMPORT_JOB_BYTES'] = saved;
  });

  it('shows the progress of the import job, then its report per row, then imports', async () => {
    // a buyer of its own: the 399 demands stay out of the other browser tests' lists
    const page = await web.signedInPage(CALLENBERG);
    const errors = consoleErrors(page);
    const stamp = Date.now();
    const rows = Array.from(
      { length: 400 },
      (_, i) =>
        `imp-${stamp}-${i};30197630-1;Kopierpapier Los ${i} ${stamp};${i === 199 ? 'viele' : 10 + i};Karton;4,29;01.02.2027;31.03.2027`,
    );
    const csv = `Schlüssel;CPV;Bezeichnung;Menge;Einheit;Einzelpreis;Lieferung ab;Lieferung bis\r\n${rows.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(20_000);

    await page.goto('/bedarfe/import');
    await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles({
      name: 'gross.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    const accepted = page.waitForResponse((r) => r.url().includes('/api/v1/demands/import?') && r.status() === 202);
    const polled = page.waitForResponse((r) => /\/api\/v1\/demands\/imports\/[0-9a-f-]{36}$/.test(r.url()));
    await page.getByRole('button', { name: 'Datei prüfen' }).click();
    await page.getByTestId('import-fortschritt').waitFor({ state: 'attached' });
    await page.locator('progress').waitFor({ state: 'attached' });
    await accepted;
    await polled;
    await page.getByText('Prüfung: 1 von 400 Zeilen sind fehlerhaft').waitFor({ timeout: 30_000 });
    await page
      .getByTestId('import-fehler')
      .getByRole('row')
      .filter({ hasText: 'Menge' })
      .getByRole('cell', { name: '201', exact: true })
      .waitFor();
    await page.getByTestId('import-fehler').getByText('muss eine Zahl mit höchstens 3 Nachkommastellen sein').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'import-gross-pruefung');

    await page.getByRole('button', { name: /Jetzt importieren/ }).click();
    await page.getByText('Import abgeschlossen: 399 angelegt, 0 geändert, 0 unverändert').waitFor({ timeout: 60_000 });
    await screenshot(page, 'import-gross-fertig');
    expect(errors).toEqual([]);
  }, 180_000);
});
