// Load: writer processes append at once to a shared set of cases (half of them to five hot cases,
// so they collide) while a subscription runs throughout. 0 lost updates, versions contiguous, one
// global order every reader agrees on, every event delivered exactly once.
// LINKWORK_LOAD_WRITERS sets the number of processes: 8 for the full run, 3 by default, which keeps
// the test to 1–11 s on the 2-core CI machine, quiet or loaded (most of it starting the processes).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import type { EventStore, RecordedEvent } from "@linkwork/core";
import { dropSchemas, freshStores, testDatabaseUrl } from "../test-support/test-database.js";

const writers = Number(process.env["LINKWORK_LOAD_WRITERS"] ?? 3);
const cases = 1000;
const appendsPerWriter = 60;
const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

interface WriterReport {
  readonly writer: number;
  readonly accepted: string[];
  readonly conflicts: number;
}

interface Writer {
  readonly ready: Promise<void>;
  go(): void;
  readonly report: Promise<WriterReport>;
}

function startWriter(schema: string, writer: number): Writer {
  const script = fileURLToPath(new URL("../test-support/load-writer.ts", import.meta.url));
  const root = fileURLToPath(new URL("../../..", import.meta.url));
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let child: ReturnType<typeof spawn> | undefined;
  const report = new Promise<WriterReport>((resolve, reject) => {
    child = spawn(
      process.execPath,
      [
        "--conditions=@linkwork/source",
        "--import",
        "tsx",
        script,
        testDatabaseUrl(),
        schema,
        String(writer),
        String(cases),
        String(appendsPerWriter),
      ],
      { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
    );
    let output = "";
    let errors = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (output.startsWith("ready\n")) markReady();
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      markReady();
      if (code === 0) resolve(JSON.parse(output.slice("ready\n".length)) as WriterReport);
      else reject(new Error(`writer ${writer} exited ${code}: ${errors}`));
    });
  });
  return { ready, report, go: () => child?.stdin?.write("go\n") };
}

export async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after: bigint | undefined; ;) {
    const page = await store.readAll(after === undefined ? { maxCount: 500 } : { after, maxCount: 500 });
    if (E.isLeft(page)) throw new Error(page.left.message);
    all.push(...page.right.events);
    after = page.right.events.at(-1)?.position ?? after;
    if (page.right.isEnd) return all;
  }
}

const idOf = (recorded: RecordedEvent) => recorded.event.metadata.eventId;

describe("store-postgres under load", () => {
  it(`${writers} writer processes over ${cases} cases: nothing lost, versions contiguous, one order, each event delivered once`, async () => {
    const reader = await freshStores({ pollIntervalMs: 100 });
    schemas.push(reader.schema);
    const delivered: RecordedEvent[] = [];
    const subscription = reader.store.subscribe({ batchSize: 100 });
    let expectedTotal = Number.POSITIVE_INFINITY;
    const following = (async () => {
      for await (const message of subscription) {
        if (message.kind === "events") delivered.push(...message.events);
        if (message.kind === "failed") throw new Error(message.error.message);
        if (delivered.length >= expectedTotal) return;
      }
    })();

    const started = Array.from({ length: writers }, (_, writer) => startWriter(reader.schema, writer));
    await Promise.all(started.map((writer) => writer.ready));
    for (const writer of started) writer.go();
    const reports = await Promise.all(started.map((writer) => writer.report));
    const accepted = reports.flatMap((report) => report.accepted);
    expectedTotal = accepted.length;
    const deadline = Date.now() + 20_000;
    while (delivered.length < accepted.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.close();
    await following;

    const everything = await readEverything(reader.store);
    // 0 lost updates: every accepted append is stored, once; nothing else is.
    expect(everything.map(idOf).sort()).toEqual([...accepted].sort());
    // Versions contiguous in every stream, and each stream read alone matches the global order.
    const byStream = new Map<string, RecordedEvent[]>();
    for (const recorded of everything) byStream.set(recorded.streamId, [...(byStream.get(recorded.streamId) ?? []), recorded]);
    for (const [streamId, events] of byStream) {
      expect(events.map((recorded) => recorded.streamVersion)).toEqual(events.map((_, index) => index + 1));
      const alone = await reader.store.readStream(streamId);
      expect(E.isRight(alone) && alone.right.map(idOf)).toEqual(events.map(idOf));
    }
    // One global order: another store (its own pool) reads the same; the subscription delivered
    // exactly that, each event once.
    const other = await freshStores({ schema: reader.schema });
    expect((await readEverything(other.store)).map(idOf)).toEqual(everything.map(idOf));
    await other.close();
    expect(delivered.map(idOf)).toEqual(everything.map(idOf));
    // The hot cases made writers collide, and the expected versions refused the stale appends.
    expect(reports.reduce((sum, report) => sum + report.conflicts, 0)).toBeGreaterThan(0);
    await reader.close();
  });
});
