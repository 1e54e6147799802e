import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@buendel/config';
import { createDataSource } from '../data-source';
import { schemaDrift } from '../schema-drift';
import { cliDatabaseUrl } from './cli-env';

/**
 * Writes a migration with the SQL that brings the database at DATABASE_URL to the
 * entities' schema: `npm run migration:generate -- AddSomething`. Run it against a
 * database that has every existing migration applied (`npm run migration:run`).
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('usage: npm run migration:generate -- <PascalCaseName>');
  }
  const dataSource = createDataSource({ url: cliDatabaseUrl(), applicationName: 'buendel-migrations' });
  await dataSource.initialize();
  try {
    const sql = await schemaDrift(dataSource);
    if (sql.upQueries.length === 0) {
      process.stdout.write('no changes: the entities match the schema\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
    // parameters (TypeORM uses them for metadata rows and comments) are kept, not dropped
    const line = (q: { query: string; parameters?: unknown[] }) =>
      `    await queryRunner.query(\`${esc(q.query)}\`${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`;
    const up = sql.upQueries.map(line).join('\n');
    const down = sql.downQueries.reverse().map(line).join('\n');
    const file = path.join(process.cwd(), 'libs/persistence/src/migrations', `${timestamp}-${name}.ts`);
    const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down}
  }
}
`;
    await fs.writeFile(file, body);
    process.stdout.write(
      `wrote ${path.relative(process.cwd(), file)}; add ${className} to libs/persistence/src/migrations/index.ts\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : String(e instanceof Error ? e.message : e)}\n`);
  process.exit(1);
});
