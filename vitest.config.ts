import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**'],
    // Database tests share one server when DATABASE_URL is set; each test file
    // creates its own schema, so files may run in parallel.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One migrated, seeded database that each test file copies (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
  },
});
