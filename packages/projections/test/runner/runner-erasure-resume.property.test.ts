import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork, type CheckpointStore, type EventStore } from "@linkwork/core";
import { dataKeys, newKeyEncryptionKey, sealingEventStore } from "@linkwork/core/personal-data";
import { arbitraryHistory } from "@linkwork/core/testing";
import { memoryCheckpointStore, memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";
import { readAllSource, startProjectionRunner, type ErasureSource } from "../../src/index.js";
import { everyReadModel } from "../read-models/every-read-model.js";

// Issue 13: a runner over a store that resumes from checkpoints saved before an erasure must not
// keep the erased person's details in its read models. Given the key store's erasure count, it
// rebuilds the read models that can hold them; the resumed read models then equal a fresh replay's.

const clock = () => Date.parse("2031-01-01T00:00:00Z");

function right<T>(answer: E.Either<{ readonly message: string }, T>): T {
  if (E.isLeft(answer)) throw new Error(answer.left.message);
  return answer.right;
}

/** Runs every read model over the store to its end; answers each one's reports and the notices given. */
async function replay(store: EventStore, checkpoints: CheckpointStore, erasures: ErasureSource | undefined) {
  const models = everyReadModel({ resamples: 20 });
  const notices: string[] = [];
  const runner = startProjectionRunner({
    source: readAllSource(store),
    projections: models.map((model) => model.projection),
    checkpoints,
    ...(erasures === undefined ? {} : { erasures }),
    onNotice: (message) => notices.push(message),
  });
  const status = right(await runner.done);
  const states = models.map((model) => runner.state(model.projection as never));
  // Reports need an applied event (or an asOf): asked for only where the store holds some.
  const reports = () => models.map((model, index) => model.reports(states[index] as never));
  return { reports, notices, read: status.position !== null };
}

describe("a runner resumed after an erasure", () => {
  it("rebuilds the read models that can hold a person's details: resumed, every read model equals a fresh replay's", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryHistory({ cases: { min: 2, max: 5 } }), fc.nat(), fc.nat(), async (history, pick, cutPick) => {
        const personId = history.referredPersonIds[pick % history.referredPersonIds.length]!;
        const keyStore = memoryKeyStore();
        const store = sealingEventStore(memoryEventStore(), dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") }));
        const app = linkwork(store, { policy: history.policy, clock });
        const cut = cutPick % (history.commands.length + 1);
        const checkpoints = memoryCheckpointStore();

        // Snapshots taken with the person's details in the read models, then more history, then the erasure.
        for (const command of history.commands.slice(0, cut)) right(await app.handle(command));
        const first = await replay(store, checkpoints, keyStore);
        expect(first.notices).toEqual([]);
        for (const command of history.commands.slice(cut)) right(await app.handle(command));
        right(await store.erasePerson(personId));

        const resumed = await replay(store, checkpoints, keyStore);
        const fresh = await replay(store, memoryCheckpointStore(), keyStore);
        expect(resumed.reports()).toEqual(fresh.reports());
        // The rebuild is said once (when there were checkpoints to resume), naming read models and figures, never the person.
        expect(resumed.notices).toHaveLength(first.read ? 1 : 0);
        if (first.read)
          expect(resumed.notices[0]).toMatch(/^people were erased since the checkpoints were saved \(0 erased then, 1 now\): rebuilding /);
        expect(resumed.notices.join("\n")).not.toContain(personId);

        // Saved with the new count: the next resume rebuilds nothing and still agrees.
        const again = await replay(store, checkpoints, keyStore);
        expect(again.notices).toEqual([]);
        expect(again.reports()).toEqual(fresh.reports());
      }),
      { numRuns: 15, endOnFailure: true },
    );
  }, 180_000);

  it("resumes every snapshot when no one was erased since", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryHistory({ cases: { min: 1, max: 3 } }), async (history) => {
        const keyStore = memoryKeyStore();
        const store = sealingEventStore(memoryEventStore(), dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") }));
        const app = linkwork(store, { policy: history.policy, clock });
        const checkpoints = memoryCheckpointStore();
        for (const command of history.commands) right(await app.handle(command));
        const first = await replay(store, checkpoints, keyStore);
        const resumed = await replay(store, checkpoints, keyStore);
        expect(resumed.notices).toEqual([]);
        expect(resumed.reports()).toEqual(first.reports());
      }),
      { numRuns: 10, endOnFailure: true },
    );
  }, 60_000);

  it("rebuilds after an erasure made while the run that saved the checkpoints was reading", async () => {
    const keyStore = memoryKeyStore();
    const store = sealingEventStore(memoryEventStore(), dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") }));
    const history = fc.sample(arbitraryHistory({ cases: { min: 3, max: 4 } }), { numRuns: 1, seed: 11 })[0]!;
    const app = linkwork(store, { policy: history.policy, clock });
    for (const command of history.commands) right(await app.handle(command));
    const personId = history.referredPersonIds[0]!;
    const checkpoints = memoryCheckpointStore();
    // The person is erased once the run has read its first page: its snapshots are saved after that.
    const erasure: { done?: Promise<E.Either<{ readonly message: string }, void>> } = {};
    const runner = startProjectionRunner({
      source: readAllSource(store),
      projections: everyReadModel({ resamples: 20 }).map((model) => model.projection),
      checkpoints,
      batchSize: 1,
      erasures: keyStore,
      onProgress: () => void (erasure.done ??= store.erasePerson(personId)),
    });
    right(await runner.done);
    expect(erasure.done).toBeDefined();
    right(await erasure.done!);

    const resumed = await replay(store, checkpoints, keyStore);
    expect(resumed.notices).toHaveLength(1);
    expect(resumed.notices[0]).toMatch(/^people were erased since the checkpoints were saved \(0 erased then, 1 now\)/);
    expect(resumed.reports()).toEqual((await replay(store, memoryCheckpointStore(), keyStore)).reports());
  });

  it("rebuilds once after checkpoints saved without a count, and stops with STORE_FAILED when the count cannot be read", async () => {
    const keyStore = memoryKeyStore();
    const store = sealingEventStore(memoryEventStore(), dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") }));
    const history = fc.sample(arbitraryHistory({ cases: { min: 1, max: 2 } }), { numRuns: 1, seed: 5 })[0]!;
    const app = linkwork(store, { policy: history.policy, clock });
    for (const command of history.commands) right(await app.handle(command));
    const checkpoints = memoryCheckpointStore();
    // Saved by a runner given no erasure source: the count is unknown, so the person-level read models rebuild once.
    expect((await replay(store, checkpoints, undefined)).notices).toEqual([]);
    const upgraded = await replay(store, checkpoints, keyStore);
    expect(upgraded.notices).toHaveLength(1);
    expect(upgraded.notices[0]).toMatch(
      /^the checkpoints record no erasure count \(0 people erased now\): rebuilding [a-z-]+(, [a-z-]+)* from the start/,
    );
    // Counts by PCN and month resume from their snapshots.
    expect(upgraded.notices[0]).not.toMatch(/rebuilding [^;]*(caseload|capacity|referral-sources)/);
    expect((await replay(store, checkpoints, keyStore)).notices).toEqual([]);

    const failing: ErasureSource = { erasures: () => Promise.resolve(E.left({ message: "the key store is down" })) };
    const runner = startProjectionRunner({
      source: readAllSource(store),
      projections: everyReadModel().map((model) => model.projection),
      checkpoints,
      erasures: failing,
    });
    const done = await runner.done;
    expect(E.isLeft(done) && done.left).toMatchObject({
      code: "STORE_FAILED",
      message: "reading the key store's erasure count: the key store is down",
    });
  });
});
