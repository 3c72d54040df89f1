import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits up to 10 s (the default is 1 s): a page's code now loads on first visit
    // (one chunk per route), which on a loaded 2-core machine can take longer than a second.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // Vitest's default is one worker less than the cores: a single worker on CI's two cores. Much
    // of the suite waits (browsers, spawned CLIs, polls), so two workers use the machine better.
    maxWorkers: 2,
    // Each worker keeps its modules between test files instead of loading the whole server again
    // for each (measured on 26 domain test files: 135 → 72 CPU s). Test files share no state
    // but the module cache: each makes its own database, app and workspaces.
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
