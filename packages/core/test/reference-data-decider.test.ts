import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { referenceDataDecider } from "@linkwork/core";
import { arbitraryInstant } from "@linkwork/core/testing";
import { commandIds, decideAll, refusal } from "./decider-run.js";

// Every way the reference-data decider refuses a command, with the code and the field it names.

const nextId = commandIds("0195d000");
const linkWorkerId = "lw_ana1";
const origin = (occurredAt: string) => ({ commandId: nextId(), occurredAt, recordedBy: "manager" });
const listSize = (occurredAt: string) => ({
  type: "RecordPcnListSize",
  pcnId: "U00009",
  registeredPatients: 52_000,
  ...origin(occurredAt),
});
const register = (occurredAt: string) => ({ type: "RegisterLinkWorker", linkWorkerId, pcnId: "U00009", fte: 1, ...origin(occurredAt) });
const changeFte = (occurredAt: string) => ({ type: "ChangeLinkWorkerFte", linkWorkerId, fte: 0.5, ...origin(occurredAt) });
const left = (occurredAt: string) => ({ type: "RecordLinkWorkerLeft", linkWorkerId, ...origin(occurredAt) });
const day = (n: number) => `2025-04-${String(n).padStart(2, "0")}T09:00:00Z`;

describe("the reference-data decider", () => {
  it("follows a link worker from joining through a change of hours to leaving", () => {
    expect(decideAll(referenceDataDecider, [register(day(1)), changeFte(day(2)), left(day(3))])).toEqual(
      E.right({ stage: "left", fte: 0, codes: new Set(), lastOccurredAt: day(3) }),
    );
  });

  it("refuses an fte above 1.0 (VALIDATION_FAILED on fte)", () => {
    const error = refusal(decideAll(referenceDataDecider, [{ ...register(day(1)), fte: 1.5 }]));
    expect(error.code === "VALIDATION_FAILED" && error.issues).toEqual([{ path: "fte", message: "fte is at most 1.0" }]);
  });

  it.each([
    ["registering a link worker twice", [register(day(1)), register(day(2))], "RegisterLinkWorker", "active", "none"],
    ["registering a link worker who left", [register(day(1)), left(day(2)), register(day(3))], "RegisterLinkWorker", "left", "none"],
    ["changing the hours of an unknown link worker", [changeFte(day(1))], "ChangeLinkWorkerFte", "none", "active"],
    [
      "changing the hours of a link worker who left",
      [register(day(1)), left(day(2)), changeFte(day(3))],
      "ChangeLinkWorkerFte",
      "left",
      "active",
    ],
    ["recording an unknown link worker leaving", [left(day(1))], "RecordLinkWorkerLeft", "none", "active"],
    ["recording a link worker leaving twice", [register(day(1)), left(day(2)), left(day(3))], "RecordLinkWorkerLeft", "left", "active"],
  ])("refuses %s (INVALID_TRANSITION naming the stage)", (_, commands, command, stage, allowed) => {
    expect(refusal(decideAll(referenceDataDecider, commands))).toEqual({
      code: "INVALID_TRANSITION",
      message: `${command} is not allowed when the link worker is ${stage} (allowed when ${allowed})`,
      stage,
      command,
    });
  });

  it("refuses any command dated before the stream's latest event (TIME_WENT_BACKWARDS with both times)", () => {
    const twoInstants = fc
      .tuple(arbitraryInstant(), arbitraryInstant())
      .filter(([a, b]) => a !== b)
      .map(([a, b]): [string, string] => (a < b ? [a, b] : [b, a]));
    // Each pair is a first command that succeeds on a fresh stream and a second that would succeed after it.
    const pairs = fc.constantFrom([listSize, listSize], [register, changeFte], [register, left]);
    fc.assert(
      fc.property(twoInstants, pairs, ([earlier, later], [first, second]) => {
        const refused = second(earlier);
        expect(refusal(decideAll(referenceDataDecider, [first(later), refused]))).toEqual({
          code: "TIME_WENT_BACKWARDS",
          message: `${refused.type} occurredAt ${earlier} is before the stream's latest event (${later})`,
          occurredAt: earlier,
          lastOccurredAt: later,
        });
      }),
    );
  });
});
