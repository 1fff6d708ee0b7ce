// One consumer of a partitioned replay from EventStoreDB / KurrentDB (docs/projections.md,
// "Partitioned replay across processes"): a filtered catch-up subscription to the store, applying
// partition I of N of every read model, checkpointed (with a snapshot) in the store itself.
//
//   node --conditions=@linkwork/source --import tsx examples/partitioned-replay/consume.ts \
//     CONNECTION_STRING I/N [--follow] [--max-append-bytes BYTES] [--checkpoints postgres://...|FOLDER]
//
// Without --follow it stops once caught up with what the store held when it started (saving its
// checkpoint); with --follow it stays live until SIGINT or SIGTERM. Run again, it resumes from its
// checkpoint. Checkpoints go to the store's own checkpoint streams, or with --checkpoints to PostgreSQL
// (a server, or a PGlite folder) for snapshots larger than an append (checkpoint-place.ts).
// Exit 0 when stopped cleanly, 1 when the replay failed, 2 for bad arguments.
import * as E from "fp-ts/lib/Either.js";
import { partitionProjection, startProjectionRunner, subscriptionSource } from "@linkwork/projections";
import { eventStoreDb } from "@linkwork/store-eventstore";
import { openCheckpointPlace } from "./checkpoint-place.js";
import { partitionedReadModels } from "./read-models.js";

const say = (line: string) => process.stderr.write(`${line}\n`);

interface Arguments {
  readonly connectionString: string;
  readonly partitions: number;
  readonly index: number;
  readonly follow: boolean;
  readonly maxAppendBytes: number | undefined;
  readonly checkpoints: string | undefined;
}

function parseArguments(args: readonly string[]): E.Either<string, Arguments> {
  const [connectionString, partition, ...rest] = args;
  if (connectionString === undefined || partition === undefined)
    return E.left("usage: consume.ts CONNECTION_STRING I/N [--follow] [--max-append-bytes BYTES] [--checkpoints postgres://...|FOLDER]");
  const match = /^([1-9][0-9]{0,2})\/([1-9][0-9]{0,2})$/.exec(partition);
  if (match === null || Number(match[1]) > Number(match[2])) return E.left("the partition must be I/N with 1 <= I <= N <= 999, e.g. 2/3");
  let follow = false;
  let maxAppendBytes: number | undefined;
  let checkpoints: string | undefined;
  for (let at = 0; at < rest.length; at += 1) {
    const flag = rest[at];
    if (flag === "--follow") follow = true;
    else if (flag === "--max-append-bytes" && /^[1-9][0-9]{0,9}$/.test(rest[at + 1] ?? "")) maxAppendBytes = Number(rest[++at]);
    else if (flag === "--checkpoints" && (rest[at + 1] ?? "") !== "") checkpoints = rest[++at];
    else return E.left(`unknown or incomplete flag: ${JSON.stringify(flag)}`);
  }
  return E.right({ connectionString, partitions: Number(match[2]), index: Number(match[1]) - 1, follow, maxAppendBytes, checkpoints });
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  if (E.isLeft(parsed)) {
    say(parsed.left);
    return 2;
  }
  const { connectionString, partitions, index, follow, maxAppendBytes, checkpoints } = parsed.right;
  const connected = eventStoreDb(maxAppendBytes === undefined ? { connectionString } : { connectionString, maxAppendBytes });
  if (E.isLeft(connected)) {
    say(connected.left.message);
    return 2;
  }
  const db = connected.right;
  const place = await openCheckpointPlace(checkpoints, db.checkpoints);
  if (E.isLeft(place)) {
    say(place.left);
    await db.close();
    return 2;
  }
  const label = `partition ${String(index + 1)} of ${String(partitions)}`;
  const runner = startProjectionRunner({
    source: subscriptionSource(db.store),
    projections: [partitionProjection(partitionedReadModels().all, { partitions, index })],
    checkpoints: place.right.checkpoints,
  });
  if (follow) {
    const stop = () => void runner.stop();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } else {
    const caughtUp = await runner.waitUntilCaughtUp();
    if (E.isRight(caughtUp)) await runner.stop();
  }
  const done = await runner.done;
  await place.right.close();
  await db.close();
  if (E.isLeft(done)) {
    say(`${label}: ${done.left.message}`);
    return 1;
  }
  say(`${label}: stopped at position ${String(done.right.position)} after ${String(done.right.eventsApplied)} events`);
  return 0;
}

process.exitCode = await main();
