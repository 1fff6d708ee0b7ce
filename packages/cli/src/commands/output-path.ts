import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { usageError, type CliError } from "./cli-error.js";

/** A path from the command line, resolved against the CLI's working directory. */
export function resolvePath(cwd: string | undefined, path: string): string {
  return resolve(cwd ?? process.cwd(), path);
}

/** The history file a command reads: a missing or unreadable one is a usage error, said plainly. */
export async function existingFile(
  cwd: string | undefined,
  path: string,
): Promise<E.Either<CliError, { readonly path: string; readonly bytes: number }>> {
  const resolved = resolvePath(cwd, path);
  try {
    const found = await stat(resolved);
    if (!found.isFile()) return E.left(usageError(`${path} is not a file`));
    return E.right({ path: resolved, bytes: found.size });
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    return E.left(usageError(code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${(thrown as Error).message}`));
  }
}
