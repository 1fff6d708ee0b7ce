import { HistoryChecker } from "@linkwork/core/store-kit";
import { scanMatches } from "./line-scan.js";
import { readPartitionLines, type PartitionLine } from "./partition-lines.js";
import { mergeablesOf } from "./partition-replay.js";
import type { BuiltProjections, PartitionWorkerInput, PartitionWorkerMessage } from "./partition-worker-messages.js";

/** Chunks read between progress messages (of 1 MiB each). */
const PROGRESS_CHUNKS = 4;

/**
 * Replays partition `input.index` of the file at `input.path`: it reads the whole file itself and
 * keeps its partition's lines (partition-lines.ts: a scan of each line, no parse), checks each of them
 * with the core's HistoryChecker (positions as line numbers, its streams' versions and rules, its event
 * ids), checks that the scan read the line as parsed, moves the read models' clock to the other
 * partitions' lines and applies the line, then posts its states at the end. Anything refused or read
 * differently is posted as `one-pass`, not decided here: the replay then goes one-pass from the start,
 * whose verdict is the one every reader gives. A worker thread runs it (partition-worker.ts), and so
 * does the main thread, for partition 0 (parallel-file-replay.ts).
 */
export async function replayPartition(input: PartitionWorkerInput, post: (message: PartitionWorkerMessage) => void): Promise<void> {
  const module = (await import(input.build.module)) as Record<string, (argument: unknown) => BuiltProjections>;
  const build = module[input.build.name];
  if (build === undefined) throw new Error(`${input.build.module} exports no ${input.build.name}`);
  const projections = build(input.build.input);
  const mergeables = mergeablesOf(projections);
  // States are the projections' own: `never` is how AnyProjection types a state it cannot name.
  const states = projections.map((projection) => projection.initialState() as never);
  const models = projections.length;
  const checker = new HistoryChecker();

  // The clock only moves forward: a line's clock at or before the last one moved to changes nothing.
  let advanced = Number.NEGATIVE_INFINITY;
  const advance = (clock: number) => {
    if (!(clock > advanced)) return;
    advanced = clock;
    for (let model = 0; model < models; model += 1) mergeables[model]!.advanceClock(states[model]!, clock);
  };

  /** Checks and applies one of the partition's lines; false when the replay must go one-pass. */
  const take = ({ text, lineNumber, scanned, clockBefore }: PartitionLine): boolean => {
    const checked = checker.checkAt(text, lineNumber);
    if (!checked.ok || !scanMatches(scanned, checked.line)) return false;
    try {
      advance(clockBefore);
      const event = checked.line;
      for (let model = 0; model < models; model += 1) states[model] = projections[model]!.apply(states[model]!, event) as never;
      return true;
    } catch {
      // A read model that throws fails a one-pass replay with the runner's own error: let it say so.
      return false;
    }
  };

  let chunks = 0;
  const progress = (lines: number) => {
    if (input.index === 0 && ++chunks % PROGRESS_CHUNKS === 0) post({ kind: "progress", lines });
  };
  const reading = readPartitionLines(input.path, input.partitions, input.index, take, progress);
  if (reading.kind === "one-pass") {
    post({ kind: "one-pass" });
    return;
  }
  advance(reading.clock);
  post({ kind: "done", lines: reading.lines, states });
}
