import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { printable } from "@linkwork/core";
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
  // An empty argument would resolve to the working folder and be called "not a file" with no name.
  if (path === "") return E.left(usageError('<file>: must name a history file (got "")'));
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

/** A file a command reads, and the flag (or argument) that named it: it must never be written over. */
export interface CommandInput {
  readonly path: string;
  /** How a message names it: `the history`, `--key-file`. */
  readonly named: string;
}

/** The same file, by identity rather than by name: a symbolic or hard link to an input is the input. */
export async function isSameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  try {
    const [one, two] = await Promise.all([stat(a), stat(b)]);
    return one.dev === two.dev && one.ino === two.ino;
  } catch {
    // One of them does not exist yet (or cannot be looked at): they are not the same file.
    return false;
  }
}

/** The input `path` would overwrite, if any. */
export async function overwrittenInput(path: string, inputs: readonly CommandInput[]): Promise<CommandInput | undefined> {
  for (const input of inputs) if (await isSameFile(path, input.path)) return input;
  return undefined;
}

/**
 * A file a command will write (`--out FILE`, `--people FILE`), checked before any work: a folder
 * or anything else but a regular file standing there is a usage error (found only at the end otherwise, after a run of minutes, naming
 * the temporary file), and so is one of the command's own inputs.
 */
export async function outputFile(
  cwd: string | undefined,
  given: string,
  flag: string,
  inputs: readonly CommandInput[] = [],
): Promise<E.Either<CliError, string>> {
  const path = resolvePath(cwd, given);
  try {
    const found = await stat(path);
    if (found.isDirectory()) return E.left(usageError(`${flag}: ${printable(given)} is a folder: name a file`));
    // The file is written under a temporary name and renamed into place: over /dev/stdout (a link
    // to a device), a FIFO or a socket, the rename would replace it, not write through it.
    if (!found.isFile()) return E.left(usageError(`${flag}: ${printable(given)} is not a regular file: name a file`));
  } catch {
    // Nothing there yet (or nothing that can be looked at): the write says why, if it fails.
  }
  const input = await overwrittenInput(path, inputs);
  return input === undefined
    ? E.right(path)
    : E.left(usageError(`${flag}: ${printable(given)} is ${input.named}: it must not be written over`));
}

/**
 * A folder a command will write into (`--out DIR`): one that exists, or none yet (it is made);
 * anything else standing there is a usage error, found before the history is read.
 */
export async function outputFolder(cwd: string | undefined, given: string, flag: string): Promise<E.Either<CliError, string>> {
  const path = resolvePath(cwd, given);
  try {
    if ((await stat(path)).isDirectory()) return E.right(path);
  } catch (thrown) {
    // ENOENT: made when the files are written. ENOTDIR: a file stands where a folder of the path should be.
    const code = (thrown as NodeJS.ErrnoException).code;
    if (code !== "ENOTDIR") return E.right(path);
  }
  return E.left(usageError(`${flag}: ${printable(given)} is not a folder`));
}
