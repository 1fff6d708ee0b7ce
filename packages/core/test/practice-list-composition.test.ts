import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { eventCatalogue, referenceDataDecider } from "@linkwork/core";
import { arbitraryEvent } from "@linkwork/core/testing";
import { referenceHistoryRule } from "../src/reference-data/history-rules.js";
import { commandIds, decideAll, refusal } from "./decider-run.js";

// A practice's list composition: the denominators of the equity report, as reference data in its PCN's stream.

const nextId = commandIds("0195d111");
const composition = (change: Record<string, unknown> = {}) => ({
  type: "RecordPracticeListComposition",
  commandId: nextId(),
  occurredAt: "2025-04-01T09:00:00Z",
  recordedBy: "manager",
  pcnId: "U00009",
  practiceId: "Y00101",
  registeredPatients: 10_000,
  byAgeBand: { "18-24": 1_200, "65-74": 900 },
  bySex: { "1": 4_900, "2": 5_100 },
  byEthnicGroup: { white: 7_000, asian: 1_500, black: 600, mixed: 300, other: 200, "not-stated": 400 },
  byDeprivationDecile: { "1": 2_500, "10": 500 },
  ...change,
});

describe("a practice's list composition", () => {
  it("is recorded in its PCN's stream, the counts as given", () => {
    const command = referenceDataDecider.parse(composition());
    expect(E.isRight(command) && referenceDataDecider.streamId(command.right)).toBe("pcn-U00009");
    const decided = E.isRight(command) ? referenceDataDecider.decide(command.right, referenceDataDecider.initialState) : E.left(null);
    expect(E.isRight(decided) && decided.right.map((event) => [event.type, event.data])).toEqual([
      [
        "PracticeListCompositionRecorded",
        {
          pcnId: "U00009",
          practiceId: "Y00101",
          registeredPatients: 10_000,
          byAgeBand: { "18-24": 1_200, "65-74": 900 },
          bySex: { "1": 4_900, "2": 5_100 },
          byEthnicGroup: { white: 7_000, asian: 1_500, black: 600, mixed: 300, other: 200, "not-stated": 400 },
          byDeprivationDecile: { "1": 2_500, "10": 500 },
        },
      ],
    ]);
  });

  it.each([
    ["a breakdown counting more patients than the list", { bySex: { "1": 6_000, "2": 5_000 } }, "bySex"],
    ["an ethnic group that is not a census group", { byEthnicGroup: { chinese: 10 } }, "byEthnicGroup"],
    ["a decile outside 1-10", { byDeprivationDecile: { "11": 10 } }, "byDeprivationDecile"],
    ["a negative count", { byAgeBand: { "18-24": -1 } }, "byAgeBand.18-24"],
    ["a practice that is not an ODS practice code", { practiceId: "Jane Smith" }, "practiceId"],
  ])("refuses %s (VALIDATION_FAILED naming the field)", (_, change, path) => {
    const error = refusal(decideAll(referenceDataDecider, [composition(change)]));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.code === "VALIDATION_FAILED" && error.issues.map((issue) => issue.path)).toContain(path);
  });

  it("every generated composition fits its list and passes its schema", () => {
    const schema = eventCatalogue.PracticeListCompositionRecorded.schema;
    fc.assert(
      fc.property(arbitraryEvent("PracticeListCompositionRecorded"), (event) => {
        expect(schema.safeParse(event).success).toBe(true);
        for (const breakdown of [event.data.byAgeBand, event.data.bySex, event.data.byEthnicGroup, event.data.byDeprivationDecile]) {
          const sum = Object.values(breakdown).reduce<number>((total, count) => total + (count ?? 0), 0);
          expect(sum).toBeLessThanOrEqual(event.data.registeredPatients);
        }
      }),
    );
  });

  it("names its stream's PCN in a history file (ID_MISMATCH otherwise)", () => {
    fc.assert(
      fc.property(arbitraryEvent("PracticeListCompositionRecorded"), (event) => {
        const state = referenceHistoryRule.initialState;
        expect(referenceHistoryRule.refusal(state, event, event.data.pcnId)).toBeNull();
        const other = event.data.pcnId === "U99999" ? "U99998" : "U99999";
        expect(referenceHistoryRule.refusal(state, event, other)).toMatchObject({ code: "ID_MISMATCH", path: "data.pcnId" });
      }),
    );
  });
});
