// Vitest global setup of the store-postgres test project: the PostgreSQL server its tests share.
// With DATABASE_URL set, the tests use that server (each in schemas of its own, dropped after);
// otherwise a throwaway server is started here and stopped when the run ends.
import type { TestProject } from "vitest/node";
import { startTestServer } from "./test-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env["DATABASE_URL"];
  if (given !== undefined && given !== "") {
    project.provide("postgresUrl", given);
    return () => Promise.resolve();
  }
  const server = await startTestServer();
  project.provide("postgresUrl", server.connectionString);
  return () => server.stop();
}
