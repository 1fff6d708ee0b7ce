import { configDefaults, defineConfig } from "vitest/config";

const include = ["packages/*/test/**/*.test.ts", "integration/**/*.test.ts", "examples/test/**/*.test.ts"];
// Tests that need the PostgreSQL server of the run: their own project, whose global setup starts
// a throwaway server (or takes DATABASE_URL) only when one of them is queued.
const postgres = ["packages/store-postgres/test/**/*.test.ts", "integration/postgres/**/*.test.ts"];

// Tests import workspace packages from their sources (the "@linkwork/source" export condition),
// so no build is needed before `pnpm test`.
export default defineConfig({
  resolve: { conditions: ["@linkwork/source"] },
  ssr: { resolve: { conditions: ["@linkwork/source"], externalConditions: ["@linkwork/source"] } },
  test: {
    // In CI a JSON report too, from which .ci/run prints the plain "N passed, N failed" closing line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: "out/vitest-report.json" }]] : ["default"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "linkwork", include, exclude: [...configDefaults.exclude, ...postgres] } },
      {
        extends: true,
        test: { name: "postgres", include: postgres, globalSetup: ["packages/store-postgres/test-support/global-setup.ts"] },
      },
    ],
  },
});
