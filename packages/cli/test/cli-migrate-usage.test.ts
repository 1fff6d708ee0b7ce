import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { scratchFolder } from "./cli-run.js";

// `linkwork migrate`'s flags are refused before any database is opened: usage errors (exit 2) that
// name the flag, never echo a connection URI (it may hold a password), and write nothing.

let dir = "";
let remove: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  await writeFile(join(dir, "a-file"), "not a folder\n");
});
afterAll(() => remove());

async function migrate(args: readonly string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["migrate", ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: dir,
    env,
  });
  return { code, stdout, stderr };
}

describe("linkwork migrate refuses bad flags as usage errors", () => {
  it.each(["pg_catalog", "pg_toast", "PG_Temp_1", "information_schema", "INFORMATION_SCHEMA"])(
    "--schema %s: a system schema is never migrated into",
    async (schema) => {
      const run = await migrate(["--pglite", "db", "--schema", schema]);
      expect(run).toMatchObject({ code: 2, stdout: "" });
      expect(run.stderr).toContain("system schema");
      expect(await readdir(dir)).toEqual(["a-file"]);
    },
  );

  it("--pglite naming a file: says it is not a folder, with no [object Object]", async () => {
    const run = await migrate(["--pglite", "a-file"]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe("linkwork migrate: --pglite: a-file is not a folder\n");
  });

  it("a control character in --database-url or DATABASE_URL: named, the URI not echoed", async () => {
    const secret = "postgres://user:s3cret@localhost/db\u0007";
    for (const run of [await migrate(["--database-url", secret]), await migrate([], { DATABASE_URL: secret })]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/(--database-url|DATABASE_URL).*control characters/);
      expect(run.stderr).not.toContain("s3cret");
      expect(run.stderr).not.toContain("\u0007");
    }
  });
});
