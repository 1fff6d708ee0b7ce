import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { printable } from "@linkwork/core";
import { pgliteStores, postgresStores, type PostgresStores } from "@linkwork/store-postgres";
import { runFailed, usageError, type CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { parseFlags, textFlag } from "./flag-values.js";

/** Control characters: in a URI or a name they are a paste gone wrong, never meant. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The system's own schemas, which migrate must never write into: PostgreSQL reserves names that begin
 * with `pg_` for system purposes ("Schema names beginning with pg_ are reserved for system purposes
 * and cannot be created by users", https://www.postgresql.org/docs/current/ddl-schemas.html, 5.10.5),
 * and `information_schema` is the SQL standard's catalogue views
 * (https://www.postgresql.org/docs/current/information-schema.html).
 */
const isSystemSchema = (name: string): boolean => /^pg_/i.test(name) || name.toLowerCase() === "information_schema";

export const MigrateFlags = z.object({
  // The URI may hold a password: a message names the flag, never the value.
  databaseUrl: textFlag("a PostgreSQL connection URI")
    .refine((uri) => !CONTROL.test(uri), "must not contain control characters")
    .optional(),
  pglite: textFlag("a folder")
    .refine((folder) => !CONTROL.test(folder), "must not contain control characters")
    .optional(),
  schema: textFlag("a schema")
    .refine((name) => !CONTROL.test(name), "must not contain control characters")
    .refine((name) => !isSystemSchema(name), "must not be a system schema (pg_..., information_schema)")
    .optional(),
  quiet: z.boolean().default(false),
});

/** A PGlite folder: one that exists, or none yet (PGlite makes it); a file there is a usage error. */
async function pgliteFolder(path: string, given: string): Promise<E.Either<CliError, string>> {
  try {
    const found = await stat(path);
    return found.isDirectory() ? E.right(path) : E.left(usageError(`--pglite: ${printable(given)} is not a folder`));
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? E.right(path) : E.left(usageError(`--pglite: cannot use ${printable(given)} (${code ?? "unreadable"})`));
  }
}

/**
 * Creates or upgrades the PostgreSQL schema of @linkwork/store-postgres (tables, append function),
 * on a server (`--database-url`, or DATABASE_URL) or in a PGlite folder (`--pglite`). Safe to run
 * any number of times; says which schema versions it applied. Exit 1 when the database refuses.
 */
export async function migrateCommand(
  options: Record<string, unknown>,
  io: CliIo,
  env: NodeJS.ProcessEnv = io.env ?? process.env,
): Promise<E.Either<CliError, number>> {
  const flags = parseFlags(MigrateFlags, options, ["databaseUrl"]);
  if (E.isLeft(flags)) return flags;
  const { pglite, schema, quiet } = flags.right;
  const databaseUrl = flags.right.databaseUrl ?? (pglite === undefined ? env["DATABASE_URL"] : undefined);
  if (pglite !== undefined && flags.right.databaseUrl !== undefined) return E.left(usageError("give --database-url or --pglite, not both"));
  if (pglite === undefined && (databaseUrl === undefined || databaseUrl === "")) {
    return E.left(usageError("--database-url (or DATABASE_URL) or --pglite <folder> is required"));
  }
  const settings = schema === undefined ? {} : { schema };
  if (pglite === undefined && databaseUrl !== undefined && CONTROL.test(databaseUrl)) {
    return E.left(usageError("DATABASE_URL: must not contain control characters"));
  }
  const folder = pglite === undefined ? undefined : await pgliteFolder(resolve(io.cwd ?? process.cwd(), pglite), pglite);
  if (folder !== undefined && E.isLeft(folder)) return folder;
  const opened: E.Either<{ readonly message: string }, PostgresStores> =
    folder !== undefined
      ? await pgliteStores({ ...settings, dataDir: folder.right })
      : postgresStores({ ...settings, connectionString: databaseUrl! });
  // A bad option (a schema name, a URI) is the user's to fix; anything the database says is a failed run.
  if (E.isLeft(opened)) return E.left(usageError(opened.left.message));
  const stores = opened.right;
  const report = await stores.migrate();
  await stores.close();
  if (E.isLeft(report)) return E.left(runFailed(report.left.message));
  const { applied, version } = report.right;
  if (!quiet) {
    io.stdout.write(
      applied.length === 0
        ? `schema ${report.right.schema} is up to date (version ${version})\n`
        : `schema ${report.right.schema}: applied version${applied.length > 1 ? "s" : ""} ${applied.join(", ")}; now at version ${version}\n`,
    );
  }
  return E.right(0);
}
