import { DataSource } from 'typeorm';
import { AggregationRepository, ReferenceNames } from '@buendel/bundling';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

/**
 * ReferenceNames keeps the district names for ten minutes. A district organisation created
 * after the cache was read must still be named (a worker that ran before the district existed
 * titled its lots "Kreis 9xxxx" while the API, started later, named the district).
 */
describe('ReferenceNames against PostgreSQL', () => {
  let db: DataSource;
  let district: string;
  let orgId: string | undefined;

  beforeAll(async () => {
    db = await openIntegrationDb();
    district = testDistrictKey();
  });

  afterAll(async () => {
    if (orgId) await db.query(`DELETE FROM organisations WHERE id = $1`, [orgId]);
    await db.destroy();
  });

  it('names a district created after the cache was read, once the caller names its key', async () => {
    const names = new ReferenceNames(new AggregationRepository(db));
    expect((await names.load()).districtLabel(district)).toBeUndefined();

    const [row] = await db.query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, district_key) VALUES ('district', $1, $2) RETURNING id`,
      [`Landkreis Probe ${district}`, district],
    );
    orgId = row?.id;

    // the cached map alone does not know it
    expect((await names.load()).districtLabel(district)).toBeUndefined();
    // asked for by key, it is looked up and kept
    expect((await names.load([district])).districtLabel(district)).toBe(`Landkreis Probe ${district}`);
    expect((await names.load()).districtLabel(district)).toBe(`Landkreis Probe ${district}`);
  });

  it('leaves a key without any organisation unnamed', async () => {
    const names = new ReferenceNames(new AggregationRepository(db));
    expect((await names.load(['00000'])).districtLabel('00000')).toBeUndefined();
  });
});
