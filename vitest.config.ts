import { availableParallelism } from 'node:os';
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
    // Vitest's default is one worker fewer than the cores: one on this 2-core machine, and
    // the files' waits (child servers, the browser, the database) then add up end to end.
    // At least two files at a time; VITEST_MAX_WORKERS overrides.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS) || Math.max(2, availableParallelism()),
    // A worker keeps its imported modules from one file to the next instead of importing
    // the application again per file (about 4 s each on this machine). Every file still gets
    // its own database (test/support/db.ts) and restores what it changes in process.env.
    isolate: false,
    // One migrated, seeded database that each test file copies (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
  },
});
