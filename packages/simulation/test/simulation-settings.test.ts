import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { generalPracticeSchemePolicy, openSchemePolicy } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, simulationPolicy, simulationSettings } from "../src/index.js";
import { readAllEvents } from "./recorded-history.js";

function refusal(input: unknown): { path: string; message: string } {
  const result = simulationSettings(input);
  if (E.isRight(result)) throw new Error("expected the settings to be refused");
  expect(result.left.code).toBe("VALIDATION_FAILED");
  if (result.left.code !== "VALIDATION_FAILED") throw new Error("unreachable");
  const first = result.left.issues[0];
  if (first === undefined) throw new Error("a refusal names at least one issue");
  return first;
}

describe("simulation settings", () => {
  it("fill in the documented defaults around a seed", () => {
    const result = simulationSettings({ seed: 1 });
    if (E.isLeft(result)) throw new Error(result.left.message);
    const settings = result.right;
    expect(settings).toMatchObject({ seed: 1, pcns: 3, months: 12, startDate: "2025-01-01", scheme: "open" });
    expect(settings.network.registeredPatients).toEqual({ min: 30_000, max: 50_000 });
    expect(settings.referrals.shareOfListPerYear).toBe(0.014);
    expect(settings.journeys).toMatchObject({ declineRate: 0.11, unreachableRate: 0.08, contactsPerCase: { min: 6, max: 12 } });
    expect(settings.usage).toMatchObject({ windowMonths: 12, baselineMeanPerYear: 5.5, trueEffectPerYear: -2, comparisonPerReferral: 1 });
  });

  it("refuses a missing seed, naming the field", () => {
    expect(refusal({}).path).toBe("seed");
  });

  it("refuses a start before the NHS's first day, which no event may precede", () => {
    expect(refusal({ seed: 1, startDate: "1948-07-04" }).path).toBe("startDate");
  });

  it("refuses a start whose usage window (whole months before the index date) reaches before the NHS's first day, and runs from the first it takes", async () => {
    // Usage is recorded for the windowMonths calendar months before the index month; the first of
    // those months must begin on or after 1948-07-05, so the earliest start is windowMonths after August 1948.
    expect(refusal({ seed: 1, startDate: "1948-07-05" }).path).toBe("startDate");
    expect(refusal({ seed: 1, startDate: "1949-07-31" }).path).toBe("startDate");
    expect(refusal({ seed: 1, startDate: "1948-08-31", usage: { windowMonths: 1 } }).path).toBe("startDate");
    expect(E.isRight(simulationSettings({ seed: 1, startDate: "1948-09-01", usage: { windowMonths: 1 } }))).toBe(true);
    const result = await simulate({ seed: 5, pcns: 1, months: 1, startDate: "1949-08-01" });
    expect(E.isRight(result) ? result.right.referrals : result.left).toBeGreaterThan(0);
  });

  it("refuses bad values with their paths", () => {
    expect(refusal({ seed: 1, pcns: 0 }).path).toBe("pcns");
    expect(refusal({ seed: 1, startDate: "2025-13-01" }).path).toBe("startDate");
    expect(refusal({ seed: 1, journeys: { declineRate: 1.5 } }).path).toBe("journeys.declineRate");
    expect(refusal({ seed: 1, network: { registeredPatients: { min: 50_000, max: 30_000 } } }).path).toBe("network.registeredPatients.max");
    expect(refusal({ seed: 1, months: 3, intakeMonths: 4 }).path).toBe("intakeMonths");
    expect(refusal({ seed: 1, journeys: { rejectionRate: 0.4, declineRate: 0.4, unreachableRate: 0.2 } }).path).toBe("journeys");
    expect(refusal({ seed: 1.5 }).path).toBe("seed");
  });

  it("refuses a source mix the scheme would refuse, rather than letting the handler refuse its referrals", () => {
    const issue = refusal({ seed: 1, scheme: "gp-only", referrals: { sourceMix: { gp: 10, self: 1 } } });
    expect(issue.path).toBe("referrals.sourceMix.self");
    expect(issue.message).toContain("gp-only");
  });

  it("run under the scheme's policy with the limits overridden", () => {
    const open = simulationSettings({ seed: 1, policy: { maxContacts: 8 } });
    const gpOnly = simulationSettings({ seed: 1, scheme: "gp-only" });
    if (E.isLeft(open) || E.isLeft(gpOnly)) throw new Error("settings refused");
    expect(simulationPolicy(open.right)).toEqual(E.right({ ...openSchemePolicy, maxContacts: 8 }));
    expect(simulationPolicy(gpOnly.right)).toEqual(E.right(generalPracticeSchemePolicy));
  });

  it("make simulate answer INVALID_SETTINGS without writing anything", async () => {
    const store = memoryEventStore();
    const result = await simulate({ seed: 1, pcns: -1 }, { store });
    expect(E.isLeft(result) && result.left.code).toBe("INVALID_SETTINGS");
    expect(await readAllEvents(store)).toEqual([]);
  });
});
