// Merges the partitions that examples/partitioned-replay/consume.ts saved in EventStoreDB / KurrentDB
// and prints some of the reports as JSON (docs/projections.md, "Partitioned replay across processes").
//
//   node --conditions=@linkwork/source --import tsx examples/partitioned-replay/merge.ts CONNECTION_STRING N [--checkpoints PLACE]
//
// Exit 0 with the JSON on standard output; 1 when the partitions cannot be merged (one has not run,
// or they stopped at different positions); 2 for bad arguments.
import * as E from "fp-ts/lib/Either.js";
import { mergeStoredPartitions } from "@linkwork/projections";
import { eventStoreDb } from "@linkwork/store-eventstore";
import { openCheckpointPlace } from "./checkpoint-place.js";
import { figures, partitionedReadModels } from "./read-models.js";

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const [connectionString, count, flag, place, ...rest] = process.argv.slice(2);
  const badPlace = flag !== undefined && (flag !== "--checkpoints" || place === undefined || place === "" || rest.length > 0);
  if (connectionString === undefined || count === undefined || !/^[1-9][0-9]{0,2}$/.test(count) || badPlace) {
    say("usage: merge.ts CONNECTION_STRING N [--checkpoints postgres://...|FOLDER] (N: the consumers' partition count, 1 to 999)");
    return 2;
  }
  const connected = eventStoreDb({ connectionString });
  if (E.isLeft(connected)) {
    say(connected.left.message);
    return 2;
  }
  const opened = await openCheckpointPlace(place, connected.right.checkpoints);
  if (E.isLeft(opened)) {
    say(opened.left);
    await connected.right.close();
    return 2;
  }
  const models = partitionedReadModels();
  const merged = await mergeStoredPartitions(opened.right.checkpoints, models.all, Number(count));
  await opened.right.close();
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
