import * as E from "fp-ts/lib/Either.js";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { linkwork, type EventStore, type HandleError } from "@linkwork/core";
import { roleBasedAuthoriser, type Actor, type AuditTrail } from "@linkwork/core/authorisation";
import { memoryAuditTrail, memoryEventStore } from "@linkwork/store-memory";

// Commands and reads through linkwork(...) for an actor (issue 18): the authoriser decides before
// anything is decided, `recordedBy` is the actor's, and every access to a case is audited first.

const at = "2025-01-06T09:00:00.000Z";
const workerA: Actor = { who: "lw_ana1", role: "linkWorker", pcnId: "U81042" };
const workerB: Actor = { who: "lw_ben2", role: "linkWorker", pcnId: "U81043" };
const manager: Actor = { who: "mgr_cat3", role: "pcnManager", pcnId: "U81042" };
const admin: Actor = { who: "adm_dee4", role: "administrator", pcnId: null };

const command = (type: string, fields: Record<string, unknown>) => ({ type, commandId: randomUUID(), occurredAt: at, ...fields });
const referral = (caseId: string, pcnId = "U81042") =>
  command("ReceiveReferral", {
    caseId,
    personId: "person_7f3a",
    pcnId,
    practiceId: "B82005",
    source: "gp",
    reasons: ["loneliness"],
    consent: { contact: true, shareOutcomeWithReferrer: false },
  });

async function eventCount(store: EventStore): Promise<number> {
  const page = await store.readAll();
  if (E.isLeft(page)) throw new Error(page.left.message);
  return page.right.events.length;
}

function refusal(answer: E.Either<HandleError, unknown>): HandleError {
  if (E.isRight(answer)) throw new Error("expected a refusal");
  return answer.left;
}

function service(auditTrail: AuditTrail = memoryAuditTrail()) {
  const store = memoryEventStore();
  const core = linkwork(store, { clock: () => Date.parse(at), authorise: roleBasedAuthoriser, auditTrail });
  return { store, core, auditTrail };
}

describe("linkwork for an actor", () => {
  it("records the actor as recordedBy, and refuses a body naming someone else, writing nothing", async () => {
    const { store, core } = service();
    const handled = await core.handle(referral("case_c1"), workerA);
    expect(E.isRight(handled) && handled.right.events.map((event) => event.metadata.recordedBy)).toEqual(["lw_ana1"]);
    const impersonating = refusal(
      await core.handle({ ...command("AcceptReferral", { caseId: "case_c1", linkWorkerId: "lw_ana1" }), recordedBy: "lw_zed9" }, workerA),
    );
    expect(impersonating).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "recordedBy" }] });
    expect(await eventCount(store)).toBe(1);
  });

  it("refuses a link worker of another PCN a referral, a command and a read of a case, writes nothing, and audits each refusal", async () => {
    const { store, core, auditTrail } = service();
    expect(E.isRight(await core.handle(referral("case_c1"), workerA))).toBe(true);
    expect(refusal(await core.handle(referral("case_c2"), workerB))).toMatchObject({ code: "FORBIDDEN", role: "linkWorker" });
    const command_ = command("AcceptReferral", { caseId: "case_c1", linkWorkerId: "lw_ben2" });
    const refused = refusal(await core.handle(command_, workerB));
    expect(refused).toMatchObject({ code: "FORBIDDEN", access: "the command AcceptReferral" });
    expect(refused.message).not.toContain("case_c1");
    expect(refused.message).not.toContain("U81042");
    expect(refusal(await core.loadCase("case_c1", workerB))).toMatchObject({ code: "FORBIDDEN", access: "reading a case" });
    expect(await eventCount(store)).toBe(1);
    const trail = await auditTrail.entries({ who: "lw_ben2" });
    expect(
      E.isRight(trail) &&
        trail.right.map((entry) => ({ caseId: "caseId" in entry ? entry.caseId : null, action: entry.action, allowed: entry.allowed })),
    ).toEqual([
      { caseId: "case_c2", action: "caseCommand", allowed: false },
      { caseId: "case_c1", action: "caseCommand", allowed: false },
      { caseId: "case_c1", action: "readCase", allowed: false },
    ]);
  });

  it("audits every read of a case by an actor, with who, role, PCN and the clock's time", async () => {
    const { core, auditTrail } = service();
    expect(E.isRight(await core.handle(referral("case_c1"), workerA))).toBe(true);
    for (let read = 0; read < 3; read++) expect(E.isRight(await core.loadCase("case_c1", workerA))).toBe(true);
    const reads = await auditTrail.entries({ caseId: "case_c1" });
    expect(E.isRight(reads) && reads.right.filter((entry) => entry.action === "readCase")).toEqual(
      Array.from({ length: 3 }, () => ({
        at,
        who: "lw_ana1",
        role: "linkWorker",
        pcnId: "U81042",
        caseId: "case_c1",
        action: "readCase",
        allowed: true,
      })),
    );
  });

  it("answers no read the audit trail could not record", async () => {
    const failing: AuditTrail = {
      ...memoryAuditTrail(),
      record: () => Promise.resolve(E.left({ code: "STORE_UNAVAILABLE", message: "audit database down", retryable: true })),
    };
    const { core } = service(failing);
    expect(refusal(await core.loadCase("case_c1", workerA))).toMatchObject({ code: "STORE_UNAVAILABLE" });
  });

  it("answers a command on a case not yet referred as decide does there, without handling it", async () => {
    const { store, core } = service();
    const error = refusal(await core.handle(command("AcceptReferral", { caseId: "case_c9", linkWorkerId: "lw_ana1" }), workerA));
    expect(error).toMatchObject({ code: "INVALID_TRANSITION", stage: "none" });
    expect(await eventCount(store)).toBe(0);
  });

  it("refuses every call without an actor once an authoriser is set, and other roles their refused accesses", async () => {
    const { store, core } = service();
    expect(refusal(await core.handle({ ...referral("case_c1"), recordedBy: "lw_ana1" }))).toMatchObject({ code: "FORBIDDEN", role: null });
    expect(refusal(await core.loadCase("case_c1"))).toMatchObject({ code: "FORBIDDEN", role: null });
    expect(refusal(await core.handle(referral("case_c1"), manager))).toMatchObject({ code: "FORBIDDEN", role: "pcnManager" });
    expect(refusal(await core.handle(referral("case_c1"), admin))).toMatchObject({ code: "FORBIDDEN", role: "administrator" });
    expect(E.isRight(await core.handle(command("RecordPcnListSize", { pcnId: "U81042", registeredPatients: 40_000 }), admin))).toBe(true);
    expect(refusal(await core.handle(command("RecordPcnListSize", { pcnId: "U81042", registeredPatients: 1 }), workerA))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(E.isRight(core.authorise(manager, { kind: "readReport", report: "caseload", pcnId: "U81042" }))).toBe(true);
    expect(E.isLeft(core.authorise(manager, { kind: "readReport", report: "caseload", pcnId: "U81043" }))).toBe(true);
    expect(E.isLeft(core.authorise(undefined, { kind: "readReport", report: "caseload", pcnId: "U81042" }))).toBe(true);
    expect(await eventCount(store)).toBe(1);
  });

  it("without an authoriser, still takes recordedBy from an actor, and leaves callers without one as before", async () => {
    const store = memoryEventStore();
    const core = linkwork(store, { clock: () => Date.parse(at) });
    const handled = await core.handle(referral("case_c1", "U81043"), workerA);
    expect(E.isRight(handled) && handled.right.events[0]?.metadata.recordedBy).toBe("lw_ana1");
    expect(E.isRight(await core.handle({ ...referral("case_c2"), recordedBy: "triage-1" }))).toBe(true);
    expect(refusal(await core.loadCase("case_c1", { ...workerA, role: "nurse" } as unknown as Actor))).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ path: "actor.role" }],
    });
  });
});
