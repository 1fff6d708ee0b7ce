import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { mergeablesOf, mergePartitions, partitionReplay } from "../../src/parallel/partition-replay.js";
import { personPartitioner } from "../../src/parallel/person-partitions.js";
import { equityReport, type AnyProjection, type EquityLookup } from "../../src/index.js";
import { everyReadModel } from "../read-models/every-read-model.js";
import { recordedHistory, right } from "../read-models/read-model-history.js";

type Retention = number | "all";

/** Every read model with one retention, and its reports (as of the latest event; 200 resamples keep the property quick). */
const readModels = (retentionDays: Retention, equityLookup: EquityLookup) =>
  everyReadModel({ retentionDays, resamples: 200, equityLookup });

/** The one-pass states of every read model over the events. */
function onePass(projections: readonly AnyProjection[], events: readonly RecordedEvent[]): unknown[] {
  const states = projections.map((projection) => projection.initialState() as never);
  for (const event of events) projections.forEach((projection, at) => (states[at] = projection.apply(states[at]!, event) as never));
  return states;
}

describe("merging partitions' read-model states (split by person)", () => {
  it("gives the one-pass state and the same reports, for every read model, any split and any retention", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 10 }, comparisonPeople: { min: 0, max: 3 } }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
        fc.constantFrom<Retention>(0, 20, 92, "all"),
        async (history, partitions, assignment, retentionDays) => {
          // Every practice's list composition first (in its referrals' PCN stream), so equity has denominators.
          const first = history.commands[0]?.occurredAt ?? "2022-01-01T00:00:00Z";
          const practices = new Map<string, string>();
          for (const command of history.commands) if (command.type === "ReceiveReferral") practices.set(command.practiceId, command.pcnId);
          const compositions = [...practices].map(([practiceId, pcnId], index) => ({
            type: "RecordPracticeListComposition",
            commandId: `0195e000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
            occurredAt: first,
            recordedBy: "admin-1",
            pcnId,
            practiceId,
            registeredPatients: 1_000,
            byAgeBand: {},
            bySex: {},
            byEthnicGroup: { white: 600, asian: 300 },
            byDeprivationDecile: { "1": 500 },
          }));
          const events = await recordedHistory([...compositions, ...history.commands], history.policy);
          const people = [...history.referredPersonIds, ...history.comparisonPersonIds];
          const partitionOf = (personId: string) => (assignment[people.indexOf(personId) % assignment.length] ?? 0) % partitions;
          // Each person's equity fields, as a register would give them: groups that vary with the person.
          const lookup = new Map(
            people.map((personId, index) => [
              personId,
              { ethnicCategory: (["A", "H", "N"] as const)[index % 3], deprivationDecile: (index % 10) + 1 },
            ]),
          );
          const models = readModels(retentionDays, lookup);
          const projections = models.map((model) => model.projection);

          const partitionStates = Array.from({ length: partitions }, (_, index) => {
            const replay = partitionReplay(projections, personPartitioner(partitions, partitionOf), index);
            for (const event of events) replay.next(event);
            return replay.states();
          });
          const merged = mergePartitions(projections, partitionStates);
          const single = onePass(projections, events);
          const canonicalSingle = mergePartitions(projections, [single]);

          mergeablesOf(projections).forEach((_, model) => {
            const { projection, reports } = models[model]!;
            // The state: equal to the one-pass state in canonical form (sorted keys and numbering).
            expect(merged[model], projection.name).toEqual(canonicalSingle[model]);
            // What it means: the same reports as the one-pass state itself.
            expect(reports(merged[model] as never), projection.name).toEqual(reports(single[model] as never));
            expect(reports(canonicalSingle[model] as never), projection.name).toEqual(reports(single[model] as never));
          });
          // Equity counts every referral against the compositions, so the comparison above is not of empty reports.
          const equityAt = models.findIndex((model) => model.projection.name === "equity");
          const equity = right(equityReport(merged[equityAt] as never, lookup, { resamples: 200 }));
          expect([equity.referrals, equity.referralsWithoutComposition]).toEqual([history.caseIds.length, 0]);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it("splits a history so that no partition is empty of people when there are several people (the hash spreads ids)", async () => {
    const history = fc.sample(arbitraryHistory({ cases: { min: 8, max: 8 } }), { numRuns: 1, seed: 4 })[0]!;
    const events = await recordedHistory(history.commands, history.policy);
    const partitioner = personPartitioner(2);
    const routes = events.map((event) => partitioner.route(event));
    expect(routes.filter((route) => route === 0).length).toBeGreaterThan(0);
    expect(routes.filter((route) => route === 1).length).toBeGreaterThan(0);
    // Reference data goes to every partition; every case event follows its referral's partition.
    events.forEach((event, index) => {
      if (event.streamId.startsWith("pcn-") || event.streamId.startsWith("linkworker-")) expect(routes[index]).toBe("every");
    });
  });
});
