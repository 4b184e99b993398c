import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/support/pattern-engine.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
