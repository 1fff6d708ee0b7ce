import { open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomUUID } from "node:crypto";

/**
 * Files written whole or not at all. The content goes to a temporary name in the same folder
 * (`.<name>.<pid>.<random>.partial`, so a rename never crosses file systems), is flushed to disk,
 * and is renamed over the target: a reader sees the old file or the new one, never part of one,
 * even after a crash. A run killed before its rename leaves a partial file; the next write of the
 * same target removes those whose process is gone.
 *
 * Hand-written rather than `write-file-atomic` because history exports stream (that library takes
 * the whole content at once) and because of the stale-partial clean-up, which it does not do.
 */
export async function writeFileAtomically(path: string, content: AsyncIterable<string | Uint8Array> | string): Promise<void> {
  const dir = dirname(path);
  const name = basename(path);
  await removeStalePartials(dir, name);
  const partial = join(dir, `.${name}.${process.pid}.${randomUUID().slice(0, 8)}.partial`);
  try {
    const file = await open(partial, "w");
    try {
      if (typeof content === "string") await file.writeFile(content, "utf8");
      else for await (const chunk of content) await (typeof chunk === "string" ? file.write(chunk, null, "utf8") : file.write(chunk));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Partial files of this target left by processes that are no longer running. */
async function removeStalePartials(dir: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    // A folder that cannot be listed holds no partials this write can see; the write itself says what is wrong.
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(".partial")) continue;
    const pid = Number(entry.slice(prefix.length).split(".")[0]);
    if (Number.isInteger(pid) && pid > 0 && !running(pid)) await rm(join(dir, entry), { force: true }).catch(() => undefined);
  }
}

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
