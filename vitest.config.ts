import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // one temporary folder for the run, removed at its end
    globalSetup: ["test/global-tmp.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
