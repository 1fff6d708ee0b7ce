// One writer process of the load test (test/load.test.ts): appends to random cases of a shared
// set at the version it read, as the command handler does, and prints what was accepted as JSON.
// Usage: node --conditions=@linkwork/source --import tsx load-writer.ts <url> <schema> <writer> <cases> <appends>
import * as E from "fp-ts/lib/Either.js";
import { postgresStores } from "../src/index.js";
import { caseEvents } from "./test-events.js";

const [url, schema, writer, cases, appends] = process.argv.slice(2);
const caseCount = Number(cases);
const stores = postgresStores({ connectionString: url!, schema: schema!, maxConnections: 2 });
if (E.isLeft(stores)) throw new Error(stores.left.message);
const { store } = stores.right;

/** Half the appends go to five hot cases, so writers collide; the rest spread over all of them. */
function pickCase(serial: number): string {
  const hot = serial % 2 === 0;
  const index = hot ? Math.floor(Math.random() * 5) : Math.floor(Math.random() * caseCount);
  return `case-load-${index}`;
}

// Ready: wait for the test's "go" on stdin, so that every writer starts at once.
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));

const accepted: string[] = [];
let conflicts = 0;
for (let serial = 0; serial < Number(appends); serial++) {
  const streamId = pickCase(serial);
  const events = caseEvents(1 + (serial % 2));
  for (;;) {
    const last = await store.readStream(streamId, { direction: "backwards", maxCount: 1 });
    if (E.isLeft(last)) throw new Error(last.left.message);
    const version = last.right[0]?.streamVersion ?? 0;
    const done = await store.append(streamId, events, version);
    if (E.isRight(done)) {
      accepted.push(...events.map((event) => event.metadata.eventId));
      break;
    }
    if (done.left.code !== "CONCURRENCY_CONFLICT") throw new Error(done.left.message);
    conflicts++;
  }
}
await store.close();
process.stdout.write(`${JSON.stringify({ writer: Number(writer), accepted, conflicts })}\n`);
process.stdin.destroy();
