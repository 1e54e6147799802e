import nx from '@nx/eslint-plugin';

/**
 * Module boundaries by tag.
 * Layers (type:*), each importing only the layers below it:
 *   type:domain  pure domain rules; may import only other domain code (no Nest, no TypeORM)
 *   type:util    framework plumbing shared by everything (config, errors, http)
 *   type:data    persistence and queue infrastructure, and auth (the guard checks every request
 *                against the user's current row)
 *   type:feature Nest feature modules (controllers, services, processors)
 *   type:app     deployable shells (api, worker, launcher)
 *   type:e2e     the end-to-end tests, which boot the apps
 *   type:testing test helpers (@buendel/testing): only tests may import them, never production code
 * Bounded contexts (scope:*): a context imports itself, the contexts it is built on, and
 * scope:shared (generic pieces: paging, validators, errors, persistence, queues). A generic
 * piece in a context lib is in the wrong place: move it to a shared lib instead of
 * importing it from a context it has no business with.
 */
const layers = [
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'class-validator', 'class-transformer'],
  },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:domain'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:domain'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util', 'type:domain'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util', 'type:domain'] },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: ['type:testing', 'type:app', 'type:feature', 'type:data', 'type:util', 'type:domain'],
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:domain'] },
];
const scopes = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:reference-data', onlyDependOnLibsWithTags: ['scope:reference-data', 'scope:shared'] },
  { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
  { sourceTag: 'scope:bundling', onlyDependOnLibsWithTags: ['scope:bundling', 'scope:identity', 'scope:shared'] },
  { sourceTag: 'scope:tendering', onlyDependOnLibsWithTags: ['scope:tendering', 'scope:bundling', 'scope:shared'] },
];
const depConstraints = [...layers, ...scopes];
/** unit tests beside the code may use the test helpers too */
const specDepConstraints = [
  ...layers.map((c) => ({ ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] })),
  ...scopes,
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.data', '.nx', 'coverage', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    // type-aware rules: a promise is awaited, returned or explicitly voided, and never handed
    // to a place that expects a plain function (an event handler, a forEach callback)
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: specDepConstraints },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'no-console': 'off' },
  },
  {
    // the end-to-end tests boot the apps through their bootstrap entry points
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: ['@buendel/api', '@buendel/worker'], depConstraints },
      ],
    },
  },
];
