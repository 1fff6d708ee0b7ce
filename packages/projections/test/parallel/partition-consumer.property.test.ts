import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork, openSchemePolicy, type EventStore, type RecordedEvent, type SchemePolicy } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import {
  mergePartitions,
  mergeStoredPartitions,
  partitionProjection,
  readAllSource,
  startProjectionRunner,
  type AnyProjection,
  type PartitionState,
} from "../../src/index.js";
import { everyReadModel } from "./read-model-set.js";

/** The commands handled on a memory store that stays open (the consumers read it). */
async function storeOf(commands: readonly unknown[], policy: SchemePolicy = openSchemePolicy): Promise<EventStore> {
  const store = memoryEventStore();
  const app = linkwork(store, { policy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
  for (const input of commands) {
    const handled = await app.handle(input);
    if (E.isLeft(handled)) throw new Error(`a generated command was refused: ${handled.left.message}`);
  }
  return store;
}

async function everyEvent(store: EventStore): Promise<RecordedEvent[]> {
  const page = await store.readAll({ maxCount: 100_000 });
  if (E.isLeft(page)) throw new Error(page.left.message);
  return [...page.right.events];
}

function onePass(projections: readonly AnyProjection[], events: readonly RecordedEvent[]): unknown[] {
  const states = projections.map((projection) => projection.initialState() as never);
  for (const event of events) projections.forEach((projection, at) => (states[at] = projection.apply(states[at]!, event) as never));
  return states;
}

/** Each state through its read model's snapshot codec. */
function roundTrip(projections: readonly AnyProjection[], states: readonly unknown[]): unknown[] {
  return states.map((state, at) => {
    const codec = projections[at]!.codec!;
    const decoded = codec.decode(codec.encode(state as never));
    if (E.isLeft(decoded)) throw new Error(decoded.left);
    return decoded.right;
  });
}

/** One consumer: a runner of its partition over the store, to the store's end, checkpointing with snapshots. */
async function consume(
  store: EventStore,
  checkpoints: ReturnType<typeof memoryCheckpointStore>,
  projections: AnyProjection[],
  partitions: number,
  index: number,
) {
  const runner = startProjectionRunner({
    source: readAllSource(store),
    projections: [partitionProjection(projections, { partitions, index })],
    checkpoints,
    batchSize: 7,
  });
  const done = await runner.done;
  if (E.isLeft(done)) throw new Error(`consumer ${String(index)} failed: ${done.left.message}`);
}

describe("partition consumers merged from their checkpoints", () => {
  it("give the one-pass states, for any history, partition count and retention", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 8 }, comparisonPeople: { min: 0, max: 3 } }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<number | "all">(0, 20, "all"),
        async (history, partitions, retentionDays) => {
          const store = await storeOf(history.commands, history.policy);
          const checkpoints = memoryCheckpointStore();
          const projections = everyReadModel(retentionDays);
          // Consumers run apart (here one after another): they meet only in the checkpoint store.
          for (let index = partitions - 1; index >= 0; index -= 1)
            await consume(store, checkpoints, everyReadModel(retentionDays), partitions, index);
          const merged = await mergeStoredPartitions(checkpoints, projections, partitions);
          const events = await everyEvent(store);
          expect(E.isRight(merged)).toBe(true);
          if (E.isLeft(merged)) return;
          expect(merged.right.position).toBe(events.at(-1)!.position);
          // Through snapshots, as the consumers' states came: a codec keeps what the state means, not
          // ids numbered for what has since been folded away (merge.property.test.ts checks merge itself).
          expect(merged.right.states).toEqual(mergePartitions(projections, [roundTrip(projections, onePass(projections, events))]));
          await store.close();
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it("resume from a snapshot taken anywhere as if never stopped (the case map travels with the states)", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 8 } }),
        fc.integer({ min: 2, max: 3 }),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (history, partitions, pick, cutShare) => {
          const store = await storeOf(history.commands, history.policy);
          const events = await everyEvent(store);
          await store.close();
          const partition = { partitions, index: pick % partitions };
          const projection = partitionProjection(everyReadModel(92), partition);
          const cut = Math.floor(cutShare * events.length);
          let straight = projection.initialState();
          for (const event of events) straight = projection.apply(straight, event);
          let resumed = projection.initialState();
          for (const event of events.slice(0, cut)) resumed = projection.apply(resumed, event);
          const decoded = projection.codec!.decode(projection.codec!.encode(resumed));
          expect(E.isRight(decoded)).toBe(true);
          if (E.isLeft(decoded)) return;
          // A fresh projection, as a restarted process builds it.
          const restarted = partitionProjection(everyReadModel(92), partition);
          let state: PartitionState = decoded.right;
          for (const event of events.slice(cut)) state = restarted.apply(state, event);
          expect(restarted.codec!.encode(state)).toBe(projection.codec!.encode(straight));
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe("merging stored partitions refuses, naming the partition", () => {
  const history = () => fc.sample(arbitraryHistory({ cases: { min: 4, max: 4 } }), { numRuns: 1, seed: 11 })[0]!;

  it("a partition whose consumer has not run", async () => {
    const { commands, policy } = history();
    const store = await storeOf(commands, policy);
    const checkpoints = memoryCheckpointStore();
    await consume(store, checkpoints, everyReadModel(92), 3, 0);
    await consume(store, checkpoints, everyReadModel(92), 3, 2);
    const merged = await mergeStoredPartitions(checkpoints, everyReadModel(92), 3);
    expect(merged).toEqual(E.left(expect.objectContaining({ code: "PARTITION_MISSING", partition: 2 })));
    await store.close();
  });

  it("partitions that read to different positions", async () => {
    const { commands, policy } = history();
    const store = await storeOf(commands.slice(0, 5), policy);
    const checkpoints = memoryCheckpointStore();
    await consume(store, checkpoints, everyReadModel(92), 2, 0);
    const app = linkwork(store, { policy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
    for (const input of commands.slice(5)) expect(E.isRight(await app.handle(input))).toBe(true);
    await consume(store, checkpoints, everyReadModel(92), 2, 1);
    const merged = await mergeStoredPartitions(checkpoints, everyReadModel(92), 2);
    expect(merged).toEqual(E.left(expect.objectContaining({ code: "PARTITIONS_APART" })));
    await store.close();
  });

  it("a snapshot that does not decode", async () => {
    const checkpoints = memoryCheckpointStore();
    const projection = partitionProjection(everyReadModel(92), { partitions: 1, index: 0 });
    expect(
      E.isRight(
        await checkpoints.compareAndSet(`${projection.name}@v1`, null, {
          position: 3n,
          snapshot: '{"format":1,"cases":[["c",-1]],"states":[]}',
        }),
      ),
    ).toBe(true);
    const merged = await mergeStoredPartitions(checkpoints, everyReadModel(92), 1);
    expect(merged).toEqual(E.left(expect.objectContaining({ code: "SNAPSHOT_INVALID", partition: 1 })));
  });
});
