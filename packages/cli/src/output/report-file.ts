import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomically } from "@linkwork/core";

/** A rendered report file, named relative to the output folder. */
export interface ReportFile {
  readonly name: string;
  readonly content: string;
}

/**
 * Writes the files into `dir`, creating it if needed; answers the paths written. Each file is
 * written whole or not at all (temporary name, fsync, rename), so a reader never opens half a report.
 */
export async function writeReportFiles(dir: string, files: readonly ReportFile[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    await writeFileAtomically(path, file.content);
    written.push(path);
  }
  return written;
}
