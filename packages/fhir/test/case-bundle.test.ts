import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { CaseCommandInput, CaseEvent } from "@linkwork/core";
import { runCase } from "@linkwork/core/testing";
import type { Bundle, CarePlan, Observation, Resource, Task } from "@medplum/fhirtypes";
import { caseBundle, caseIdOfTask, nhsNumberSystem, taskIdOfCase, type CaseBundleOptions } from "../src/index.js";
import { caseInProgress, command } from "./support/case-commands.js";
import { r4Problems } from "./support/r4-conformance.js";

// A case out as a Bundle: the Task's status follows the case, scores are Observations (coded where
// a national code is cited), the plan is a CarePlan, and the outcome goes to a referrer only with
// the person's consent to share it (issue 17).

const caseId = "case_c0042";

function eventsOf(commands: readonly CaseCommandInput[]): readonly CaseEvent[] {
  const run = runCase(commands);
  const refused = run.steps.find((step) => E.isLeft(step.result));
  if (refused !== undefined) throw new Error(`a command of the example was refused: ${JSON.stringify(refused.result)}`);
  return run.events;
}

function bundleOf(commands: readonly CaseCommandInput[], options: CaseBundleOptions = {}): Bundle {
  const bundle = caseBundle(eventsOf(commands), options);
  if (E.isLeft(bundle)) throw new Error(bundle.left.message);
  expect(r4Problems(bundle.right)).toEqual([]);
  return bundle.right;
}

const resources = (bundle: Bundle): Resource[] =>
  (bundle.entry ?? []).flatMap((entry) => (entry.resource === undefined ? [] : [entry.resource]));
const taskOf = (bundle: Bundle) => resources(bundle).find((resource): resource is Task => resource.resourceType === "Task");
const observationsOf = (bundle: Bundle) =>
  resources(bundle).filter((resource): resource is Observation => resource.resourceType === "Observation");
const planOf = (bundle: Bundle) => resources(bundle).find((resource): resource is CarePlan => resource.resourceType === "CarePlan");

describe("a case as a Bundle", () => {
  const inProgress = caseInProgress(caseId, true);
  const referral = inProgress.slice(0, 1);

  it("gives the Task the status of each stage: requested, accepted, in-progress, rejected, cancelled, completed", () => {
    const status = (commands: readonly CaseCommandInput[]) => taskOf(bundleOf(commands))?.status;
    expect(status(referral)).toBe("requested");
    expect(status(inProgress.slice(0, 2))).toBe("accepted");
    expect(status(inProgress.slice(0, 3))).toBe("in-progress");
    expect(status([...referral, command(caseId, "RejectReferral", 1, { reason: "outside_area" })])).toBe("rejected");
    expect(status([...inProgress.slice(0, 2), command(caseId, "DeclineSocialPrescribing", 2, { reason: "not_right_time" })])).toBe(
      "cancelled",
    );
    expect(status([...inProgress, command(caseId, "CloseCase", 30, { reason: "goals_met" })])).toBe("completed");
  });

  it("names the case, the person by pseudonym, the referrer and the link worker, and the episode's period", () => {
    const task = taskOf(bundleOf([...inProgress, command(caseId, "CloseCase", 30, { reason: "goals_met" })]));
    expect(task).toMatchObject({
      id: "case-c0042",
      identifier: [{ value: caseId }],
      intent: "order",
      code: { coding: [{ system: "http://snomed.info/sct", code: "871731000000106" }] },
      for: { identifier: { system: "urn:linkwork:person", value: "person_7f3a" } },
      requester: { identifier: { value: "ref_gp12" } },
      owner: { identifier: { value: "lw_ana1" } },
      authoredOn: "2025-03-03T09:00:00Z",
      executionPeriod: { start: "2025-03-04T09:00:00Z", end: "2025-04-02T09:00:00Z" },
      statusReason: { text: "goals_met" },
    });
    expect(caseIdOfTask(taskIdOfCase(caseId))).toBe(caseId);
  });

  it("names the person by NHS number only when the caller passes the one it resolved", () => {
    const task = taskOf(bundleOf(referral, { nhsNumber: "9434765919" }));
    expect(task?.for).toEqual({ type: "Patient", identifier: { system: nhsNumberSystem, value: "9434765919" } });
    expect(JSON.stringify(bundleOf(inProgress))).not.toMatch(/9434765919/);
  });

  it("gives each score an Observation: WEMWBS coded by SNOMED CT, ONS4 as text, each an output of the Task", () => {
    const bundle = bundleOf(inProgress);
    const observations = observationsOf(bundle);
    expect(
      observations.map((observation) => [observation.code.text, observation.code.coding?.[0]?.code, observation.valueQuantity?.value]),
    ).toEqual([
      ["WEMWBS total", "718426000", 42],
      ["ONS4 lifeSatisfaction", undefined, 5],
      ["ONS4 worthwhile", undefined, 6],
      ["ONS4 happiness", undefined, 4],
      ["ONS4 anxiety", undefined, 7],
    ]);
    const outputs = taskOf(bundle)?.output?.map((output) => output.valueReference?.reference);
    const urls = (bundle.entry ?? []).slice(1).map((entry) => entry.fullUrl);
    expect(outputs).toEqual(urls);
  });

  it("gives the plan as a CarePlan: a goal activity with its progress, a connection activity with its outcome", () => {
    const plan = planOf(
      bundleOf([
        ...inProgress,
        command(caseId, "RecordGoalProgress", 10, { goalId: "goal-1", progress: "some_progress" }),
        command(caseId, "RecordConnectionOutcome", 11, { connectionId: "conn-1", outcome: "waiting_list" }),
      ]),
    );
    expect(plan).toMatchObject({ status: "active", intent: "plan", created: "2025-03-07T09:00:00Z" });
    expect(plan?.activity?.map((activity) => [activity.detail?.code?.coding?.[0]?.code, activity.detail?.status])).toEqual([
      ["loneliness", "in-progress"],
      ["arts_culture", "on-hold"],
    ]);
  });

  it("gives a referrer the Task alone when the person did not consent to share the outcome; the service sees it all", () => {
    const withoutConsent = [...caseInProgress("case_c0043", false), command("case_c0043", "CloseCase", 30, { reason: "disengaged" })];
    const forReferrer = bundleOf(withoutConsent);
    expect(resources(forReferrer).map((resource) => resource.resourceType)).toEqual(["Task"]);
    expect(taskOf(forReferrer)).not.toHaveProperty("statusReason");
    expect(taskOf(forReferrer)).not.toHaveProperty("output");
    const forService = bundleOf(withoutConsent, { audience: "service" });
    expect(resources(forService).map((resource) => resource.resourceType)).toEqual([
      "Task",
      ...Array<string>(5).fill("Observation"),
      "CarePlan",
    ]);
  });

  it("gives no Observation for an erased person's scores, and no goal activity for their goals", () => {
    const erased = eventsOf(inProgress).map((event): CaseEvent => {
      if (event.type === "WellbeingAssessed")
        return { ...event, data: { ...event.data, scores: { erased: true }, items: { erased: true } } };
      if (event.type === "PlanAgreed") return { ...event, data: { goals: { erased: true } } };
      if (event.type === "ConnectionMade")
        return { ...event, data: { ...event.data, activity: { erased: true }, providerId: { erased: true } } };
      return event;
    });
    const bundle = caseBundle(erased);
    if (E.isLeft(bundle)) throw new Error(bundle.left.message);
    expect(r4Problems(bundle.right)).toEqual([]);
    expect(observationsOf(bundle.right)).toEqual([]);
    expect(planOf(bundle.right)?.activity?.map((activity) => activity.detail?.code?.text)).toEqual(["connection (activity erased)"]);
  });

  it("gives the same Bundle for the same events, and NO_REFERRAL for events without a referral", () => {
    const events = eventsOf(inProgress);
    // Built twice from separate copies: a Left, or a Bundle that keeps state between calls, would fail here.
    const first = caseBundle(events);
    if (E.isLeft(first)) throw new Error(first.left.message);
    expect(first.right.entry?.length).toBeGreaterThan(0);
    expect(caseBundle(structuredClone(events))).toEqual(first);
    expect(caseBundle(events.slice(1))).toEqual(
      E.left({ code: "NO_REFERRAL", message: "the events hold no referral: there is no such case" }),
    );
  });
});
