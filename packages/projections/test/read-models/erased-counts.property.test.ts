import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import { arbitraryHistory } from "@linkwork/core/testing";
import {
  communityDemandByProvider,
  communityDemandProjection,
  type CommunityDemandState,
  unmetNeedsByMonth,
  unmetNeedsProjection,
  type UnmetNeedState,
} from "../../src/index.js";
import type { Projection } from "../../src/index.js";
import { mergePartitions, partitionReplay } from "../../src/parallel/partition-replay.js";
import { personPartitioner } from "../../src/parallel/person-partitions.js";
import { addMonths, monthOf, monthStart } from "../../src/read-models/shared/calendar-month.js";
import { project, recordedHistory, resumedFromSnapshot, right } from "./read-model-history.js";
import { erasedForm } from "../erased-form.js";

type Retention = number | "all";

/** The state from the events split between two partitions by person, then merged (parallel replay). */
const partitionedBy2 = <State>(projection: Projection<State>, events: readonly RecordedEvent[]): State => {
  const partitions = Array.from({ length: 2 }, (_, index) => {
    const replay = partitionReplay([projection], personPartitioner(2), index);
    for (const event of events) replay.next(event);
    return replay.states();
  });
  return mergePartitions([projection], partitions)[0] as State;
};

describe("community demand over an erased person's events", () => {
  it("counts connections by PCN and month as before: rows plus `erased`, through folding, a snapshot and a partition merge", async () => {
    let runsWithErasedConnections = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 6 } }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<Retention>(0, 30, "all"),
        async (history, pick, cut, retentionDays) => {
          const events = await recordedHistory(history.commands, history.policy);
          const personId = history.referredPersonIds[pick % history.referredPersonIds.length]!;
          const erased = erasedForm(events, new Set([personId]), { usage: true });
          const projection = right(communityDemandProjection({ retentionDays }));
          const before = project(projection, events);
          const afterEveryWay: CommunityDemandState[] = [
            project(projection, erased),
            resumedFromSnapshot(projection, erased, cut),
            partitionedBy2(projection, erased),
          ];
          // The person's connections: in the erased form they name no provider.
          const erasedConnections = erased.filter(({ event }) => event.type === "ConnectionMade" && isErased(event.data.providerId)).length;

          if (erasedConnections > 0) runsWithErasedConnections += 1;

          // Every (PCN, month) that holds a connection, and every PCN as a whole.
          const cells = new Set<string>();
          const pcnOf = new Map<string, string>();
          for (const { streamId, event } of events) if (event.type === "ReferralReceived") pcnOf.set(streamId, event.data.pcnId);
          for (const { streamId, event } of events) {
            if (event.type === "ConnectionMade") cells.add(`${pcnOf.get(streamId)!} ${monthOf(Date.parse(event.metadata.occurredAt))}`);
          }
          const total = (report: { readonly erased: number; readonly rows: readonly { readonly connections: number }[] }) =>
            report.rows.reduce((sum, row) => sum + row.connections, 0) + report.erased;

          for (const after of afterEveryWay) {
            const whole = right(communityDemandByProvider(after));
            expect(whole.erased).toBe(erasedConnections);
            expect(total(whole)).toBe(total(right(communityDemandByProvider(before))));
            for (const pcnId of new Set(pcnOf.values())) {
              expect(total(right(communityDemandByProvider(after, { pcnId })))).toBe(
                total(right(communityDemandByProvider(before, { pcnId }))),
              );
            }
            if (retentionDays !== "all") continue;
            // By month too, where every case is held in detail (a period may start anywhere).
            for (const cell of cells) {
              const [pcnId = "", month = ""] = cell.split(" ");
              const options = {
                pcnId,
                from: new Date(monthStart(month)).toISOString(),
                asOf: new Date(monthStart(addMonths(month, 1)) - 1).toISOString(),
              };
              const figures = right(communityDemandByProvider(after, options));
              expect(total(figures)).toBe(total(right(communityDemandByProvider(before, options))));
              expect(total(figures)).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
    // The property is about erased connections: enough runs must have some.
    expect(runsWithErasedConnections).toBeGreaterThan(5);
  }, 120_000);
});

describe("community demand's people over erased people's events", () => {
  it("counts each erased person once (`erasedPeople`) and drops exactly them from each provider's people, through folding, a snapshot and a partition merge", async () => {
    let runsWithTwoErasedConnections = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 6 } }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.constantFrom<Retention>(0, 30, "all"),
        async (history, picks, cut, retentionDays) => {
          const events = await recordedHistory(history.commands, history.policy);
          const people = new Set(picks.map((pick) => history.referredPersonIds[pick % history.referredPersonIds.length]!));
          let erased = events;
          for (const personId of people) erased = erasedForm(erased, new Set([personId]), { usage: true });
          const projection = right(communityDemandProjection({ retentionDays }));
          const before = right(communityDemandByProvider(project(projection, events)));
          expect(before.erasedPeople).toBe(0);

          // From the clear history: which erased people made connections, and to which providers.
          const personOf = new Map<string, string>();
          for (const { streamId, event } of events) if (event.type === "ReferralReceived") personOf.set(streamId, event.data.personId);
          const erasedConnected = new Set<string>();
          const erasedByProvider = new Map<string, Set<string>>();
          let erasedConnections = 0;
          for (const { streamId, event } of events) {
            const personId = personOf.get(streamId);
            if (event.type !== "ConnectionMade" || personId === undefined || !people.has(personId)) continue;
            erasedConnections += 1;
            erasedConnected.add(personId);
            const providerId = event.data.providerId;
            // The clear history names every provider.
            if (isErased(providerId)) throw new Error("the clear history holds an erased provider");
            erasedByProvider.set(providerId, (erasedByProvider.get(providerId) ?? new Set<string>()).add(personId));
          }
          // Connections outnumber people here: a count of connections would pass as one of people no longer.
          if (erasedConnections > erasedConnected.size) runsWithTwoErasedConnections += 1;

          for (const after of [
            project(projection, erased),
            resumedFromSnapshot(projection, erased, cut),
            partitionedBy2(projection, erased),
          ]) {
            const report = right(communityDemandByProvider(after));
            expect(report.erasedPeople).toBe(erasedConnected.size);
            const peopleAfter = new Map(report.rows.map((row) => [row.providerId, row.people]));
            for (const row of before.rows) {
              expect(row.people - (peopleAfter.get(row.providerId) ?? 0)).toBe(erasedByProvider.get(row.providerId)?.size ?? 0);
            }
            for (const pcnId of new Set(history.pcnIds)) {
              const inPcn = new Set(
                events.flatMap(({ streamId, event }) =>
                  event.type === "ConnectionMade" && people.has(personOf.get(streamId) ?? "") && pcnOfCase(events, streamId) === pcnId
                    ? [personOf.get(streamId)!]
                    : [],
                ),
              );
              expect(right(communityDemandByProvider(after, { pcnId })).erasedPeople).toBe(inPcn.size);
            }
          }
        },
      ),
      // A fixed seed: the coverage guard below (more than 3 of 40 runs erase two connected people) failed
      // on an unlucky random seed in a full run; the property itself holds for any seed.
      { numRuns: 40, seed: 20261205 },
    );
    expect(runsWithTwoErasedConnections).toBeGreaterThan(3);
  }, 120_000);
});

/** The PCN a case's referral named. */
function pcnOfCase(events: readonly RecordedEvent[], streamId: string): string | undefined {
  for (const { streamId: id, event } of events) if (id === streamId && event.type === "ReferralReceived") return event.data.pcnId;
  return undefined;
}

describe("unmet needs over an erased person's events", () => {
  it("counts unmet needs by PCN and month as before: rows plus `erased`, through folding, a snapshot and a partition merge", async () => {
    let runsWithErasedUnmetNeeds = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 6 } }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<Retention>(0, 30, "all"),
        async (history, pick, cut, retentionDays) => {
          const events = await recordedHistory(history.commands, history.policy);
          const personId = history.referredPersonIds[pick % history.referredPersonIds.length]!;
          const erased = erasedForm(events, new Set([personId]), { usage: true });
          const projection = right(unmetNeedsProjection({ retentionDays }));
          const afterEveryWay: UnmetNeedState[] = [
            project(projection, erased),
            resumedFromSnapshot(projection, erased, cut),
            partitionedBy2(projection, erased),
          ];
          const erasedUnmet = erased.filter(({ event }) => event.type === "UnmetNeedRecorded" && isErased(event.data.need)).length;
          if (erasedUnmet > 0) runsWithErasedUnmetNeeds += 1;

          /** Unmet needs per "month PCN": the rows plus the erased ones. */
          const byMonthAndPcn = (state: UnmetNeedState) => {
            const report = right(unmetNeedsByMonth(state));
            const counts = new Map<string, number>();
            for (const row of [...report.rows, ...report.erased]) {
              const key = `${row.month} ${row.pcnId}`;
              counts.set(key, (counts.get(key) ?? 0) + row.count);
            }
            return { counts, erased: report.erased.reduce((sum, row) => sum + row.count, 0) };
          };
          const before = byMonthAndPcn(project(projection, events));
          expect(before.erased).toBe(0);
          for (const after of afterEveryWay) {
            const figures = byMonthAndPcn(after);
            expect(figures.counts).toEqual(before.counts);
            expect(figures.erased).toBe(erasedUnmet);
          }
        },
      ),
      { numRuns: 40 },
    );
    // The property is about erased unmet needs: enough runs must have some.
    expect(runsWithErasedUnmetNeeds).toBeGreaterThan(3);
  }, 120_000);
});
