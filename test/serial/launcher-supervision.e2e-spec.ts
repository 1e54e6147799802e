import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { createApiApp } from '@buendel/api';
import { DataSource } from 'typeorm';
import { CaughtMail, MailService } from '@buendel/mail';
import {
  createTestApp,
  createTestRegion,
  eventually,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
  uniqueEmail,
} from '@buendel/testing';
import { API, currentAggregate, join, recordDemand } from '../support/bundling-api';

const root = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `npm start`'s launcher supervises: a worker killed with SIGKILL is started again while the
 * API keeps answering, the aggregates catch up by themselves (no sweep needed), a killed API
 * is started again while the worker keeps running, and Ctrl+C stops everything cleanly. The
 * launcher runs with this serial run's database (DATABASE_URL) and Redis prefix, on a free port.
 */
describe('npm start supervises the API and the worker', () => {
  let launcher: ChildProcess;
  let output = '';
  let fixtures: TestApp;
  let t: TestApp; // requests go to the launched API
  let region: TestRegion;
  let buyers: TestUser[];
  let bundleId: string;
  const dataDir = mkdtempSync(path.join(root, 'tmp', 'launcher-supervision-'));
  const figures: string[] = [];

  /** the pid in the latest `<name> started (pid N)` line, once there is a newer one than `after` */
  const startedPid = async (name: string, after?: number, timeoutMs = 60_000): Promise<number> => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const pids = [...output.matchAll(new RegExp(`\\[buendel\\] ${name} started \\(pid (\\d+)\\)`, 'g'))].map((m) =>
        Number(m[1]),
      );
      const last = pids.at(-1);
      if (last !== undefined && last !== after) return last;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no new ${name} within ${timeoutMs} ms; launcher said:\n${output}`);
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(root, 'tools/build.mjs')], { stdio: 'pipe' });
    const port = await freePort();
    // no SMTP_URL: the launcher runs its own SMTP catcher and the page that shows its mails
    const { SMTP_URL: _smtp, ...env } = process.env;
    launcher = spawn(process.execPath, [path.join(root, 'dist/apps/launcher/src/main.js')], {
      env: { ...env, PORT: String(port), DEMO_DATA: 'false', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const until = Date.now() + 120_000;
    while (!output.includes('Bündel is running')) {
      if (Date.now() > until || launcher.exitCode !== null) throw new Error(`the launcher did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    fixtures = await createTestApp(createApiApp);
    t = { app: fixtures.app, http: request(`http://127.0.0.1:${port}`), close: async () => undefined };
    region = await createTestRegion(fixtures, 6);
    buyers = await insertSignedInUsers(fixtures, region.municipalities, 'buyer');
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Druckerpapier 2027',
        cpvPrefix: '3019',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    bundleId = bundle.body.id;
  }, 180_000);

  afterAll(async () => {
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
    await fixtures?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (figures.length) process.stdout.write(`launcher supervision:\n  ${figures.join('\n  ')}\n`);
  });

  const paper = (boxes: number) => ({
    cpvCode: '30197630-1',
    title: 'Kopierpapier A4',
    quantity: boxes,
    unit: 'H87',
    unitPriceEur: 25,
    deliveryFrom: '2027-02-01',
    deliveryTo: '2027-03-31',
  });

  it('catches the mails when no SMTP_URL is set, and shows them on the page the banner names', async () => {
    const viewer = /Mail {5}(http:\/\/localhost:\d+\/) {3}\(caught here/.exec(output)?.[1];
    expect(viewer).toBeDefined();
    const base = viewer!.replace('localhost', '127.0.0.1');
    const address = uniqueEmail('launcher-mail');
    const mail = fixtures.app.get(MailService);
    await fixtures.app.get(DataSource).transaction((m) =>
      mail.enqueue(
        m,
        { email: address, name: 'Grit Köhler' },
        {
          template: 'tender.information-letter',
          params: {
            subject: 'Vorabinformation nach § 134 GWB – Testlos',
            body: 'Sehr geehrte Damen und Herren,\n\nÄnderung.',
          },
        },
      ),
    );
    const caught = await eventually(async () => {
      const list = (await (await fetch(`${base}api/mails`)).json()) as { items: CaughtMail[] };
      return list.items.find((m) => m.envelope.to.includes(address));
    }, 30_000);
    expect(caught.subject).toBe('Vorabinformation nach § 134 GWB – Testlos');
    const listing = await (await fetch(base)).text();
    expect(listing).toContain('Abgefangene E-Mails');
    expect(listing).toContain('Vorabinformation nach § 134 GWB – Testlos');
    const shown = await (await fetch(`${base}mails/${caught.seq}`)).text();
    expect(shown).toContain('Sehr geehrte Damen und Herren,\n\nÄnderung.');
    expect(shown).toContain('&quot;Grit Köhler&quot; &lt;' + address + '&gt;');
    expect((await fetch(`${base}mails/999999`)).status).toBe(404);
  });

  it('restarts a worker killed with SIGKILL, and the aggregates catch up by themselves', async () => {
    let worker = await startedPid('worker');
    const catchUps: number[] = [];
    const afterKill: number[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      const buyer = buyers[cycle]!;
      const before = await recordDemand(t, buyer, paper(10 * (cycle + 1)));
      const joined = join(t, buyer, bundleId, [before.id]);
      // killed while the join's aggregation is under way
      const killedAt = Date.now();
      process.kill(worker, 'SIGKILL');
      expect((await joined).status).toBe(201);
      // the API keeps answering while the worker is down: another buyer joins
      const other = buyers[cycle + 3]!;
      const during = await recordDemand(t, other, paper(1));
      expect((await join(t, other, bundleId, [during.id])).status).toBe(201);

      const next = await startedPid('worker', worker);
      const restartedAt = Date.now();
      expect(alive(worker)).toBe(false);
      worker = next;
      const aggregate = await currentAggregate(t, region.coordinator, bundleId, 60_000);
      const currentAt = Date.now();
      expect(aggregate.participantCount).toBe(2 * (cycle + 1));
      figures.push(
        `cycle ${cycle + 1}: worker restarted ${((restartedAt - killedAt) / 1000).toFixed(2)} s after the kill, ` +
          `aggregate current ${((currentAt - restartedAt) / 1000).toFixed(2)} s after the restart ` +
          `(${((currentAt - killedAt) / 1000).toFixed(2)} s after the kill)`,
      );
      catchUps.push((currentAt - restartedAt) / 1000);
      afterKill.push(currentAt - killedAt);
    }
    const sorted = [...catchUps].sort((a, b) => a - b);
    figures.push(
      `aggregate current after the restart: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} s, ` +
        `max ${sorted.at(-1)!.toFixed(2)} s over ${sorted.length} kills`,
    );
    // well before the sweep's minute: the worker's start healed it, not the periodic sweep
    for (const ms of afterKill) expect(ms).toBeLessThan(30_000);
    const values = (await t.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth).expect(200)).body
      .aggregate;
    // 10 + 20 + 30 boxes and three single boxes, EUR 25 each
    expect(values.totalEstimatedValueEur).toBe(63 * 25);
    expect(output).toMatch(/the worker stopped \(killed by SIGKILL\) after [\d.]+ s; restarting it in [\d.]+ s/);
  }, 240_000); // three kills, each with a worker booting anew: minutes on a loaded machine

  it('restarts a killed API while the worker keeps running', async () => {
    const api = await startedPid('API');
    const worker = await startedPid('worker');
    process.kill(api, 'SIGKILL');
    await startedPid('API', api);
    const until = Date.now() + 60_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      status = await t.http
        .get(`${API}/bundles/${bundleId}`)
        .set(region.coordinator.auth)
        .then((r) => r.status)
        .catch(() => 0);
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect(alive(worker)).toBe(true);
    expect(await startedPid('worker')).toBe(worker);
  });

  it('stops everything cleanly on Ctrl+C', async () => {
    const pids = [await startedPid('API'), await startedPid('worker')];
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    const started = Date.now();
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    figures.push(`Ctrl+C stopped everything in ${((Date.now() - started) / 1000).toFixed(2)} s`);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });
});
