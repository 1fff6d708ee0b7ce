import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, type CliIo } from "../src/index.js";

/** What one in-process run of the CLI answered and wrote. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stream that keeps what is written; `isTTY` pretends to be a terminal (for the progress bar). */
function captured(isTTY: boolean): { stream: CliIo["stdout"]; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: { write: (text: string) => chunks.push(text), isTTY, columns: 120 },
    text: () => chunks.join(""),
  };
}

/** Runs `linkwork ...args` in process, in `cwd`, with captured stdout and stderr. */
export async function linkwork(cwd: string, args: readonly string[], options: { readonly tty?: boolean } = {}): Promise<CliRun> {
  const stdout = captured(false);
  const stderr = captured(options.tty ?? false);
  const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream, cwd });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A fresh temporary folder, and its removal. */
export async function scratchFolder(): Promise<{ readonly dir: string; readonly remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "linkwork-cli-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A small history whose follow-up windows end inside the run: one PCN, referrals in the first three
 * months, nine months in all, so 3- and 6-month demand windows have estimates.
 */
export const smallHistoryArgs = [
  "simulate",
  "--seed",
  "11",
  "--pcns",
  "1",
  "--months",
  "9",
  "--intake-months",
  "3",
  "--out",
  "history.ndjson",
] as const;
