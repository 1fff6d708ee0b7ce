import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A rendered report file, named relative to the output folder. */
export interface ReportFile {
  readonly name: string;
  readonly content: string;
}

/** Writes the files into `dir`, creating it if needed; answers the paths written. */
export async function writeReportFiles(dir: string, files: readonly ReportFile[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    await writeFile(path, file.content, "utf8");
    written.push(path);
  }
  return written;
}
