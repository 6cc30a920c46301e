import { defineConfig } from 'vitest/config';

// Unit and integration tests sit beside the code they test (`*.test.ts`); e2e/ runs through Playwright.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'main/**/*.test.ts', 'node/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['scripts/vitestGlobalSetup.ts'],
  },
});
