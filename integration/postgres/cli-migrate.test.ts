// `linkwork migrate` against the PostgreSQL server of the test run (the postgres test project's
// global setup starts one, or DATABASE_URL names it): applies the schema, then finds it up to date;
// bad flags are usage errors (exit 2) naming the flag.
import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, inject, it } from "vitest";
import { runCli } from "@linkwork/cli";
import { latestSchemaVersion, postgresStores } from "@linkwork/store-postgres";

async function linkwork(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe("linkwork migrate", () => {
  it("applies the schema once and finds it up to date the second time", async () => {
    const url = inject("postgresUrl");
    const schema = `cli_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const first = await linkwork(["migrate", "--database-url", url, "--schema", schema]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    // Every migration, from 1 to the latest the package ships (5 since the key store counts erasures).
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(5);
    const versions = Array.from({ length: latestSchemaVersion }, (_, index) => index + 1).join(", ");
    expect(first.stdout).toBe(`schema ${schema}: applied versions ${versions}; now at version ${latestSchemaVersion}\n`);
    const second = await linkwork(["migrate", "--database-url", url, "--schema", schema]);
    expect(second).toMatchObject({ code: 0, stdout: `schema ${schema} is up to date (version ${latestSchemaVersion})\n` });

    // The schema is usable: a store on it appends; then it is dropped.
    const stores = postgresStores({ connectionString: url, schema });
    if (E.isLeft(stores)) throw new Error(stores.left.message);
    const read = await stores.right.store.readAll();
    expect(E.isRight(read) && read.right).toEqual({ events: [], isEnd: true });
    expect(E.isRight(await stores.right.transaction((tx) => tx.execute(`DROP SCHEMA ${schema} CASCADE`)))).toBe(true);
    await stores.right.close();
  });

  it("answers a usage error naming what is wrong, and touches nothing", async () => {
    const noTarget = await linkwork(["migrate"].concat(process.env["DATABASE_URL"] === undefined ? [] : ["--database-url", ""]));
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/^linkwork migrate: .*(--database-url|DATABASE_URL)/);
    const badSchema = await linkwork(["migrate", "--database-url", inject("postgresUrl"), "--schema", "Robert'); DROP TABLE x;--"]);
    expect(badSchema.code).toBe(2);
    expect(badSchema.stderr).toContain("options.schema");
    const both = await linkwork(["migrate", "--database-url", inject("postgresUrl"), "--pglite", "somewhere"]);
    expect(both).toMatchObject({ code: 2 });
    expect(both.stderr).toContain("not both");
  });
});
