import { defineConfig } from "vitest/config";

// Tests import workspace packages from their sources (the "@linkwork/source" export condition),
// so no build is needed before `pnpm test`.
export default defineConfig({
  resolve: { conditions: ["@linkwork/source"] },
  ssr: { resolve: { conditions: ["@linkwork/source"], externalConditions: ["@linkwork/source"] } },
  test: {
    // In CI a JSON report too, from which .ci/run prints the plain "N passed, N failed" closing line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: "out/vitest-report.json" }]] : ["default"],
    include: ["packages/*/test/**/*.test.ts", "integration/**/*.test.ts", "examples/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
