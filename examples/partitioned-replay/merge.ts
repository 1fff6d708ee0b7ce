// Merges the partitions that examples/partitioned-replay/consume.ts saved in EventStoreDB / KurrentDB
// and prints some of the reports as JSON (docs/projections.md, "Partitioned replay across processes").
//
//   node --conditions=@linkwork/source --import tsx examples/partitioned-replay/merge.ts CONNECTION_STRING N
//
// Exit 0 with the JSON on standard output; 1 when the partitions cannot be merged (one has not run,
// or they stopped at different positions); 2 for bad arguments.
import * as E from "fp-ts/lib/Either.js";
import { mergeStoredPartitions } from "@linkwork/projections";
import { eventStoreDb } from "@linkwork/store-eventstore";
import { figures, partitionedReadModels } from "./read-models.js";

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const [connectionString, count] = process.argv.slice(2);
  if (connectionString === undefined || count === undefined || !/^[1-9][0-9]{0,2}$/.test(count)) {
    say("usage: merge.ts CONNECTION_STRING N (N: the consumers' partition count, 1 to 999)");
    return 2;
  }
  const connected = eventStoreDb({ connectionString });
  if (E.isLeft(connected)) {
    say(connected.left.message);
    return 2;
  }
  const models = partitionedReadModels();
  const merged = await mergeStoredPartitions(connected.right.checkpoints, models.all, Number(count));
  await connected.right.close();
  if (E.isLeft(merged)) {
    say(merged.left.message);
    return 1;
  }
  process.stdout.write(
    `${JSON.stringify({ position: merged.right.position.toString(), figures: figures(models, merged.right.states) })}\n`,
  );
  return 0;
}

process.exitCode = await main();
