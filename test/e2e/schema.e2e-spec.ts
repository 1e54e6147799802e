import { DataSource } from 'typeorm';
import { schemaDrift } from '@buendel/persistence';
import { openIntegrationDb } from '../support/integration-db';

describe('database schema', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openIntegrationDb(10, 'buendel-e2e-schema');
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it('matches the entities exactly after the migrations (no drift, nothing to generate)', async () => {
    const sql = await schemaDrift(dataSource);
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('keeps the audit trail append-only', async () => {
    const [row] = await dataSource.query(
      `INSERT INTO audit_events (action, entity_type, entity_id) VALUES ('test.appended', 'test', 'x') RETURNING id`,
    );
    await expect(
      dataSource.query(`UPDATE audit_events SET action = 'changed' WHERE id = $1`, [row.id]),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_events WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    const [still] = await dataSource.query(`SELECT action FROM audit_events WHERE id = $1`, [row.id]);
    expect(still.action).toBe('test.appended');
  });
});
