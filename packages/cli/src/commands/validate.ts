import { closeSync, openSync, readSync } from "node:fs";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { formatHistoryProblem, printable, type HistoryProblem } from "@linkwork/core";
import { checkHistory, HISTORY_CHUNK_BYTES } from "@linkwork/core/store-kit";
import { runFailed, type CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { existingFile } from "./output-path.js";
import { parseFlags } from "./flag-values.js";
import { progressBar, type Progress } from "./progress.js";

export const ValidateFlags = z.object({
  quiet: z.boolean().default(false),
});

const MEGABYTE = 1024 * 1024;

/** Problems held while the progress bar is drawn (a few hundred kilobytes); more are printed as found, without the bar. */
const HELD_PROBLEMS = 1000;

/** Chunks read between two turns of the event loop (4 MiB), so timers and signal handlers still run. */
const CHUNKS_PER_TURN = 64;

/**
 * The file's bytes as they are read (in the core's chunks: see HISTORY_CHUNK_BYTES), so the bar can
 * show how far through the file the check is. Read synchronously, a chunk at a time: a read stream's
 * hand-offs to the thread pool cost more processor time than the reads (measured in the report of
 * branch h65-check-speed).
 */
async function* counted(path: string, progress: Progress): AsyncGenerator<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    let bytes = 0;
    for (let chunks = 1; ; chunks++) {
      const chunk = Buffer.allocUnsafe(HISTORY_CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return;
      bytes += read;
      progress.update(bytes / MEGABYTE);
      yield read < chunk.length ? chunk.subarray(0, read) : chunk;
      if (chunks % CHUNKS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
}

const count = (value: number) => value.toLocaleString("en-GB");

function codeCounts(byCode: ReadonlyMap<string, number>): string {
  return [...byCode].map(([code, times]) => `${count(times)} ${code}`).join(", ");
}

/**
 * Checks a history file the way an import would (each line against its event's schema, positions,
 * event ids and stream versions: the report of an import in report mode into a fresh store, from the
 * checker alone, so no event is held) and lists every problem by line.
 * Exit code 0 when the file is clean, 1 when any line has a problem.
 */
export async function validateCommand(file: string, options: Record<string, unknown>, io: CliIo): Promise<E.Either<CliError, number>> {
  const flags = parseFlags(ValidateFlags, options);
  if (E.isLeft(flags)) return flags;
  const found = await existingFile(io.cwd, file);
  if (E.isLeft(found)) return found;
  const progress = progressBar(io.stderr, { label: "validating", unit: "MB", quiet: flags.right.quiet, decimals: 1 });
  progress.start(found.right.bytes / MEGABYTE);
  // Problems are counted, and printed once the bar is gone; past HELD_PROBLEMS the bar goes and they
  // are printed as found: a file of millions of bad lines was held as millions of problems (1.8 GB
  // for three million short lines).
  const byCode = new Map<string, number>();
  let problems = 0;
  let held: string[] = [];
  const onProblem = (problem: HistoryProblem) => {
    problems += 1;
    byCode.set(problem.code, (byCode.get(problem.code) ?? 0) + 1);
    held.push(`${formatHistoryProblem(problem)}\n`);
    if (held.length >= HELD_PROBLEMS) {
      progress.stop();
      io.stdout.write(held.join(""));
      held = [];
    }
  };
  const imported = await checkHistory(counted(found.right.path, progress), { onProblem });
  progress.stop();
  if (held.length > 0) io.stdout.write(held.join(""));
  if (E.isLeft(imported)) return E.left(runFailed(`cannot read ${file}: ${imported.left.message}`));
  const { lines, events, streams } = imported.right;
  const checked = `${printable(file)}: ${count(lines)} line${lines === 1 ? "" : "s"}, ${count(events)} valid event${events === 1 ? "" : "s"} in ${count(streams)} stream${streams === 1 ? "" : "s"}`;
  if (problems === 0) {
    io.stdout.write(`${checked}; no problems\n`);
    return E.right(0);
  }
  io.stdout.write(`${checked}; ${count(problems)} problem${problems === 1 ? "" : "s"} (${codeCounts(byCode)})\n`);
  return E.right(1);
}
