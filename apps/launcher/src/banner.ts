import { EnvironmentVariables } from '@buendel/config';
import { DEMO_LOGINS } from '@buendel/identity';

const WEB_NOTE = {
  building: '   (being built beside the API; the page reloads itself until it is ready)',
  built: '',
  failed: '   (its build failed: see the lines above)',
} as const;

/** What a person sees once the product is up: where it is and how to sign in. */
export function startupBanner(
  config: EnvironmentVariables,
  env: NodeJS.ProcessEnv,
  mail?: { viewerUrl: string },
  web: 'building' | 'built' | 'failed' = 'built',
): string {
  const base = `http://localhost:${config.PORT}`;
  const lines = [
    '',
    '  Bündel is running',
    `    App      ${base}/${WEB_NOTE[web]}`,
    `    API      ${base}/api/v1`,
    `    Docs     ${base}/docs   (OpenAPI JSON: ${base}/docs-json)`,
    `    Health   ${base}/health`,
    mail
      ? `    Mail     ${mail.viewerUrl}   (caught here, not sent: SMTP_URL is not set)`
      : `    Mail     sent through ${config.SMTP_URL?.replace(/\/\/[^@/]*@/, '//…@') ?? 'SMTP_URL'}`,
    '',
    '  Sign in (in the app, or POST /api/v1/auth/login):',
    `    admin        ${config.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD ?? '(ADMIN_PASSWORD)'}`,
  ];
  if (config.DEMO_DATA) {
    lines.push('', '  Demo logins (DEMO_DATA=true):');
    for (const d of DEMO_LOGINS) {
      lines.push(`    ${d.role.padEnd(12)} ${d.email} / ${d.password}   (${d.organisation})`);
    }
    lines.push(
      '',
      '  Demo content: demands of six municipalities and an open bundle of Landkreis Zwickau',
      '  (GET /api/v1/bundles as the coordinator or a buyer); two buyers have not joined yet.',
    );
  }
  lines.push('', '  Stop with Ctrl+C; data stays in .data/ for the next start.', '');
  return lines.join('\n');
}
