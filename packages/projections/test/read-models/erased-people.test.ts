import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryHistory } from "@linkwork/core/testing";
import {
  capacityByMonth,
  capacityProjection,
  demandReductionProjection,
  demandReductionReport,
  outcomesProjection,
  outcomesReport,
  referralSourceMix,
  referralSourcesProjection,
  unmetNeedsByMonth,
  unmetNeedsProjection,
  communityDemandByProvider,
  communityDemandProjection,
  caseloadByPcn,
  caseloadProjection,
} from "../../src/index.js";
import { project, recordedHistory, right } from "./read-model-history.js";
import { erasedForm } from "../erased-form.js";

const settings = { resamples: 50 };

describe("read models over an erased person's events", () => {
  it("all build; counts by PCN and month are unchanged; person-level figures leave the person out, counted, through a snapshot too", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryHistory({ cases: { min: 2, max: 4 } }), fc.nat(), async (history, pick) => {
        const events = await recordedHistory(history.commands, history.policy);
        const personId = history.referredPersonIds[pick % history.referredPersonIds.length]!;
        const erased = erasedForm(events, new Set([personId]), { usage: true });

        const capacity = right(capacityProjection());
        const sources = right(referralSourcesProjection());
        const caseload = right(caseloadProjection());
        expect(right(capacityByMonth(project(capacity, erased)))).toEqual(right(capacityByMonth(project(capacity, events))));
        expect(right(referralSourceMix(project(sources, erased)))).toEqual(right(referralSourceMix(project(sources, events))));
        expect(right(caseloadByPcn(project(caseload, erased)))).toEqual(right(caseloadByPcn(project(caseload, events))));
        right(unmetNeedsByMonth(project(right(unmetNeedsProjection()), erased)));
        right(communityDemandByProvider(project(right(communityDemandProjection()), erased)));

        const demand = right(demandReductionProjection());
        const demandState = project(demand, erased);
        const demandReport = right(demandReductionReport(demandState, settings));
        const unerased = right(demandReductionReport(project(demand, events), settings));
        expect(demandReport.people.erased).toBe(1);
        expect(demandReport.people.referred).toBe(unerased.people.referred - 1);
        expect(demandReport.notes.some((note) => note.includes("erased"))).toBe(true);
        const restoredDemand = right(demand.codec!.decode(demand.codec!.encode(demandState)));
        expect(right(demandReductionReport(restoredDemand, settings))).toEqual(demandReport);

        const outcomes = right(outcomesProjection());
        const outcomesState = project(outcomes, erased);
        const outcomesFigures = right(outcomesReport(outcomesState, settings));
        const before = right(outcomesReport(project(outcomes, events), settings));
        for (const instrument of outcomesFigures.instruments) {
          const was = before.instruments.find((candidate) => candidate.instrument === instrument.instrument)!;
          expect(instrument.episodes + instrument.erased).toBe(was.episodes);
        }
        const restoredOutcomes = right(outcomes.codec!.decode(outcomes.codec!.encode(outcomesState)));
        expect(right(outcomesReport(restoredOutcomes, settings))).toEqual(outcomesFigures);
      }),
      { numRuns: 25 },
    );
  });
});
