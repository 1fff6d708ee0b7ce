import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { partitionProjection, type PartitionState, type Projection } from "../../src/index.js";
import { HistoryFactsCollector } from "../../src/runner/restored-snapshot-check.js";
import { recordedHistory } from "../read-models/read-model-history.js";
import { everyReadModel } from "./read-model-set.js";
import { erasedForm } from "../erased-form.js";

// A partition consumer's checkpoint holds every read model's snapshot: restored, each must be
// re-checked against the history up to it as the read model's own lane would be (a consumer resumed
// from a snapshot taken before an erasure would otherwise keep the erased person's details).

function factsOf(events: readonly RecordedEvent[]): HistoryFactsCollector {
  const facts = new HistoryFactsCollector();
  for (const event of events) facts.note(event);
  return facts;
}

/** The partition's state over these events, sent through its snapshot codec as a resumed consumer holds it. */
function restored(projection: Projection<PartitionState>, events: readonly RecordedEvent[]): PartitionState {
  let state = projection.initialState();
  for (const event of events) state = projection.apply(state, event);
  const decoded = projection.codec!.decode(projection.codec!.encode(state));
  if (E.isLeft(decoded)) throw new Error(decoded.left);
  return decoded.right;
}

describe("a partition consumer's restored snapshot", () => {
  it("passes when honest, and is refused, naming the read model, when taken before an erasure the history now shows", async () => {
    let refusedRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 6 } }),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        async (history, pick, partitions) => {
          const personId = history.referredPersonIds[pick % history.referredPersonIds.length]!;
          const events = await recordedHistory(history.commands, history.policy);
          const erased = erasedForm(events, new Set([personId]), { usage: false });
          const facts = factsOf(erased);
          // The partition holding the person's first case: its read models hold their details.
          const held = [];
          for (let index = 0; index < partitions; index += 1) {
            const projection = partitionProjection(everyReadModel("all"), { partitions, index });
            expect(projection.checkRestored).toBeDefined();
            expect(projection.checkRestored!(restored(projection, erased), facts)).toBeNull();
            const verdict = projection.checkRestored!(restored(projection, events), facts);
            if (verdict !== null) {
              expect(verdict).toMatch(/^read model [a-z-]+@v\d+: .*erased/);
              expect(verdict).not.toContain(personId);
              held.push(index);
            }
          }
          // Demand reduction holds every referred person: exactly one partition holds them.
          expect(held).toHaveLength(1);
          refusedRuns += 1;
        },
      ),
      { numRuns: 25 },
    );
    expect(refusedRuns).toBe(25);
  }, 120_000);
});
