/**
 * R3's floor: a bare Fastify server (no Nest, no guards, pipes, interceptors, request
 * logging or TypeORM) that answers the same routes with the same SQL through `pg` and
 * the same pool size (10) as the product. The SQL is the product's own: BundlesService and
 * MarketService run against a thin stand-in for TypeORM's DataSource that passes each
 * statement to a pg Pool. The viewer look-up (PlacesService, CoordinationService) is written
 * out as the three statements the product issues for it. Started by the runner as a child
 * process: FLOOR_PORT, DATABASE_URL, JWT_SECRET.
 */
import fastify from 'fastify';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AuthUser, Role } from '@buendel/auth';
import { BundlesRepository, BundlesService, JoinMandatesRepository, JoinMandatesService } from '@buendel/bundling';
import { SystemClock } from '@buendel/clock';
import { NotFoundException } from '@buendel/errors';
import { effectiveDistrictKeys } from '@buendel/identity';
import { OrganisationType } from '@buendel/persistence';
import { MarketRepository, MarketService } from '@buendel/tendering';
import { verifyAccessToken } from '../lib/tokens';

const pool = new Pool({
  connectionString: process.env['DATABASE_URL'],
  max: 10,
  application_name: 'buendel-bench-floor',
});
const secret = process.env['JWT_SECRET'] ?? '';
const rows = async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows;
const dataSource = { query: rows, manager: { query: rows } } as unknown as DataSource;

/** PlacesService.of and CoordinationService.coordinatedDistrictKeys, statement for statement */
const places = {
  async of(user: AuthUser) {
    const [own] = await rows(`SELECT ags, district_key FROM organisations WHERE id = $1`, [user.organisationId]);
    const [organisation] = await rows(
      `SELECT id, type, name, ags, district_key, nuts3, population, land_key, official_type, reference_key, vat_id, address,
              contact_name, created_at, updated_at FROM organisations WHERE id = $1 LIMIT 1`,
      [user.organisationId],
    );
    const assigned = await rows(
      `SELECT district_key FROM coordination_assignments WHERE coordinator_organisation_id = $1 ORDER BY district_key ASC`,
      [user.organisationId],
    );
    return {
      organisationId: user.organisationId,
      ags: own?.ags ?? null,
      districtKey: own?.district_key ?? null,
      coordinatedDistrictKeys: organisation
        ? effectiveDistrictKeys(
            { type: organisation.type as OrganisationType, districtKey: organisation.district_key },
            assigned.map((a) => a.district_key as string),
          )
        : [],
    };
  },
};
const bundles = new BundlesService(
  dataSource,
  new BundlesRepository(dataSource),
  undefined as never,
  places as never,
  undefined as never,
  undefined as never,
  undefined as never,
  new SystemClock(),
  // the mandates of the bundle, read like the product reads them for its participants
  new JoinMandatesService(
    dataSource,
    new JoinMandatesRepository(),
    undefined as never,
    undefined as never,
    undefined as never,
    undefined as never,
    undefined as never,
    undefined as never,
  ),
);

const market = new MarketService(new MarketRepository(dataSource));

function userOf(authorization: string | undefined): AuthUser | undefined {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const claims = token ? verifyAccessToken(secret, token) : undefined;
  return claims
    ? { id: claims.sub, email: claims.email, role: claims.role as Role, organisationId: claims.org }
    : undefined;
}

const app = fastify({ logger: false });
app.get<{ Params: { id: string } }>('/api/v1/bundles/:id', async (request, reply) => {
  const user = userOf(request.headers.authorization);
  if (!user) return reply.code(401).send({ status: 401 });
  try {
    return await bundles.get(user, request.params.id);
  } catch (e) {
    if (e instanceof NotFoundException) return reply.code(404).send({ status: 404 });
    throw e;
  }
});
app.get('/api/v1/market/demand', async (request, reply) => {
  const user = userOf(request.headers.authorization);
  if (!user) return reply.code(401).send({ status: 401 });
  return market.demand(request.query as never);
});
app.get('/health', async () => ({ status: 'ok' }));

app.listen({ port: Number(process.env['FLOOR_PORT']), host: '127.0.0.1' }).catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
