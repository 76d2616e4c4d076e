import { defineConfig } from 'vitest/config';

/**
 * The package tests that need the machine's PostgreSQL (TEST_DATABASE_URL) or Redis
 * (TEST_REDIS_URL). They are the `services` project, so that `unit` runs on a machine with
 * neither (`npx vitest run --project unit`); `npm test` and CI run both.
 */
const SERVICE_TESTS = [
  'packages/sync/test/postgresStorage.test.ts',
  'packages/sync/test/redisFanOut.test.ts',
  'packages/sync/test/redisLease.test.ts',
  'packages/sync/test/redisPostgresProcesses.test.ts',
  'apps/server/test/redisTokenBucket.test.ts',
];

// One runner for everything `npm test` runs; each project is a layer of the test pyramid.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/repo/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...SERVICE_TESTS],
        },
      },
      {
        test: {
          name: 'services',
          include: SERVICE_TESTS,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
