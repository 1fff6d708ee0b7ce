import { resolve } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { pgliteStores, postgresStores, type PostgresStores } from "@linkwork/store-postgres";
import { runFailed, usageError, type CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { parseFlags, textFlag } from "./flag-values.js";

export const MigrateFlags = z.object({
  databaseUrl: textFlag("a PostgreSQL connection URI").optional(),
  pglite: textFlag("a folder").optional(),
  schema: textFlag("a schema").optional(),
  quiet: z.boolean().default(false),
});

/**
 * Creates or upgrades the PostgreSQL schema of @linkwork/store-postgres (tables, append function),
 * on a server (`--database-url`, or DATABASE_URL) or in a PGlite folder (`--pglite`). Safe to run
 * any number of times; says which schema versions it applied. Exit 1 when the database refuses.
 */
export async function migrateCommand(
  options: Record<string, unknown>,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<E.Either<CliError, number>> {
  const flags = parseFlags(MigrateFlags, options);
  if (E.isLeft(flags)) return flags;
  const { pglite, schema, quiet } = flags.right;
  const databaseUrl = flags.right.databaseUrl ?? (pglite === undefined ? env["DATABASE_URL"] : undefined);
  if (pglite !== undefined && flags.right.databaseUrl !== undefined) return E.left(usageError("give --database-url or --pglite, not both"));
  if (pglite === undefined && (databaseUrl === undefined || databaseUrl === "")) {
    return E.left(usageError("--database-url (or DATABASE_URL) or --pglite <folder> is required"));
  }
  const settings = schema === undefined ? {} : { schema };
  const opened: E.Either<{ readonly message: string }, PostgresStores> =
    pglite !== undefined
      ? await pgliteStores({ ...settings, dataDir: resolve(io.cwd ?? process.cwd(), pglite) })
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
