// The adapter's readAll or catch-up subscription alone, over one client library and the test server
// in a process of its own, for a CPU profile of the client side (not part of `pnpm bench`):
//
//   node --conditions=@linkwork/source --import tsx --cpu-prof --cpu-prof-dir=out/profile \
//     bench/eventstore-read-profile.ts [@eventstore/db-client|@kurrent/kurrentdb-client] [rounds] [read-all|catch-up]
//
// Writes 5,000 events over 50 case streams, then reads them all `rounds` times, printing each round's time.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import type { EventStore, GlobalPosition } from "../packages/core/src/index.js";
import { eventStoreDb, type ClientLibraryName } from "../packages/store-eventstore/src/index.js";
import { contactAttemptEvent } from "./contact-attempt-event.js";

const client: ClientLibraryName = process.argv[2] === "@kurrent/kurrentdb-client" ? "@kurrent/kurrentdb-client" : "@eventstore/db-client";
const rounds = Number(process.argv[3] ?? 15);
const mode = process.argv[4] === "catch-up" ? "catch-up" : "read-all";

async function readAll(store: EventStore): Promise<number> {
  let count = 0;
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll(after === undefined ? { maxCount: 1000 } : { after, maxCount: 1000 });
    if (E.isLeft(page)) throw new Error(page.left.message);
    count += page.right.events.length;
    after = page.right.events.at(-1)?.position ?? after;
    if (page.right.isEnd) return count;
  }
}

async function catchUp(store: EventStore): Promise<number> {
  let count = 0;
  for await (const message of store.subscribe()) {
    if (message.kind === "events") count += message.events.length;
    else if (message.kind === "caught-up") return count;
    else throw new Error(message.error.message);
  }
  return count;
}

const server = spawn(
  process.execPath,
  ["--conditions=@linkwork/source", "--import", "tsx", fileURLToPath(new URL("./eventstore-server-process.ts", import.meta.url))],
  {
    stdio: ["pipe", "pipe", "inherit"],
  },
);
const [line] = (await once(createInterface({ input: server.stdout }), "line")) as [string];
const esdb = line.trim();
const db = eventStoreDb({ connectionString: client === "@kurrent/kurrentdb-client" ? esdb.replace(/^esdb:/, "kurrentdb:") : esdb, client });
if (E.isLeft(db)) throw new Error(db.left.message);
const store = db.right.store;
for (let serial = 0; serial < 5000; serial++) {
  const event = contactAttemptEvent(serial);
  const appended = await store.append(`case-bench-${serial % 50}`, [event], Math.floor(serial / 50));
  if (E.isLeft(appended)) throw new Error(appended.left.message);
}
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  const count = await (mode === "catch-up" ? catchUp(store) : readAll(store));
  console.log(`${mode} round ${round}: ${count} events in ${(performance.now() - started).toFixed(0)} ms`);
}
await db.right.close();
server.stdin?.end();
await once(server, "exit");
