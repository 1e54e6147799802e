import { accessRules } from '../support/access-rules';
import { createApiApp } from '@buendel/api';
import {
  AccessMatrixContext,
  callRoute,
  createTestApp,
  createUserWithRole,
  openApiRoutes,
  pathParameters,
  RouteAccessRule,
  TEST_ROLES,
  TestRole,
  TestUser,
} from '@buendel/testing';

/**
 * Every route of the API, as every kind of caller. The rules live in
 * test/access/<module>.access.ts (see test/access/README.md); a route of the OpenAPI
 * document without a rule, or a rule without a route, fails this test.
 */
const rules: RouteAccessRule[] = accessRules;

const allowed = (rule: RouteAccessRule, role: TestRole) => rule.access === 'public' || rule.access.includes(role);

/** the roles whose foreign-organisation access a rule checks */
const foreignRoles = (rule: RouteAccessRule): readonly TestRole[] =>
  rule.foreignRoles ?? (rule.access === 'public' ? [] : rule.access.filter((r) => r !== 'admin'));

function describeAnswer(res: { status: number; body: unknown }): string {
  return `${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
}

describe('access matrix', () => {
  const ctx = {} as AccessMatrixContext;

  beforeAll(async () => {
    ctx.t = await createTestApp(createApiApp);
    const make = async () =>
      Object.fromEntries(
        await Promise.all(TEST_ROLES.map(async (role) => [role, await createUserWithRole(ctx.t, role)] as const)),
      ) as Record<TestRole, TestUser>;
    ctx.users = await make();
    ctx.foreign = await make();
  });
  afterAll(async () => {
    await ctx.t.close();
  });

  it('has exactly one rule for every route of the OpenAPI document', async () => {
    const routes = await openApiRoutes(ctx.t.http);
    const ruled = rules.map((r) => r.route);
    const missing = routes.filter((r) => !ruled.includes(r));
    const stale = ruled.filter((r) => !routes.includes(r));
    const duplicated = ruled.filter((r, i) => ruled.indexOf(r) !== i);
    expect({ missing, stale, duplicated }).toEqual({ missing: [], stale: [], duplicated: [] });
  });

  it('checks a foreign organisation on every route that addresses an object', () => {
    const unchecked = rules
      .filter((r) => pathParameters(r.route).length > 0 && foreignRoles(r).length > 0)
      .filter((r) => !r.ownedObject && !r.noOwner)
      .map((r) => r.route);
    expect(unchecked).toEqual([]);
  });

  describe.each(rules.map((rule) => [rule.route, rule] as const))('%s', (_, rule) => {
    const request = { params: rule.params, body: rule.body, stream: rule.stream };

    it(rule.access === 'public' ? 'is open without a token' : 'answers 401 without a token', async () => {
      const res = await callRoute(ctx.t.http, rule.route, undefined, request);
      if (rule.access === 'public') {
        expect([401, 403, 500]).not.toContain(res.status);
      } else {
        expect(describeAnswer(res)).toMatch(/^401 /);
      }
    });

    it.each(TEST_ROLES)('as %s', async (role) => {
      const res = await callRoute(ctx.t.http, rule.route, ctx.users[role], request);
      if (allowed(rule, role)) {
        expect([401, 403, 500]).not.toContain(res.status);
      } else {
        expect(describeAnswer(res)).toMatch(/^403 /);
      }
    });

    const foreign = foreignRoles(rule);
    if (rule.ownedObject && foreign.length > 0) {
      it.each(foreign)('answers 404 to a %s of a foreign organisation, not to the owner', async (role) => {
        const object = await rule.ownedObject!(ctx, ctx.users[role]);
        const asForeign = await callRoute(ctx.t.http, rule.route, ctx.foreign[role], {
          ...object,
          stream: rule.stream,
        });
        expect(describeAnswer(asForeign)).toMatch(/^404 /);
        const asOwner = await callRoute(ctx.t.http, rule.route, ctx.users[role], { ...object, stream: rule.stream });
        expect([401, 403, 404, 500]).not.toContain(asOwner.status);
      });
    }
  });
});
