import { createApiApp } from '@buendel/api';
import { createTestApp, createTestRegion, insertSignedInUsers, TestApp } from '@buendel/testing';

/**
 * Field errors carry a stable code and its parameters; with `Accept-Language: de` (the web app
 * sends it) the reasons, the title and the detail are German, the codes stay the same.
 */
describe('problem details in German', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(createApiApp);
  });
  afterAll(async () => {
    await t.close();
  });

  const bad = { email: 'x'.repeat(400), password: '', extra: 1 };

  it('answers English by default, with a code and parameters per field error', async () => {
    const res = await t.http.post('/api/v1/auth/login').send(bad).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'email', reason: expect.stringMatching(/320/), code: 'MAX_LENGTH', params: { max: 320 } },
        { field: 'password', reason: expect.stringMatching(/empty/), code: 'IS_NOT_EMPTY' },
        { field: 'extra', reason: expect.stringMatching(/should not exist/), code: 'UNKNOWN_FIELD' },
      ]),
    );
  });

  it('answers German reasons beside the same codes for Accept-Language: de', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('accept-language', 'de-DE,de;q=0.9,en;q=0.8')
      .send(bad)
      .expect(400);
    expect(res.body).toMatchObject({ title: 'Ungültige Anfrage', detail: 'Die Anfrage enthält ungültige Felder.' });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'email', reason: 'darf höchstens 320 Zeichen lang sein', code: 'MAX_LENGTH', params: { max: 320 } },
        { field: 'password', reason: 'darf nicht leer sein', code: 'IS_NOT_EMPTY' },
        { field: 'extra', reason: 'ist kein bekanntes Feld', code: 'UNKNOWN_FIELD' },
      ]),
    );
    const wrong = await t.http
      .post('/api/v1/auth/login')
      .set('accept-language', 'de')
      .send({ email: 'niemand@e2e.test', password: 'falsch-falsch-1' })
      .expect(401);
    expect(wrong.body).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      detail: 'E-Mail-Adresse oder Passwort ist falsch.',
    });
  });

  it("words a domain refusal's detail in German by its code, the code unchanged", async () => {
    const region = await createTestRegion(t, 1);
    const [buyer] = await insertSignedInUsers(t, region.municipalities, 'buyer');
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const upload = (language: string) =>
      t.http
        .post('/api/v1/demands/import')
        .set(buyer!.auth)
        .set('accept-language', language)
        .set('content-type', 'application/vnd.ms-excel')
        .send(xls)
        .expect(415);
    expect((await upload('en')).body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detail: expect.stringMatching(/^Excel 97-2003 workbooks/),
    });
    expect((await upload('de')).body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      title: 'Format nicht unterstützt',
      detail: 'Dieses Dateiformat wird nicht gelesen; bitte laden Sie CSV oder XLSX hoch.',
    });
  });

  it("gives a field's own German reason to a reader of German, and to no one else as a member of its own", async () => {
    const region = await createTestRegion(t, 1);
    const [buyer] = await insertSignedInUsers(t, region.municipalities, 'buyer');
    const demand = {
      cpvCode: '99999999',
      title: 'Kopierpapier',
      quantity: 10,
      unit: 'XYZ',
      unitPriceEur: 4.5,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-02-01',
    };
    const post = (language: string) =>
      t.http.post('/api/v1/demands').set(buyer!.auth).set('accept-language', language).send(demand).expect(400);
    const reasons = (body: { errors: Array<Record<string, unknown>> }) =>
      Object.fromEntries(body.errors.map((e) => [e['field'], e['reason']]));
    const english = (await post('en')).body;
    expect(reasons(english)).toMatchObject({
      cpvCode: '99999999 is not a CPV 2008 code (GET /cpv?search=)',
      unit: 'XYZ is not a UN/ECE Rec. 20 unit code (GET /units)',
      deliveryTo: 'must not be before deliveryFrom (2027-03-01)',
    });
    const german = (await post('de')).body;
    expect(reasons(german)).toMatchObject({
      cpvCode: '99999999 ist kein CPV-Code (CPV 2008); bitte wählen Sie einen aus der Suche',
      unit: 'XYZ ist keine bekannte Einheit (UN/ECE Rec. 20), zum Beispiel Stück, Liter oder kWh',
      deliveryTo: 'darf nicht vor dem Lieferbeginn (01.03.2027) liegen',
    });
    for (const body of [english, german]) expect(body.errors.every((e: object) => !('de' in e))).toBe(true);
    // each with a stable code, the same in both languages
    const codes = (body: { errors: Array<Record<string, unknown>> }) =>
      Object.fromEntries(body.errors.map((e) => [e['field'], e['code']]));
    for (const body of [english, german]) {
      expect(codes(body)).toMatchObject({
        cpvCode: 'UNKNOWN_CPV_CODE',
        unit: 'UNKNOWN_UNIT',
        deliveryTo: 'DELIVERY_TO_BEFORE_FROM',
      });
    }
  });
  /** a dry-run CSV import read in a language */
  const dryRunImport = (user: { auth: Record<string, string> }, language: string, csv: string) =>
    t.http
      .post('/api/v1/demands/import?dryRun=true')
      .set(user.auth)
      .set('accept-language', language)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(200);

  it("words the demand's place and the import report's rows in German for a reader of German", async () => {
    const region = await createTestRegion(t, 2);
    const [buyer] = await insertSignedInUsers(t, region.municipalities, 'buyer');
    const other = region.municipalities[1]!.ags!;
    const demand = {
      cpvCode: '30197630-1',
      title: 'Kopierpapier',
      quantity: 10,
      unit: 'H87',
      unitPriceEur: 4.5,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-06-01',
      deliveryAgs: other,
    };
    const post = (language: string) =>
      t.http.post('/api/v1/demands').set(buyer!.auth).set('accept-language', language).send(demand).expect(400);
    const place = (body: { errors: Array<{ field: string; reason: string }> }) =>
      body.errors.find((e) => e.field === 'deliveryAgs')?.reason;
    expect(place((await post('en')).body)).toMatch(/^is not a place of your organisation \(allowed: your AGS \d{8}\)$/);
    expect(place((await post('de')).body)).toBe(
      `ist kein Lieferort Ihrer Organisation (erlaubt: Ihr Amtlicher Gemeindeschlüssel ${buyer!.organisation.ags})`,
    );

    const csv = [
      'CPV;Bezeichnung;Menge;Einheit;Einzelpreis (EUR);Lieferung ab;Lieferung bis;Lieferort (AGS)',
      `30197630-1;Kopierpapier;5;Stück;4,50;01.03.2027;01.06.2027;${other}`,
      'Zwischenüberschrift;;;;;;;',
      ';;;;;;;',
      '30197630-1;Kopierpapier;5;Stück;4,50;01.03.2027;01.06.2027;',
    ].join('\r\n');
    const upload = (language: string) => dryRunImport(buyer!, language, csv);
    const english = (await upload('en')).body;
    expect(english.errors).toEqual([
      expect.objectContaining({ row: 2, field: 'deliveryAgs', reason: expect.stringMatching(/^is not a place/) }),
    ]);
    expect(english.skippedRows).toEqual([
      { row: 3, reason: 'only one cell filled: a heading or merged cells' },
      { row: 4, reason: 'empty row' },
    ]);
    const german = (await upload('de')).body;
    expect(german.errors).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'deliveryAgs',
        reason: expect.stringMatching(/^ist kein Lieferort Ihrer Organisation/),
      }),
    ]);
    expect(german.skippedRows).toEqual([
      { row: 3, reason: 'nur eine Zelle gefüllt: eine Überschrift oder verbundene Zellen' },
      { row: 4, reason: 'leere Zeile' },
    ]);
  });
  it('words every refused row of an import in German for a reader of German', async () => {
    const region = await createTestRegion(t, 1);
    const [buyer] = await insertSignedInUsers(t, region.municipalities, 'buyer');
    const csv = [
      'Schlüssel;CPV;Bezeichnung;Menge;Einheit;Einzelpreis (EUR);Lieferung ab;Lieferung bis',
      'A-1;30197630-1;Kopierpapier;5;Stück;4,50;31.02.2027;01.06.2027',
      'A-2;30197630-1;Kopierpapier;5;Stück;4,50;01.03.2027;01.06.2027',
      'A-2;30197630-1;Kopierpapier;5;Stück;4,50;01.03.2027;01.06.2027',
      `${'K'.repeat(201)};30197630-1;Kopierpapier;5;Stück;4,50;01.03.2027;01.06.2027`,
      'A-5;30197630-1;Kopierpapier;5;Stück;4,50;01.03.2301;01.06.2027',
      'A-6;30197630-1;"Kopierpapier;5;Stück;4,50;01.03.2027;01.06.2027',
    ].join('\r\n');
    const upload = (language: string) => dryRunImport(buyer!, language, csv);
    const reasons = (body: { errors: Array<{ row: number; field: string; reason: string }> }) =>
      body.errors.map((e) => `${e.row} ${e.field}: ${e.reason}`);
    const english = reasons((await upload('en')).body);
    const german = reasons((await upload('de')).body);
    expect(english).toEqual(
      expect.arrayContaining([
        '2 deliveryFrom: must be a date such as 01.03.2027 (DD.MM.YYYY) or 2027-03-01',
        '4 rowKey: repeats the row key of line 3',
        '5 rowKey: must be at most 200 characters',
      ]),
    );
    expect(german).toEqual(
      expect.arrayContaining([
        '2 deliveryFrom: muss ein Datum wie 01.03.2027 (TT.MM.JJJJ) sein',
        '4 rowKey: wiederholt den Schlüssel der Zeile 3',
        '5 rowKey: darf höchstens 200 Zeichen lang sein',
        '6 deliveryFrom: muss zwischen 1900 und 2200 liegen',
      ]),
    );
    expect(german.some((r) => r.startsWith('7 row: das Anführungszeichen in Zeile 7'))).toBe(true);
    // no English left for the reader of German
    expect(german.filter((r) => /\b(must|the|line|is|not)\b/.test(r))).toEqual([]);
  });
});
