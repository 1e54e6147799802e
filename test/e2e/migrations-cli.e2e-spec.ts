import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function npmRun(script: string, ...args: string[]) {
  return spawnSync('npm', ['run', '-s', script, '--', ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** The README's migration commands, as a developer runs them (against the run's migrated database). */
describe('npm run migration:run / migration:generate', () => {
  it('applies nothing more on a migrated database and exits 0', () => {
    const run = npmRun('migration:run');
    expect(run.stderr).not.toMatch(/Cannot find module|Error:/);
    expect(run.status).toBe(0);
  });

  it('finds the entities and the schema in step: nothing to generate', () => {
    const run = npmRun('migration:generate', 'NothingToDo');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('no changes: the entities match the schema');
  });

  it('refuses a migration name that is not PascalCase', () => {
    const run = npmRun('migration:generate', 'bad-name');
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(/PascalCase/);
  });
});
