import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import {
  communityDemandProjection,
  demandReductionProjection,
  equityProjection,
  fundingProjection,
  gpRecordOutboxProjection,
  outcomesProjection,
  unmetNeedsProjection,
  type OutcomesState,
  type Projection,
} from "../../src/index.js";
import type { GpRecordOutboxState } from "../../src/read-models/gp-record-outbox/state.js";
import { HistoryFactsCollector } from "../../src/runner/restored-snapshot-check.js";
import { project, recordedHistory, right } from "./read-model-history.js";
import { erasedForm } from "../erased-form.js";

// checkRestored must never refuse an honest snapshot (one built from the same history it is checked
// against), and must refuse one built before an erasure the history now shows, where it held the
// person's details.

function factsOf(events: readonly RecordedEvent[]): HistoryFactsCollector {
  const facts = new HistoryFactsCollector();
  for (const event of events) facts.note(event);
  return facts;
}

/** A projection's state sent through its snapshot codec, as a resumed runner holds it. */
function restored<State>(projection: Projection<State>, events: readonly RecordedEvent[]): State {
  return right(projection.codec!.decode(projection.codec!.encode(project(projection, events))));
}

const projections = (retentionDays: number | "all") => [
  right(communityDemandProjection({ retentionDays })),
  right(unmetNeedsProjection({ retentionDays })),
  right(gpRecordOutboxProjection()),
  right(fundingProjection({ retentionDays })),
  right(demandReductionProjection({ retentionDays })),
  right(outcomesProjection({ retentionDays })),
  right(equityProjection({ demandReduction: { retentionDays } })),
];

describe("checking a restored snapshot against the history up to it", () => {
  it("passes every honest snapshot of every checked read model, at any cut, with local codes and erased people in the history", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 6 } }),
        fc.array(fc.nat(), { maxLength: 2 }),
        fc.nat(),
        fc.constantFrom<number | "all">(0, 30, "all"),
        async (history, picks, cut, retentionDays) => {
          const people = new Set(picks.map((pick) => history.referredPersonIds[pick % history.referredPersonIds.length]!));
          const events = erasedForm(await recordedHistory(history.commands, history.policy), people, { usage: false });
          const prefix = events.slice(0, cut % (events.length + 1));
          const facts = factsOf(prefix);
          for (const projection of projections(retentionDays) as Projection<unknown>[]) {
            expect(projection.checkRestored!(restored(projection, prefix), facts)).toBeNull();
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it("refuses a community-demand, outbox, demand-reduction or outcomes snapshot taken before an erasure that the history up to it now shows", async () => {
    let refusedRuns = 0;
    let outcomesRefusedRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 6 } }),
        fc.nat(),
        fc.constantFrom<number | "all">(0, "all"),
        async (history, pick, retentionDays) => {
          const personId = history.referredPersonIds[pick % history.referredPersonIds.length]!;
          const events = await recordedHistory(history.commands, history.policy);
          const facts = factsOf(erasedForm(events, new Set([personId]), { usage: false }));
          expect(facts.erasedPeople).toEqual(new Set([personId]));
          const connected = events.some(
            ({ streamId, event }) =>
              event.type === "ConnectionMade" &&
              events.some(
                (other) => other.streamId === streamId && other.event.type === "ReferralReceived" && other.event.data.personId === personId,
              ),
          );
          const [demand, , outbox, , demandReduction, outcomes, equity] = projections(retentionDays) as Projection<unknown>[];
          // Equity holds the person's case (and their demand-reduction entry): refused either way.
          expect(equity!.checkRestored!(restored(equity!, events), facts)).toMatch(/erased/);
          // Every referred person is in demand reduction's people: an old snapshot has them unmarked.
          expect(demandReduction!.checkRestored!(restored(demandReduction!, events), facts)).toMatch(
            /people\[\d+\]\[1\]\.erased: is absent/,
          );
          const outcomesState = restored(outcomes!, events) as OutcomesState;
          const outcomesVerdict = outcomes!.checkRestored!(outcomesState, facts);
          if ([...outcomesState.cases].some(([caseId, held]) => facts.erasedCases.has(caseId) && held.instruments.size > 0)) {
            outcomesRefusedRuns += 1;
            expect(outcomesVerdict).toMatch(/\.erased: is absent for a person erased/);
          } else expect(outcomesVerdict).toBeNull();
          const demandVerdict = demand!.checkRestored!(restored(demand!, events), facts);
          // Each connection of theirs, retained or folded, holds their details.
          if (connected) expect(demandVerdict).toMatch(/holds the connections of a person erased/);
          else expect(demandVerdict).toBeNull();
          const outboxState = restored(outbox!, events) as GpRecordOutboxState;
          const outboxVerdict = outbox!.checkRestored!(outboxState, facts);
          // A case of theirs still held (not ended with everything acknowledged) would send their entries.
          if ([...outboxState.cases.values()].some((held) => held.personId === personId))
            expect(outboxVerdict).toMatch(/personErased: is false for a person erased/);
          else expect(outboxVerdict).toBeNull();
          if (connected) refusedRuns += 1;
        },
      ),
      { numRuns: 40 },
    );
    expect(refusedRuns).toBeGreaterThan(5);
    expect(outcomesRefusedRuns).toBeGreaterThan(3);
  }, 120_000);
});
