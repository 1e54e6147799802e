import { accessRules } from '../support/access-rules';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import fc from 'fast-check';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  AccessMatrixContext,
  createTestApp,
  createTestWorker,
  createUserWithRole,
  eventually,
  openApiRoutes,
  RouteAccessRule,
  TEST_ROLES,
  TestRole,
  TestUser,
} from '@buendel/testing';

/**
 * Malformed requests over every operation of the OpenAPI document (issue 11): for each, about
 * 5,100 / n requests made by fast-check from a fixed seed (the same requests on every run) from the
 * operation's own schema: a valid body with one field broken, fields dropped or added, wrong
 * types, huge and tiny numbers, U+0000, lone surrogates, dates in the year 0000, deep nesting,
 * broken JSON, other content types, bad path and query parameters, no or forged tokens. Callers
 * are a user of a role the route is for (with its own objects where the access rules can make
 * them, test/access/*.access.ts) and an anonymous one. Every answer is below 500 and every
 * refusal a problem body. The counts per status are printed.
 */
const SEED = 20261202;
/** at least 5,000 requests in all, spread evenly over the operations */
const TOTAL = 5_100;
let perOperation = 0;
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 20_000;

const rules: RouteAccessRule[] = accessRules;

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  route: string;
  method: string;
  path: string;
  parameters: Parameter[];
  bodySchema?: Schema;
  bodyTypes: string[];
  rule?: RouteAccessRule;
}

type Body =
  { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string | Buffer };
interface FuzzCase {
  what: string;
  caller: 'role' | 'anonymous' | 'forged' | 'garbage-token';
  params: Record<string, string>;
  query: Array<[string, string]>;
  body: Body;
}

// ---- the odd values ----------------------------------------------------------------------

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '😀'.repeat(40),
  'x'.repeat(5000),
  "'; DROP TABLE demands; --",
  '%00',
  '%',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '\\',
  '"',
  '\u202e\u0301',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9'.repeat(40),
  '0x1f',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '0000-01-01',
  '0000-00-00',
  '2027-02-30',
  '9999-12-31',
  '+275760-09-13T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '2027-13-01T25:61:61Z',
  '1899-12-31T23:59:59Z',
  'true',
  '[]',
  '{}',
];
const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  0.1,
  1e-7,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  1e21,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
];
const BAD_DATES = ['0000-01-01', '0001-01-01', '1899-12-31', '2201-01-01', '9999-12-31', '2027-02-29', '27-1-1'];
const BAD_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1899-12-31T23:59:59+01:00',
  '2027-01-20T12:00:00+25:00',
  '2027-W01',
  '2027-001',
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 100, maxLength: 400 }) },
);
const nastyNumber = fc.oneof(
  fc.constantFrom(...NASTY_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const nested = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
};
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(BAD_DATES[0], BAD_INSTANTS[1]) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(nastyNumber, { minLength: 500, maxLength: 2000 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 40 }).map(nested) },
);

/** a value of the wrong kind, or an odd one of the right kind, for a field of this schema */
function brokenValueFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const format = schema?.format;
  const specific: Array<fc.Arbitrary<unknown>> = [];
  if (format === 'date') specific.push(fc.constantFrom(...BAD_DATES));
  if (format === 'date-time') specific.push(fc.constantFrom(...BAD_INSTANTS));
  if (format === 'uuid') specific.push(fc.constantFrom('not-a-uuid', randomUUID().toUpperCase(), `${randomUUID()}x`));
  if (schema?.type === 'integer' || schema?.type === 'number') specific.push(nastyNumber);
  if (schema?.enum) specific.push(fc.constantFrom('', 'UNKNOWN', String(schema.enum[0]).toLowerCase() + '\u0000'));
  return specific.length ? fc.oneof({ weight: 2, arbitrary: fc.oneof(...specific) }, nastyValue) : nastyValue;
}

// ---- valid-looking values from the schema ---------------------------------------------------

let documentSchemas: Record<string, Schema> = {};
let uniqueNumber = 0;
const resolve = (schema: Schema | undefined): Schema | undefined => {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(documentSchemas[schema.$ref.split('/').pop() ?? '']);
  if (schema.allOf?.length) {
    return schema.allOf.map(resolve).reduce<Schema>(
      (a, b) => ({
        ...a,
        ...b,
        properties: { ...a.properties, ...b?.properties },
        required: [...(a.required ?? []), ...(b?.required ?? [])],
      }),
      {},
    );
  }
  return schema;
};

/** a value the schema describes (its example where it has one), for the fields the fuzz leaves alone */
function sampleOf(raw: Schema | undefined, name = '', depth = 0): unknown {
  const schema = resolve(raw);
  if (!schema || depth > 5) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (/email/i.test(name)) return `fuzz-${SEED}-${++uniqueNumber}@example.org`;
  switch (schema.format) {
    case 'uuid':
      return randomUUID();
    case 'date':
      return '2027-03-01';
    case 'date-time':
      return new Date(Date.now() + 30 * 86_400_000).toISOString();
  }
  switch (schema.type) {
    case 'integer':
      return Math.max(1, schema.minimum ?? 1);
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'array':
      return [sampleOf(schema.items, name, depth + 1)];
    case 'string':
      return 'Test';
  }
  if (schema.properties || schema.type === 'object') {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, s]) => [key, sampleOf(s, key, depth + 1)]),
    );
  }
  return 'Test';
}

/** every field of a body schema as a path (`address.city`, `lots.0.title`), down to three levels */
function fieldPaths(
  raw: Schema | undefined,
  prefix: string[] = [],
  depth = 0,
): Array<{ at: string[]; schema: Schema }> {
  const schema = resolve(raw);
  if (!schema || depth > 3) return [];
  if (schema.type === 'array' && schema.items) return fieldPaths(schema.items, [...prefix, '0'], depth + 1);
  return Object.entries(schema.properties ?? {}).flatMap(([key, s]) => [
    { at: [...prefix, key], schema: resolve(s) ?? {} },
    ...fieldPaths(s, [...prefix, key], depth + 1),
  ]);
}

function withValueAt(body: unknown, at: string[], value: unknown, drop = false): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let node: Record<string, unknown> | undefined = copy;
  for (const key of at.slice(0, -1)) {
    const next = node?.[key];
    if (typeof next !== 'object' || next === null) return copy;
    node = next as Record<string, unknown>;
  }
  const last = at[at.length - 1]!;
  if (!node) return copy;
  if (drop) delete node[last];
  else node[last] = value;
  return copy;
}

// ---- the cases of one operation -----------------------------------------------------------

function casesFor(op: Operation, ownParams: Record<string, string>, index: number): FuzzCase[] {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const caller = fc.constantFrom<FuzzCase['caller']>(
    ...(op.rule?.access === 'public'
      ? (['anonymous'] as const)
      : (['role', 'role', 'role', 'role', 'anonymous', 'forged', 'garbage-token'] as const)),
  );
  const goodQuery = (): Array<[string, string]> =>
    queryParams.filter((p) => p.required).map((p) => [p.name, String(sampleOf(p.schema, p.name) ?? 'x')]);
  const validBody = () => (op.bodySchema ? sampleOf(op.bodySchema) : undefined);
  const defaultBody = (): Body => (op.bodySchema ? { kind: 'json', value: validBody() } : { kind: 'none' });
  const fields = fieldPaths(op.bodySchema);

  const kinds: Array<fc.Arbitrary<Omit<FuzzCase, 'caller' | 'params'> & { params?: Record<string, string> }>> = [];
  // a bad path parameter
  if (pathParams.length) {
    kinds.push(
      fc
        .record({ name: fc.constantFrom(...pathParams.map((p) => p.name)), value: nastyString })
        .map(({ name, value }) => ({
          what: `path ${name}`,
          params: { ...ownParams, [name]: value },
          query: goodQuery(),
          body: defaultBody(),
        })),
    );
  }
  // bad or unknown query parameters, and repeated ones (arrays)
  kinds.push(
    fc
      .record({
        name: fc.constantFrom(...queryParams.map((p) => p.name), 'unknown', 'limit', 'offset', 'search', '__proto__'),
        values: fc.array(
          fc.oneof(nastyString, nastyNumber.map(String), fc.constantFrom(...BAD_DATES, ...BAD_INSTANTS)),
          { minLength: 1, maxLength: 3 },
        ),
      })
      .map(({ name, values }) => ({
        what: `query ${name}`,
        query: [...goodQuery().filter(([n]) => n !== name), ...values.map((v) => [name, v] as [string, string])],
        body: defaultBody(),
      })),
  );
  if (op.bodySchema) {
    // one field of a valid body broken
    if (fields.length) {
      kinds.push(
        fc
          .constantFrom(...fields)
          .chain((f) => brokenValueFor(f.schema).map((value) => ({ f, value })))
          .map(({ f, value }) => ({
            what: `body ${f.at.join('.')}`,
            query: goodQuery(),
            body: { kind: 'json', value: withValueAt(validBody(), f.at, value) },
          })),
      );
      // a field dropped, or every field but one
      kinds.push(
        fc.constantFrom(...fields).map((f) => ({
          what: `body without ${f.at.join('.')}`,
          query: goodQuery(),
          body: { kind: 'json', value: withValueAt(validBody(), f.at, undefined, true) },
        })),
      );
    }
    // an unknown field, or prototype keys
    kinds.push(
      fc
        .record({
          key: fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'prototype')),
          value: nastyValue,
        })
        .map(({ key, value }) => ({
          what: 'body extra field',
          query: goodQuery(),
          // a computed key makes an own property, also for __proto__
          body: { kind: 'json', value: { ...(validBody() as object), [key]: value } },
        })),
    );
  }
  // a body of the wrong kind altogether, also on routes that take none
  kinds.push(
    nastyValue.map((value) => ({
      what: 'body of the wrong kind',
      query: goodQuery(),
      body: { kind: 'json', value },
    })),
  );
  // text that is no JSON, other media types, deep nesting, an empty body
  kinds.push(
    fc
      .oneof(
        fc.constantFrom(
          '{"a":',
          '{',
          '[1,]',
          "{'a':1}",
          '{"a":1}}',
          'NaN',
          '\u0000',
          '{"a":"\\u0000"}',
          '{"a":"\\ud800"}',
          '{"__proto__":{"admin":true}}',
          '{"constructor":{"prototype":{"x":1}}}',
          '',
          '['.repeat(5000) + ']'.repeat(5000),
          '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
          `{"a":${'1'.repeat(400)}}`,
          '"just a string"',
          'null',
        ),
        fc.string({ unit: 'binary', maxLength: 200 }),
      )
      .chain((text) =>
        fc
          .constantFrom(
            'application/json',
            'application/json; charset=utf-16',
            'text/plain',
            'application/xml',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'text/csv',
            'application/octet-stream',
            'application/problem+json',
          )
          .map((contentType) => ({
            what: `raw ${contentType}`,
            query: goodQuery(),
            body: { kind: 'raw' as const, contentType, text },
          })),
      ),
  );
  if (op.bodyTypes.some((t) => t !== 'application/json')) {
    // the file routes: bytes that are no CSV or XLSX
    kinds.push(
      fc
        .record({
          contentType: fc.constantFrom(...op.bodyTypes.filter((t) => t !== 'application/json')),
          bytes: fc.uint8Array({ maxLength: 3000 }),
        })
        .map(({ contentType, bytes }) => ({
          what: `file ${contentType}`,
          query: goodQuery(),
          body: { kind: 'raw' as const, contentType, text: Buffer.from(bytes) },
        })),
    );
  }

  const arbitrary = fc
    .record({ kind: fc.oneof(...kinds), caller })
    .map(({ kind, caller }) => ({ ...kind, caller, params: kind.params ?? ownParams }) as FuzzCase);
  return fc.sample(arbitrary, { seed: SEED + index, numRuns: perOperation });
}

/** encodeURIComponent, with lone surrogates sent as U+FFFD (as any client would send them) */
const encodePathPart = (value: string) => encodeURIComponent(Buffer.from(value).toString());

// ---- the run ------------------------------------------------------------------------------

describe('fuzz: malformed requests over every operation answer no 5xx', () => {
  const ctx = {} as AccessMatrixContext;
  let worker: INestApplicationContext;
  let operations: Operation[] = [];
  const savedTrustProxy = process.env['TRUST_PROXY'];

  beforeAll(async () => {
    // each request comes from an address of its own (X-Forwarded-For from loopback), so that the
    // per-address login and registration limits of this run's Redis prefix stay clear of the
    // other test files' logins
    process.env['TRUST_PROXY'] = 'loopback';
    ctx.t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    const make = async () =>
      Object.fromEntries(
        await Promise.all(TEST_ROLES.map(async (role) => [role, await createUserWithRole(ctx.t, role)] as const)),
      ) as Record<TestRole, TestUser>;
    ctx.users = await make();
    ctx.foreign = await make();
    const doc = (await ctx.t.http.get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>
      >;
      components?: { schemas?: Record<string, Schema> };
    };
    documentSchemas = doc.components?.schemas ?? {};
    operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => {
          const route = `${m.toUpperCase()} ${p}`;
          const content = op.requestBody?.content ?? {};
          return {
            route,
            method: m,
            path: p,
            parameters: op.parameters ?? [],
            bodySchema: content['application/json']?.schema,
            bodyTypes: Object.keys(content),
            rule: rules.find((r) => r.route === route),
          };
        }),
    );
    await eventually(async () => ((await ctx.t.http.get('/health')).status === 200 ? true : undefined), 30_000);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await ctx.t?.close();
    process.env['TRUST_PROXY'] = savedTrustProxy;
  });

  it('sends at least 5,000 malformed requests over every operation and gets no 5xx, and a problem body for every refusal', async () => {
    expect(operations.map((o) => o.route).sort()).toEqual(await openApiRoutes(ctx.t.http));
    perOperation = Math.ceil(TOTAL / operations.length);
    const prepared = Date.now();
    const jobs: Array<{ op: Operation; c: FuzzCase; user?: TestUser }> = [];
    for (const [index, op] of operations.entries()) {
      const role = op.rule && op.rule.access !== 'public' ? op.rule.access[index % op.rule.access.length]! : 'buyer';
      const user = ctx.users[role];
      let own: Record<string, string> = { ...(op.rule?.params ?? {}) };
      if (op.rule?.ownedObject) {
        try {
          own = { ...own, ...(await op.rule.ownedObject(ctx, user)).params };
        } catch {
          // the fixture could not be made here; random ids reach the handlers' 404s instead
        }
      }
      for (const c of casesFor(op, own, index)) jobs.push({ op, c, user });
    }
    const started = Date.now();
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    let address = 0;
    const server = ctx.t.app.getHttpServer().address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const slowest: Array<{ ms: number; what: string }> = [];
    const send = async ({ op, c, user }: (typeof jobs)[number]) => {
      const url =
        op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodePathPart(c.params[name] ?? randomUUID())) +
        (c.query.length ? `?${new URLSearchParams(c.query).toString()}` : '');
      const headers: Record<string, string> = {
        'x-forwarded-for': `198.18.${(++address >> 8) & 255}.${address & 255}`,
      };
      if (c.caller === 'role' && user) headers['authorization'] = user.auth.Authorization;
      if (c.caller === 'forged') {
        const [header, payload] = (user ?? ctx.users.admin).accessToken.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
        const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin', exp: undefined })).toString('base64url');
        headers['authorization'] = `Bearer ${header}.${forged}.`;
      }
      if (c.caller === 'garbage-token') headers['authorization'] = 'Bearer \u00e4\u00e4.x.y';
      let payload: Buffer | undefined;
      if (c.body.kind === 'json') {
        const text = JSON.stringify(c.body.value);
        if (text !== undefined) {
          headers['content-type'] = 'application/json';
          payload = Buffer.from(text);
        }
      } else if (c.body.kind === 'raw') {
        headers['content-type'] = c.body.contentType;
        payload = Buffer.isBuffer(c.body.text) ? c.body.text : Buffer.from(c.body.text);
      }
      if (payload) headers['content-length'] = String(payload.length);
      const sentAt = Date.now();
      const answer = await new Promise<{ status: number; type: string; text: string }>((done) => {
        const req = http.request(
          { host: server.address, port: server.port, method: op.method.toUpperCase(), path: url, headers, agent },
          (res) => {
            const type = String(res.headers['content-type'] ?? '');
            if (type.startsWith('text/event-stream')) {
              // a live stream (GET /bundles/{id}/events) never ends by itself: its status is the answer
              res.destroy();
              done({ status: res.statusCode ?? 0, type, text: '' });
              return;
            }
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => done({ status: res.statusCode ?? 0, type, text: Buffer.concat(chunks).toString() }));
            res.on('error', (e) => done({ status: 0, type: '', text: String(e) }));
          },
        );
        req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
        req.on('error', (e) => done({ status: 0, type: '', text: String(e) }));
        req.end(payload);
      });
      const ms = Date.now() - sentAt;
      if (ms > 1000) slowest.push({ ms, what: `${op.route} [${c.what}]` });
      const { status, type, text } = answer;
      let problem = status < 400;
      if (!problem && /^application\/problem\+json/.test(type)) {
        try {
          problem = (JSON.parse(text) as { status?: unknown }).status === status;
        } catch {
          problem = false;
        }
      }
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      if (status >= 500 || status === 0 || !problem) {
        failures.push(
          `${op.route} [${c.what}, ${c.caller}] ${url.slice(0, 200)} ${JSON.stringify(c.body).slice(0, 300)} -> ${status} ${text.slice(0, 300)}`,
        );
      }
      if (++sent % 1000 === 0)
        process.stdout.write(`fuzz: ${sent} sent, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    };
    let sent = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) await send(jobs[next++]!);
      }),
    );
    agent.destroy();
    const seconds = (Date.now() - started) / 1000;
    slowest.sort((a, b) => b.ms - a.ms);
    const counts = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    process.stdout.write(
      `fuzz: ${jobs.length} requests over ${operations.length} operations in ${seconds.toFixed(1)} s ` +
        `(fixtures ${((started - prepared) / 1000).toFixed(1)} s, seed ${SEED}); ` +
        `by status ${counts.join(', ')}; slowest ${slowest
          .slice(0, 5)
          .map((x) => `${x.what} ${x.ms} ms`)
          .join(', ')}\n`,
    );
    expect(jobs.length).toBeGreaterThanOrEqual(5000);
    expect(failures.slice(0, 30)).toEqual([]);
    // about 60 s on a quiet 2-core machine; several times that when other test runs load it
  }, 900_000);
});
