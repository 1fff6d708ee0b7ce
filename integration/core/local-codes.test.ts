import * as E from "fp-ts/lib/Either.js";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linkwork, type EventStore, type HandleError } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";

// Reason, need and support codes are national categories or local codes registered with a label
// (issue 13): free text in an `x-` code is refused before anything is written, naming the field.

const at = "2025-01-06T09:00:00Z";
const command = (type: string, fields: Record<string, unknown>) => ({
  type,
  commandId: randomUUID(),
  occurredAt: at,
  recordedBy: "lw_ana1",
  ...fields,
});
const referral = (caseId: string, reasons: readonly string[]) =>
  command("ReceiveReferral", {
    caseId,
    personId: "person_7f3a",
    pcnId: "U81042",
    practiceId: "B82005",
    source: "gp",
    reasons,
    consent: { contact: true, shareOutcomeWithReferrer: false },
  });
const registration = (list: string, code: string, label = "A local category") => command("RegisterLocalCode", { list, code, label });

async function eventCount(store: EventStore): Promise<number> {
  const page = await store.readAll();
  if (E.isLeft(page)) throw new Error(page.left.message);
  return page.right.events.length;
}

function refusal(answer: E.Either<HandleError, unknown>): HandleError {
  if (E.isRight(answer)) throw new Error("expected a refusal");
  return answer.left;
}

describe("local codes", () => {
  it("holds a provider's support categories and a grant's needs to the same rule, naming the field and writing nothing", async () => {
    const store = memoryEventStore();
    const app = linkwork(store, { clock: () => Date.parse(at) });
    const listing = (supportCategories: readonly string[]) =>
      command("RegisterProvider", {
        providerId: "prov_walk1",
        directory: "local",
        name: "Walking group",
        supportCategories,
        route: "direct_referral",
      });
    const grant = (needs: readonly string[]) =>
      command("AwardFunding", {
        providerId: "prov_walk1",
        fundingId: `grant-${needs.length}`,
        kind: "grant",
        amountPence: 100_000,
        periodStart: "2025-01-01",
        periodEnd: "2025-12-31",
        needs,
      });
    const unknownSupport = refusal(await app.handle(listing(["physical_activity", "x-nordic-walking-for-mr-smith"])));
    expect(unknownSupport).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "supportCategories[1]" }] });
    expect(unknownSupport.message).not.toContain("mr-smith");
    expect(await eventCount(store)).toBe(0);
    expect(E.isRight(await app.handle(registration("support", "x-nordic-walking", "Nordic walking")))).toBe(true);
    expect(E.isRight(await app.handle(listing(["physical_activity", "x-nordic-walking"])))).toBe(true);
    expect(refusal(await app.handle(grant(["loneliness", "x-allotment-access"])))).toMatchObject({ issues: [{ path: "needs[1]" }] });
    expect(E.isRight(await app.handle(registration("need", "x-allotment-access", "Allotment access")))).toBe(true);
    expect(E.isRight(await app.handle(grant(["loneliness", "x-allotment-access"])))).toBe(true);
    expect(await eventCount(store)).toBe(4);
  });

  it.each(["x-lives-alone-at-12-high-st-ab1-2cd", "x-hiv-positive-partner-is-violent"])(
    "refuses the unregistered reason %s with VALIDATION_FAILED naming the field, never repeating it, and writes nothing",
    async (reason) => {
      const store = memoryEventStore();
      const error = refusal(await linkwork(store).handle(referral("case_c1", ["loneliness", reason])));
      expect(error).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "reasons[1]" }] });
      expect(error.message).not.toContain(reason.slice(2));
      expect(await eventCount(store)).toBe(0);
    },
  );

  it("accepts a local code once its list registered it, and only in that list", async () => {
    const store = memoryEventStore();
    const app = linkwork(store, { clock: () => Date.parse(at) });
    expect(E.isRight(await app.handle(registration("need", "x-allotment-access", "Allotment access")))).toBe(true);
    expect(E.isRight(await app.handle(referral("case_c1", ["x-allotment-access"])))).toBe(true);
    for (const next of [
      command("AcceptReferral", { caseId: "case_c1", linkWorkerId: "lw_ana1" }),
      command("HoldConversation", { caseId: "case_c1", mode: "phone", minutes: 20, needs: ["x-allotment-access"] }),
      command("AgreePlan", {
        caseId: "case_c1",
        goals: [
          { goalId: "goal-1", need: "loneliness" },
          { goalId: "goal-2", need: "x-allotment-access" },
        ],
      }),
    ])
      expect(E.isRight(await app.handle(next))).toBe(true);
    const written = await eventCount(store);
    const connection = command("MakeConnection", {
      caseId: "case_c1",
      connectionId: "conn-1",
      goalId: "goal-2",
      providerId: "prov_p1",
      activity: "x-allotment-access",
      mode: "signposted",
    });
    expect(refusal(await app.handle(connection))).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "activity" }] });
    expect(
      refusal(await app.handle(command("RevisePlan", { caseId: "case_c1", goals: [{ goalId: "goal-1", need: "x-unlisted" }] }))),
    ).toMatchObject({
      issues: [{ path: "goals[0].need" }],
    });
    expect(
      refusal(await app.handle(command("RecordUnmetNeed", { caseId: "case_c1", need: "x-unlisted", reason: "no_provision" }))),
    ).toMatchObject({
      issues: [{ path: "need" }],
    });
    expect(await eventCount(store)).toBe(written);
    expect(E.isRight(await app.handle(registration("support", "x-allotment-access", "Allotments")))).toBe(true);
    expect(E.isRight(await app.handle(connection))).toBe(true);
  });

  it("refuses a duplicate registration, a label with control characters and a code not written x-<slug>, naming the field", async () => {
    const app = linkwork(memoryEventStore(), { clock: () => Date.parse(at) });
    expect(E.isRight(await app.handle(registration("need", "x-allotment-access")))).toBe(true);
    expect(refusal(await app.handle(registration("need", "x-allotment-access")))).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ path: "code" }],
    });
    expect(refusal(await app.handle(registration("need", "x-garden", "Garden\u001b[2J")))).toMatchObject({ issues: [{ path: "label" }] });
    expect(refusal(await app.handle(registration("need", "Lives alone at 12 High St")))).toMatchObject({ issues: [{ path: "code" }] });
    expect(refusal(await app.handle(registration("reasons", "x-garden")))).toMatchObject({ issues: [{ path: "list" }] });
  });

  it("accepts a referral exactly when every local reason in it is registered", async () => {
    const slug = fc.string({ unit: fc.constantFrom(..."abcdefghij-"), minLength: 1, maxLength: 8 }).map((text) => `x-${text}`);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(slug, { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        async (codes, registeredFlags) => {
          const store = memoryEventStore();
          const app = linkwork(store, { clock: () => Date.parse(at) });
          const registered = codes.filter((_, index) => registeredFlags[index] === true);
          for (const code of registered) expect(E.isRight(await app.handle(registration("need", code)))).toBe(true);
          const answer = await app.handle(referral("case_c1", codes));
          const firstUnregistered = codes.findIndex((code) => !registered.includes(code));
          if (firstUnregistered < 0) expect(E.isRight(answer)).toBe(true);
          else expect(refusal(answer)).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: `reasons[${firstUnregistered}]` }] });
          expect(await eventCount(store)).toBe(registered.length + (firstUnregistered < 0 ? 1 : 0));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("refuses to load a case by anything but a case id, naming it", async () => {
    const app = linkwork(memoryEventStore());
    expect(refusal(await app.loadCase("Jane.Smith.1950-01-01"))).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "caseId" }] });
  });
});
