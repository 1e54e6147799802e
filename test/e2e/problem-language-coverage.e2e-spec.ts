import { accessRules } from '../support/access-rules';
import { createApiApp } from '@buendel/api';
import {
  createTestApp,
  createUserWithRole,
  RouteAccessRule,
  TEST_ROLES,
  TestApp,
  TestRole,
  TestUser,
} from '@buendel/testing';

/**
 * Every 400 that bad input can cause, on every operation of the OpenAPI document, is worded for
 * its reader: with `Accept-Language: de` each field error's reason is German (not the English text
 * it has for an English reader), an English reader gets no German, and each field error carries a
 * stable code. The requests are the
 * plain mistakes of a person: path ids that are no UUIDs, every field of the body empty, of the
 * wrong type or far too long, every query parameter nonsense.
 */
const rules: RouteAccessRule[] = accessRules;

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}

let schemas: Record<string, Schema> = {};
const resolve = (schema: Schema | undefined): Schema | undefined => {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop() ?? '']);
  if (schema.allOf?.length) {
    return schema.allOf
      .map(resolve)
      .reduce<Schema>((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b?.properties } }), {});
  }
  return schema;
};

/** a body with every field of the schema set by `value` (one level of nested objects and lists too) */
function bodyWith(raw: Schema | undefined, value: (s: Schema) => unknown, depth = 0): Record<string, unknown> {
  const schema = resolve(raw);
  return Object.fromEntries(
    Object.entries(schema?.properties ?? {}).map(([key, s]) => {
      const field = resolve(s) ?? {};
      if (depth < 1 && field.type === 'array' && resolve(field.items)?.properties) {
        return [key, [bodyWith(field.items, value, depth + 1)]];
      }
      if (depth < 1 && field.properties) return [key, bodyWith(field, value, depth + 1)];
      return [key, value(field)];
    }),
  );
}

const wrongType = (s: Schema): unknown =>
  s.type === 'string' ? 12345 : s.type === 'array' ? 'keine Liste' : s.type === 'object' ? 'kein Objekt' : 'x';
const empty = (s: Schema): unknown => (s.type === 'array' ? [] : s.type === 'string' ? '' : -1);
const nul = (s: Schema): unknown => (s.type === 'string' ? 'a\u0000b' : s.type === 'array' ? ['a\u0000b'] : 1);
const huge = (s: Schema): unknown =>
  s.type === 'string' ? 'x'.repeat(5000) : s.type === 'array' ? Array(1001).fill('x') : 1e15;

/** words of a German reason that no English one has */
const GERMAN = /\b(muss|darf|sein|ist kein|keine|zwischen)\b/;

interface Untranslated {
  route: string;
  field: string;
  code?: string;
  reason: string;
}

describe('problem details in German, on every operation', () => {
  let t: TestApp;
  const users = {} as Record<TestRole, TestUser>;
  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    for (const role of TEST_ROLES) users[role] = await createUserWithRole(t, role);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('words every field error of a 400 in German for Accept-Language: de, each with a code', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
      >;
      components: { schemas: Record<string, Schema> };
    };
    schemas = doc.components.schemas;
    const untranslated: Untranslated[] = [];
    const withoutCode: Untranslated[] = [];
    const germanForEnglish: Untranslated[] = [];
    let refusals = 0;
    for (const [route, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const rule = rules.find((r) => r.route === `${method.toUpperCase()} ${route}`);
        if (!rule || rule.stream) continue;
        const role = rule.access === 'public' ? undefined : (rule.access.find((r) => r !== 'admin') ?? rule.access[0]);
        const caller = role ? users[role] : undefined;
        const params = op.parameters ?? [];
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const requests: Array<{ path: string; query?: Record<string, string>; body?: unknown }> = [];
        const withIds = (id: string) => route.replace(/\{(\w+)\}/g, () => id);
        if (params.some((p) => p.in === 'path')) requests.push({ path: withIds('keine-id') });
        const goodPath = withIds('00000000-0000-4000-8000-000000000000');
        const query = params.filter((p) => p.in === 'query');
        if (query.length) {
          requests.push({ path: goodPath, query: Object.fromEntries(query.map((p) => [p.name, 'x\u0001'])) });
          requests.push({ path: goodPath, query: Object.fromEntries(query.map((p) => [p.name, '-1'])) });
        }
        if (bodySchema && method !== 'get' && method !== 'delete') {
          requests.push({ path: goodPath, body: {} });
          for (const make of [wrongType, empty, huge, nul])
            requests.push({ path: goodPath, body: bodyWith(bodySchema, make) });
        }
        for (const r of requests) {
          const send = (language: string) => {
            let req = t.http[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](r.path).set(
              'accept-language',
              language,
            );
            if (caller) req = req.set(caller.auth);
            if (r.query) req = req.query(r.query);
            if (r.body !== undefined) req = req.send(r.body as object);
            return req;
          };
          const en = await send('en');
          if (en.status !== 400 || !Array.isArray(en.body?.errors)) continue;
          const de = await send('de');
          refusals++;
          for (const e of en.body.errors as Untranslated[]) {
            if (GERMAN.test(e.reason)) germanForEnglish.push({ ...e, route: `${method.toUpperCase()} ${route}` });
          }
          const english = new Map<string, string>(
            (en.body.errors as Untranslated[]).map((e) => [`${e.field}|${e.code}`, e.reason]),
          );
          for (const e of de.body.errors as Untranslated[]) {
            const at = { route: `${method.toUpperCase()} ${route}`, field: e.field, code: e.code, reason: e.reason };
            if (!e.code) withoutCode.push(at);
            if (english.get(`${e.field}|${e.code}`) === e.reason) untranslated.push(at);
          }
        }
      }
    }
    const unique = (list: Untranslated[]) => [
      ...new Set(
        list.map(
          (u) =>
            `${u.route} ${u.field.replace(/\.\d+/g, '.n')} ${u.code ?? '(no code)'}: ${u.reason.replace(/\d+/g, 'n')}`,
        ),
      ),
    ];
    expect(refusals).toBeGreaterThan(100);
    expect(unique(untranslated)).toEqual([]);
    expect(unique(withoutCode)).toEqual([]);
    expect(unique(germanForEnglish)).toEqual([]);
  }, 300_000);
});
