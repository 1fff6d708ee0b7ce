import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { resolve } from "node:path";

/**
 * PGlite takes no lock on its folder: two of them opening one folder, in two processes or in one,
 * both write and leave it unreadable (electric-sql/pglite#1106, #327). So `pgliteStores` holds a
 * lock file beside the folder (not in it: the folder is PostgreSQL's), naming the process, for as
 * long as the stores are open. A lock whose process has ended is taken over.
 */
export type FolderLock = { readonly release: () => void } | { readonly heldBy: number; readonly path: string };

export function lockFolder(dataDir: string): FolderLock {
  const path = `${resolve(dataDir)}.linkwork-lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      const file = openSync(path, "wx");
      try {
        writeSync(file, String(process.pid));
      } finally {
        closeSync(file);
      }
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off("exit", release);
        rmSync(path, { force: true });
      };
      // A process that ends without closing the stores leaves no lock behind.
      process.once("exit", release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = holderOf(path);
      if (holder !== null && isRunning(holder)) return { heldBy: holder, path };
      rmSync(path, { force: true });
    }
  }
  return { heldBy: holderOf(path) ?? 0, path };
}

function holderOf(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, "utf8"));
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether a process runs: signal 0 tests without sending (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
