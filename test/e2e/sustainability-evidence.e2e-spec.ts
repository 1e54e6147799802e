import { INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  adminToken,
  createTestApp,
  createTestRegion,
  createTestWorker,
  createUserWithRole,
  eventually,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { binaryBody } from '../support/import-files';
import { API, expectProblem, join, recordDemand } from '../support/bundling-api';
import { PDF, uploadEvidence } from '../support/evidence';

/**
 * Issue 17 end to end: an e-vehicle tender with battery criteria that carry values (a carbon
 * footprint scored by the catalogue's rule, a battery warranty as a limit) and LkSG due diligence.
 * One supplier refers to its valid LkSG report and its carbon-footprint declaration; another to an
 * expired ISO 14001 certificate, which is refused with its date. After the award the coordinator
 * verifies the evidence; the report counts only the verified value as sustainable and shows the
 * self-declared value apart, per district, organisation, Land, CPV division and year.
 */

const CAR = '34144900-7';
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const german = (iso: string) => iso.split('-').reverse().join('.');

describe('sustainability with evidence: battery criteria, verification, monitoring', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyers: TestUser[];
  let supplierA: TestUser;
  let supplierB: TestUser;
  let tenderId: string;
  let lot: { id: string; items: Array<{ id: string }> };
  const evidence: Record<string, string> = {};
  let offerA: string;
  let totalEur: number;
  const expiredOn = day(-3);

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp());
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 2);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    supplierA = await createUserWithRole(t, 'supplier');
    supplierB = await createUserWithRole(t, 'supplier');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('lists the battery criteria with their legal dates, scoring rules and the evidence each needs', async () => {
    const res = await t.http.get(`${API}/criteria`).query({ cpv: CAR }).set(region.coordinator.auth).expect(200);
    const byCode = (code: string) => res.body.items.find((c: { code: string }) => c.code === code);
    expect(byCode('BATTERY_RECYCLED_COBALT')).toMatchObject({
      phases: ['specification', 'award', 'performance'],
      parameter: { type: 'percent', better: 'higher', scoring: { rule: 'linear', floor: 0, best: 26 } },
      legalDates: expect.arrayContaining([
        expect.objectContaining({ validFrom: '2031-08-18', validTo: '2036-08-17', value: 16 }),
        expect.objectContaining({ validFrom: '2036-08-18', value: 26 }),
      ]),
      evidenceKinds: ['BATTERY_RECYCLED_CONTENT_DOCUMENTATION', 'BATTERY_PASSPORT'],
    });
    expect(byCode('BATTERY_PASSPORT_ID').legalDates[0].validFrom).toBe('2027-02-18');
    expect(byCode('BATTERY_DUE_DILIGENCE').legalDates[0].validFrom).toBe('2027-08-18');
    expect(byCode('LKSG_DUE_DILIGENCE').evidenceKinds).toEqual([
      'LKSG_ANNUAL_REPORT',
      'LKSG_RISK_ANALYSIS',
      'LKSG_COMPLAINTS_PROCEDURE',
    ]);
    for (const code of [
      'BATTERY_CARBON_FOOTPRINT_CLASS',
      'BATTERY_SOH_DATA_ACCESS',
      'BATTERY_TAKE_BACK',
      'BATTERY_WARRANTY_YEARS',
      'BATTERY_SOH_GUARANTEE_YEARS',
    ])
      expect(byCode(code)).toBeDefined();
  });

  it('keeps the suppliers’ evidence: a valid LkSG report and footprint declaration, an expired certificate', async () => {
    const up = async (user: TestUser, kind: string, validFrom: string, validTo: string) => {
      const res = await uploadEvidence(t, user, {
        kind,
        issuer: 'Prüfstelle',
        number: `${kind}-1`,
        validFrom,
        validTo,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    evidence['lksg'] = await up(supplierA, 'LKSG_ANNUAL_REPORT', '2026-01-01', day(300));
    evidence['footprint'] = await up(supplierA, 'BATTERY_CARBON_FOOTPRINT_DECLARATION', '2026-01-01', day(700));
    evidence['expired'] = await up(supplierB, 'ISO_14001', '2023-01-01', expiredOn);
  });

  it('tenders e-cars with battery criteria that carry values', async () => {
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'E-Autos mit Batteriekriterien',
        cpvPrefix: '3414',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    for (const buyer of buyers) {
      const car = await recordDemand(t, buyer, {
        cpvCode: CAR,
        title: 'E-Kleinwagen',
        quantity: 2,
        unit: 'H87',
        unitPriceEur: 26_000,
        deliveryFrom: '2027-03-01',
        deliveryTo: '2027-09-30',
      });
      expect((await join(t, buyer, bundle.body.id, [car.id])).status).toBe(201);
    }
    await t.http.post(`${API}/bundles/${bundle.body.id}/close`).set(region.coordinator.auth).expect(200);
    const res = await t.http
      .post(`${API}/bundles/${bundle.body.id}/tender`)
      .set(region.coordinator.auth)
      .send({
        submissionDeadline: new Date(Date.now() + 6_000).toISOString(),
        criteria: [
          { code: 'LKSG_DUE_DILIGENCE', phase: 'qualification' },
          { code: 'ENVIRONMENTAL_MANAGEMENT', phase: 'qualification' },
          { code: 'BATTERY_WARRANTY_YEARS', phase: 'specification', value: 8 },
          // no rule of its own: the catalogue's rule scores it
          { code: 'BATTERY_CARBON_FOOTPRINT', phase: 'award', weight: 20 },
        ],
        priceWeight: 80,
      });
    expect(res.status).toBe(201);
    tenderId = res.body.id;
    expect(res.body.regime.scope).toBe('NATIONAL');
    const footprint = res.body.criteria.find((c: { code: string }) => c.code === 'BATTERY_CARBON_FOOTPRINT');
    expect(footprint.rule).toBe(
      'linear: 0 Punkte bei 100 kg CO2e/kWh oder mehr, 20 Punkte bei 50 kg CO2e/kWh oder weniger, dazwischen anteilig',
    );
    lot = res.body.lots[0];
    await t.http.post(`${API}/tenders/${tenderId}/publish`).set(region.coordinator.auth).expect(200);
  });

  it('takes an offer that refers to evidence, and refuses expired evidence with its date', async () => {
    const offer = (unitPriceEur: number, body: Record<string, unknown>) => ({
      lotId: lot.id,
      prices: lot.items.map((i) => ({ itemId: i.id, unitPriceEur })),
      ...body,
    });
    const a = await t.http
      .post(`${API}/tenders/${tenderId}/offers`)
      .set(supplierA.auth)
      .send(
        offer(24_000, {
          criteria: ['LKSG_DUE_DILIGENCE', 'ENVIRONMENTAL_MANAGEMENT'],
          values: [
            { code: 'BATTERY_CARBON_FOOTPRINT', value: 60 },
            { code: 'BATTERY_WARRANTY_YEARS', value: 8 },
          ],
          evidence: [
            { code: 'LKSG_DUE_DILIGENCE', evidenceId: evidence['lksg'] },
            { code: 'BATTERY_CARBON_FOOTPRINT', evidenceId: evidence['footprint'] },
          ],
        }),
      );
    expect(a.status).toBe(201);
    offerA = a.body.id;
    const declared = {
      criteria: ['LKSG_DUE_DILIGENCE', 'ENVIRONMENTAL_MANAGEMENT'],
      values: [
        { code: 'BATTERY_CARBON_FOOTPRINT', value: 90 },
        { code: 'BATTERY_WARRANTY_YEARS', value: 8 },
      ],
    };
    const expired = await t.http
      .post(`${API}/tenders/${tenderId}/offers`)
      .set(supplierB.auth)
      .set('accept-language', 'de')
      .send(
        offer(25_000, {
          ...declared,
          evidence: [
            { code: 'ENVIRONMENTAL_MANAGEMENT', evidenceId: evidence['expired'] },
            // another supplier's evidence is none of B's
            { code: 'LKSG_DUE_DILIGENCE', evidenceId: evidence['lksg'] },
            // a criterion of another lot's or none
            { code: 'BLAUER_ENGEL', evidenceId: evidence['expired'] },
          ],
        }),
      );
    const problems = expectProblem(
      expired,
      400,
      ['evidence.0.evidenceId', 'evidence.1.evidenceId', 'evidence.2.code', 'evidence.2.evidenceId'],
      {
        'evidence.0.evidenceId': new RegExp(`^Der Nachweis ist abgelaufen: gültig bis ${german(expiredOn)}$`),
        'evidence.1.evidenceId': /kein Nachweis Ihres Unternehmens/,
      },
    );
    // each with a code a client can act on
    expect(Object.fromEntries(problems.map((e) => [e.field, e.code]))).toEqual({
      'evidence.0.evidenceId': 'EVIDENCE_EXPIRED',
      'evidence.1.evidenceId': 'NOT_OWN_EVIDENCE',
      'evidence.2.code': 'NOT_A_LOT_CRITERION',
      'evidence.2.evidenceId': 'EVIDENCE_KIND_UNSUITABLE',
    });
    const again = await t.http
      .post(`${API}/tenders/${tenderId}/offers`)
      .set(supplierB.auth)
      .send(
        offer(25_000, {
          ...declared,
          evidence: [{ code: 'ENVIRONMENTAL_MANAGEMENT', evidenceId: evidence['expired'] }],
        }),
      );
    expectProblem(again, 400, ['evidence.0.evidenceId']);
    const malformed = await t.http
      .post(`${API}/tenders/${tenderId}/offers`)
      .set(supplierB.auth)
      .send(offer(25_000, { ...declared, evidence: [{ code: 'lksg', evidenceId: 'not-a-uuid' }] }));
    expectProblem(malformed, 400, ['evidence.0.code', 'evidence.0.evidenceId']);
    // without the expired certificate the criterion stays self-declared
    const b = await t.http.post(`${API}/tenders/${tenderId}/offers`).set(supplierB.auth).send(offer(25_000, declared));
    expect(b.status).toBe(201);
  });

  it('opens the offers with the evidence they refer to, and awards the best', async () => {
    const opened = await eventually(async () => {
      const res = await t.http.get(`${API}/tenders/${tenderId}/offers`).set(region.coordinator.auth);
      return res.status === 200 ? res.body : undefined;
    }, 30_000);
    const offers = opened.lots[0].offers;
    expect(offers[0]).toMatchObject({
      offerId: offerA,
      score: { rank: 1, criteriaBreakdown: { BATTERY_CARBON_FOOTPRINT: 16 } },
      evidence: [
        { code: 'LKSG_DUE_DILIGENCE', evidenceId: evidence['lksg'], kind: 'LKSG_ANNUAL_REPORT' },
        { code: 'BATTERY_CARBON_FOOTPRINT', evidenceId: evidence['footprint'] },
      ],
    });
    expect(offers[1].evidence).toEqual([]);
    const award = await t.http
      .post(`${API}/tenders/${tenderId}/award`)
      .set(region.coordinator.auth)
      .send({ lotId: lot.id, offerId: offerA });
    expect(award.status).toBe(200);
    expect(award.body.tenderStatus).toBe('awarded');
    totalEur = award.body.award.valueEur;
  });

  it('before verification: nothing counts as sustainable, all is self-declared', async () => {
    const claims = await t.http.get(`${API}/tenders/${tenderId}/evidence`).set(region.coordinator.auth).expect(200);
    expect(
      claims.body.items.map((c: { code: string; standing: string; evidence: { verification: string } | null }) => [
        c.code,
        c.standing,
        c.evidence?.verification ?? null,
      ]),
    ).toEqual([
      ['BATTERY_CARBON_FOOTPRINT', 'self-declared', 'pending'],
      ['BATTERY_WARRANTY_YEARS', 'self-declared', null],
      ['ENVIRONMENTAL_MANAGEMENT', 'self-declared', null],
      ['LKSG_DUE_DILIGENCE', 'self-declared', 'pending'],
    ]);
    const report = await t.http
      .get(`${API}/reports/sustainability`)
      .query({ districtKey: region.districtKey })
      .set(region.coordinator.auth)
      .expect(200);
    expect(report.body.districts[0].awarded).toMatchObject({
      totalEur,
      sustainableEur: 0,
      selfDeclaredOnlyEur: totalEur,
    });
  });

  it('refuses a bad verification naming every field, and evidence no awarded offer refers to', async () => {
    const bad = await t.http
      .put(`${API}/tenders/${tenderId}/evidence/${evidence['lksg']}`)
      .set(region.coordinator.auth)
      .send({ verification: 'ok', note: 'x'.repeat(2001), extra: 1 });
    expectProblem(bad, 400, ['verification', 'note', 'extra']);
    const notClaimed = await t.http
      .put(`${API}/tenders/${tenderId}/evidence/${evidence['expired']}`)
      .set(region.coordinator.auth)
      .send({ verification: 'checked' });
    expect(notClaimed.status).toBe(404);
    const notHis = await t.http
      .put(`${API}/tenders/${tenderId}/evidence/${evidence['lksg']}`)
      .set(buyers[0]!.auth)
      .send({ verification: 'checked' });
    expect(notHis.status).toBe(403);
  });

  it('after verification the report counts only the verified value as sustainable, self-declared apart', async () => {
    const checked = await t.http
      .put(`${API}/tenders/${tenderId}/evidence/${evidence['lksg']}`)
      .set(region.coordinator.auth)
      .send({ verification: 'checked', note: 'Bericht beim BAFA veröffentlicht, Nummer stimmt' })
      .expect(200);
    expect(checked.body.items.find((c: { code: string }) => c.code === 'LKSG_DUE_DILIGENCE')).toMatchObject({
      standing: 'verified',
      evidence: { verification: 'checked', verificationLabel: 'geprüft', note: expect.stringContaining('BAFA') },
    });
    await t.http
      .put(`${API}/tenders/${tenderId}/evidence/${evidence['footprint']}`)
      .set(region.coordinator.auth)
      .send({ verification: 'doubtful', note: 'Berechnungsmethode nicht angegeben' })
      .expect(200);
    const file = await t.http
      .get(`${API}/tenders/${tenderId}/evidence/${evidence['lksg']}/file`)
      .set(region.coordinator.auth)
      .buffer(true)
      .parse(binaryBody);
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    // the other supplier never reads it
    await t.http.get(`${API}/suppliers/me/evidence/${evidence['lksg']}/file`).set(supplierB.auth).expect(404);

    const report = await t.http
      .get(`${API}/reports/sustainability`)
      .query({ districtKey: region.districtKey })
      .set(region.coordinator.auth)
      .expect(200);
    const awarded = report.body.districts[0].awarded;
    expect(awarded).toMatchObject({ totalEur, sustainableEur: totalEur, selfDeclaredOnlyEur: 0 });
    const criterion = (code: string) => awarded.criteria.find((c: { code: string }) => c.code === code);
    expect(criterion('LKSG_DUE_DILIGENCE')).toEqual({
      code: 'LKSG_DUE_DILIGENCE',
      valueEur: totalEur,
      share: 1,
      selfDeclaredEur: 0,
      selfDeclaredShare: 0,
    });
    // a doubtful declaration and criteria declared without evidence count as self-declared only
    for (const code of ['BATTERY_CARBON_FOOTPRINT', 'ENVIRONMENTAL_MANAGEMENT', 'BATTERY_WARRANTY_YEARS'])
      expect(criterion(code)).toMatchObject({ valueEur: 0, share: 0, selfDeclaredEur: totalEur, selfDeclaredShare: 1 });
    expect(report.body.lands).toEqual([{ key: region.districtKey.slice(0, 2), awarded }]);
    expect(report.body.cpvDivisions).toEqual([{ key: '34', awarded }]);
    expect(report.body.years).toEqual([{ key: String(new Date().getFullYear()), awarded: expect.any(Object) }]);
    expect(report.body.organisations).toHaveLength(2);
    // the platform admin sees every district, this one among them
    const admin = await t.http
      .get(`${API}/reports/sustainability`)
      .query({ districtKey: region.districtKey })
      .set('Authorization', `Bearer ${await adminToken(t)}`)
      .expect(200);
    expect(admin.body.districts[0].awarded).toEqual(awarded);
  });

  it('exports the report as XLSX and as CSV for open data, with the same figures (read back)', async () => {
    const json = await t.http
      .get(`${API}/reports/sustainability`)
      .query({ districtKey: region.districtKey })
      .set(region.coordinator.auth)
      .expect(200);
    const awarded = json.body.districts[0].awarded;

    const xlsx = await t.http
      .get(`${API}/reports/sustainability.xlsx`)
      .query({ districtKey: region.districtKey })
      .set(region.coordinator.auth)
      .buffer(true)
      .parse(binaryBody);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toContain(`nachhaltigkeitsbericht-${region.districtKey}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as never);
    const sheet = workbook.getWorksheet('Bericht')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      'Ebene',
      'Schlüssel',
      'Name',
      'Grundlage',
      'Kriterium',
      'Kriterium (Bezeichnung)',
      'Gesamtwert (netto)',
      'Nachhaltig, geprüft (netto)',
      'Anteil geprüft',
      'Nur selbst erklärt (netto)',
      'Anteil selbst erklärt',
    ]);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    const find = (level: string, basis: string, criterion: string) =>
      rows.find((r) => r[0] === level && r[1] === region.districtKey && r[3] === basis && r[4] === criterion);
    expect(find('Landkreis', 'vergeben', 'gesamt')?.slice(6)).toEqual([totalEur, totalEur, 1, 0, 0]);
    expect(find('Landkreis', 'vergeben', 'LKSG_DUE_DILIGENCE')?.slice(6)).toEqual([totalEur, totalEur, 1, 0, 0]);
    // the doubtful footprint declaration: self-declared only
    expect(find('Landkreis', 'vergeben', 'BATTERY_CARBON_FOOTPRINT')?.slice(6)).toEqual([totalEur, 0, 0, totalEur, 1]);
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('#,##0.00 "€"');
    expect(rows.filter((r) => r[0] === 'Organisation' && r[3] === 'vergeben' && r[4] === 'gesamt')).toHaveLength(2);
    expect(rows.some((r) => r[0] === 'CPV-Abteilung' && r[1] === '34')).toBe(true);
    expect(workbook.getWorksheet('Hinweise')!.getCell('B3').value).toContain('geprüft');

    const csv = await t.http
      .get(`${API}/reports/sustainability.csv`)
      .query({ districtKey: region.districtKey })
      .set(region.coordinator.auth)
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'ebene,schluessel,name,grundlage,kriterium,kriterium_bezeichnung,gesamt_eur,nachhaltig_geprueft_eur,' +
        'anteil_geprueft,nur_selbst_erklaert_eur,anteil_selbst_erklaert',
    );
    expect(lines.at(-1)).toBe('');
    const records = parse(csv.text, { columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(rows.length);
    const total = records.find(
      (r) => r['ebene'] === 'district' && r['grundlage'] === 'awarded' && r['kriterium'] === 'total',
    );
    expect(total).toMatchObject({
      schluessel: region.districtKey,
      gesamt_eur: totalEur.toFixed(2),
      nachhaltig_geprueft_eur: awarded.sustainableEur.toFixed(2),
      anteil_geprueft: '1',
      nur_selbst_erklaert_eur: '0.00',
    });
    const lksg = records.find(
      (r) => r['ebene'] === 'district' && r['grundlage'] === 'awarded' && r['kriterium'] === 'LKSG_DUE_DILIGENCE',
    );
    expect(lksg?.['kriterium_bezeichnung']).toMatch(/Sorgfalt|LkSG/);

    // bad input names the field; another coordinator's district is not in its view
    const bad = await t.http
      .get(`${API}/reports/sustainability.csv`)
      .query({ districtKey: 'Zwickau' })
      .set(region.coordinator.auth);
    expectProblem(bad, 400, ['districtKey']);
    const foreign = await t.http
      .get(`${API}/reports/sustainability.xlsx`)
      .query({ districtKey: '99998' })
      .set(region.coordinator.auth);
    expectProblem(foreign, 404);
  });

  it('shows the verification in the record (JSON and HTML)', async () => {
    const json = await t.http.get(`${API}/tenders/${tenderId}/record`).set(region.coordinator.auth).expect(200);
    expect(json.body.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'LKSG_DUE_DILIGENCE', standing: 'verified' }),
        expect.objectContaining({
          code: 'BATTERY_CARBON_FOOTPRINT',
          evidence: expect.objectContaining({ verification: 'doubtful', note: 'Berechnungsmethode nicht angegeben' }),
        }),
      ]),
    );
    const html = await t.http
      .get(`${API}/tenders/${tenderId}/record`)
      .query({ format: 'html' })
      .set(region.coordinator.auth)
      .expect(200);
    expect(html.text).toContain('Nachweise der bezuschlagten Angebote');
    expect(html.text).toContain('zweifelhaft');
    expect(html.text).toContain('Eigenerklärung');
  });
});
