import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const launcher = path.join(root, 'dist/apps/launcher/src/main.js');

function launch(env: Record<string, string>) {
  const clean = { ...process.env };
  delete clean['DATABASE_URL'];
  return spawnSync(process.execPath, [launcher], {
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm start (the launcher) refuses to start on bad configuration', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'tools/build.mjs')], { stdio: 'pipe' });
  });

  it('exits non-zero and names PORT when PORT=abc', () => {
    const run = launch({ PORT: 'abc' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('PORT: must be an integer between 1 and 65535 (got "abc")');
  });

  it('names every bad variable at once', () => {
    const run = launch({ PORT: '99999', LOG_LEVEL: 'chatty', REDIS_URL: 'localhost' });
    expect(run.status).not.toBe(0);
    for (const name of ['PORT', 'LOG_LEVEL', 'REDIS_URL']) expect(run.stderr).toContain(`${name}:`);
  });

  it('says how to get Redis when nothing answers at REDIS_URL', () => {
    const run = launch({ REDIS_URL: 'redis://127.0.0.1:1', DATA_DIR: path.join(root, 'tmp', 'launcher-test') });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('nothing answers at redis://127.0.0.1:1');
    expect(run.stderr).toMatch(/apt-get install redis-server/);
    expect(run.stderr).toMatch(/brew install redis/);
    expect(run.stderr).toMatch(/docker compose/);
  });
});
