import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { personUsageDecider } from "@linkwork/core";
import { arbitraryInstant } from "@linkwork/core/testing";
import { commandIds, decideAll, refusal } from "./decider-run.js";

// Every way the person-usage decider refuses a command, with the code and the field it names.

const nextId = commandIds("0195c000");
const personId = "person_7f3a";
const usage = (
  occurredAt: string,
  period: { periodStart: string; periodEnd: string } = { periodStart: "2025-01-01", periodEnd: "2025-03-31" },
) => ({
  type: "RecordHealthcareUsage",
  personId,
  commandId: nextId(),
  occurredAt,
  recordedBy: "gp-import",
  setting: "gp_appointment",
  count: 3,
  ...period,
});
const enrol = (occurredAt: string) => ({
  type: "EnrolInComparisonCohort",
  personId,
  commandId: nextId(),
  occurredAt,
  recordedBy: "evaluator",
  pcnId: "U00009",
  indexDate: "2025-02-01",
});

describe("the person-usage decider", () => {
  it("accepts usage and one enrolment, in time order", () => {
    const state = decideAll(personUsageDecider, [
      usage("2025-04-01T09:00:00Z"),
      enrol("2025-04-02T09:00:00Z"),
      usage("2025-04-02T09:00:00Z"),
    ]);
    expect(state).toEqual(E.right({ comparisonCohort: true, lastOccurredAt: "2025-04-02T09:00:00Z" }));
  });

  it("refuses input that is not a person-usage command (VALIDATION_FAILED naming the field)", () => {
    const error = refusal(decideAll(personUsageDecider, [{ ...usage("2025-04-01T09:00:00Z"), count: -1 }]));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.code === "VALIDATION_FAILED" && error.issues.map((issue) => issue.path)).toEqual(["count"]);
  });

  it("refuses usage whose period ends before it starts (VALIDATION_FAILED on periodEnd)", () => {
    const error = refusal(
      decideAll(personUsageDecider, [usage("2025-04-01T09:00:00Z", { periodStart: "2025-03-31", periodEnd: "2025-03-30" })]),
    );
    expect(error).toEqual({
      code: "VALIDATION_FAILED",
      message: "command is invalid: periodEnd: is before periodStart",
      issues: [{ path: "periodEnd", message: "is before periodStart" }],
    });
  });

  it("refuses a second enrolment in the comparison cohort (INVALID_TRANSITION from enrolled)", () => {
    const error = refusal(decideAll(personUsageDecider, [enrol("2025-04-01T09:00:00Z"), enrol("2025-04-02T09:00:00Z")]));
    expect(error).toEqual({
      code: "INVALID_TRANSITION",
      message: "EnrolInComparisonCohort is not allowed: the person is already in the comparison cohort",
      stage: "enrolled",
      command: "EnrolInComparisonCohort",
    });
  });

  it("refuses any command dated before the person's latest event (TIME_WENT_BACKWARDS with both times)", () => {
    const twoInstants = fc
      .tuple(arbitraryInstant(), arbitraryInstant())
      .filter(([a, b]) => a !== b)
      .map(([a, b]): [string, string] => (a < b ? [a, b] : [b, a]));
    fc.assert(
      fc.property(twoInstants, fc.constantFrom(usage, enrol), fc.constantFrom(usage, enrol), ([earlier, later], first, second) => {
        const error = refusal(decideAll(personUsageDecider, [first(later), second(earlier)]));
        expect(error).toEqual({
          code: "TIME_WENT_BACKWARDS",
          message: `${second(earlier).type} occurredAt ${earlier} is before the person's latest event (${later})`,
          occurredAt: earlier,
          lastOccurredAt: later,
        });
      }),
    );
  });
});
