// A worker thread of a parallel file replay (parallel-file-replay.ts): it receives its partition's
// lines from the main thread, checks each with the core's HistoryChecker (positions as line numbers,
// its streams' versions and rules, its event ids), checks that the main thread's scan read the line
// as parsed, moves the read models' clock to the other partitions' lines and applies the line, then
// posts the states back at the end. Anything refused or read differently is reported, not decided
// here: the main thread then replays the file in one pass, whose verdict is the one every reader gives.
import { parentPort, workerData } from "node:worker_threads";
import { HistoryChecker } from "@linkwork/core/store-kit";
import { scanHistoryLine, scanMatches } from "./line-scan.js";
import { mergeablesOf } from "./partition-replay.js";
import type {
  BuiltProjections,
  PartitionWorkerCommand,
  PartitionWorkerInput,
  PartitionWorkerMessage,
} from "./partition-worker-messages.js";

const input = workerData as PartitionWorkerInput;
const post = (message: PartitionWorkerMessage) => parentPort?.postMessage(message);

async function main(): Promise<void> {
  const module = (await import(input.build.module)) as Record<string, (argument: unknown) => BuiltProjections>;
  const build = module[input.build.name];
  if (build === undefined) throw new Error(`${input.build.module} exports no ${input.build.name}`);
  const projections = build(input.build.input);
  const mergeables = mergeablesOf(projections);
  // States are the projections' own: `never` is how AnyProjection types a state it cannot name.
  const states = projections.map((projection) => projection.initialState() as never);
  const models = projections.length;
  const checker = new HistoryChecker();
  let diverged = false;

  // The clock only moves forward: a line's clock at or before the last one moved to changes nothing.
  let advanced = Number.NEGATIVE_INFINITY;
  const advance = (clock: number) => {
    if (!(clock > advanced)) return;
    advanced = clock;
    for (let model = 0; model < models; model += 1) mergeables[model]!.advanceClock(states[model]!, clock);
  };

  parentPort?.on("message", (command: PartitionWorkerCommand) => {
    try {
      if (command.kind === "end") {
        advance(command.clock);
        post({ kind: "done", states });
        return;
      }
      const { lineNumbers, clocks } = command;
      const joined = command.text;
      let start = 0;
      for (let at = 0; at < lineNumbers.length && !diverged; at += 1) {
        const newline = joined.indexOf("\n", start);
        const end = newline === -1 ? joined.length : newline;
        const text = joined.slice(start, end);
        start = end + 1;
        const lineNumber = lineNumbers[at]!;
        const checked = checker.checkAt(text, lineNumber);
        const scanned = checked.ok ? scanHistoryLine(text) : null;
        if (!checked.ok || scanned === null || !scanMatches(scanned, checked.line)) {
          diverged = true;
          post({ kind: "diverged", line: lineNumber });
          break;
        }
        try {
          advance(clocks[at]!);
          const event = checked.line;
          for (let model = 0; model < models; model += 1) states[model] = projections[model]!.apply(states[model]!, event) as never;
        } catch {
          // A read model that throws fails a one-pass replay with the runner's own error: let it say so.
          diverged = true;
          post({ kind: "diverged", line: lineNumber });
        }
      }
      post({ kind: "ack" });
    } catch (thrown) {
      post({ kind: "crashed", message: thrown instanceof Error ? thrown.message : String(thrown) });
    }
  });
}

main().catch((thrown: unknown) => post({ kind: "crashed", message: thrown instanceof Error ? thrown.message : String(thrown) }));
