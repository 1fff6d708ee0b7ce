import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gpOnlySchemePolicy } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import { heldSubscriptionStore } from "./held-subscription-store.js";
import type { Client, Json } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";

// Drives the service over real HTTP (127.0.0.1, an ephemeral port, global fetch), as a PCN's client would.

/** The server's clock, read only for commands sent without occurredAt. */
const serverNow = "2025-03-03T09:00:00.000Z";

const referral = (overrides: Record<string, unknown> = {}) => ({
  personId: "person_7f3a",
  pcnId: "U00009",
  practiceId: "P00003",
  source: "gp",
  reasons: ["loneliness"],
  consent: { contact: true, shareOutcomeWithReferrer: true },
  occurredAt: "2025-01-06T10:00:00Z",
  ...overrides,
});

const issuePaths = (body: Json): string[] => (body.issues as { path: string }[]).map((issue) => issue.path);

// Each call is made by the role that may make it: link workers of PCN U00009 (and U00010) refer and
// act on cases, their managers read reports, an administrator sends reference data and usage imports.
let running: TestService;
let http: Client;
let httpSouth: Client;
let admin: Client;
let manager: Client;
let managerSouth: Client;

beforeAll(async () => {
  running = await startTestService({ clock: () => new Date(serverNow) });
  http = await running.as(people.workerA);
  httpSouth = await running.as(people.workerB);
  admin = await running.as(people.admin);
  manager = await running.as(people.managerA);
  managerSouth = await running.as(people.managerB);
});

afterAll(async () => {
  await running.close();
});

describe("the PCN service over HTTP", () => {
  it("reports FTE per 10,000 patients after RegisterLinkWorker and RecordPcnListSize", async () => {
    const at = "2025-01-02T09:00:00Z";
    for (const command of [
      { type: "RegisterLinkWorker", linkWorkerId: "lw_ana1", pcnId: "U00009", fte: 1, occurredAt: at },
      { type: "RegisterLinkWorker", linkWorkerId: "lw_ben1", pcnId: "U00009", fte: 0.5, occurredAt: at },
      { type: "RecordPcnListSize", pcnId: "U00009", registeredPatients: 20_000, occurredAt: at },
    ]) {
      const recorded = await admin.post("/commands", command);
      expect(recorded.status).toBe(200);
      expect(recorded.body.duplicate).toBe(false);
      expect(recorded.body.case).toBeUndefined();
    }

    const capacity = await manager.get("/reports/capacity?asOf=2025-01-31T23:59:59.999Z&pcnId=U00009");
    expect(capacity.status).toBe(200);
    expect(capacity.body.fteTargetPer10k).toBe(1);
    expect(capacity.body.rows).toHaveLength(1);
    expect(capacity.body.rows[0]).toMatchObject({
      pcnId: "U00009",
      month: "2025-01",
      complete: true,
      registeredPatients: 20_000,
      fte: 1.5,
      ftePer10k: 0.75,
      fteNeeded: 2,
      meetsFteTarget: false,
    });
  });

  it("takes a referral through to closure, with the case and the caseload report following each step", async () => {
    const referred = await http.post("/referrals", referral(), { "idempotency-key": "referral-2025-0001" });
    expect(referred.status).toBe(201);
    const caseId: string = referred.body.case.caseId;
    // Without a caseId in the body, the case is named by the referral's command id, so a retry reaches it again.
    expect(caseId).toBe(referred.body.commandId);
    expect(referred.headers.get("location")).toBe(`/cases/${caseId}`);
    expect(referred.body.case).toMatchObject({ stage: "referred", personId: "person_7f3a", pcnId: "U00009", version: 1 });
    expect(referred.body.events.map((event: Json) => event.type)).toEqual(["ReferralReceived"]);

    const retried = await http.post("/referrals", referral(), { "idempotency-key": "referral-2025-0001" });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ duplicate: true, commandId: referred.body.commandId, version: 1 });
    expect(retried.body.events).toEqual(referred.body.events);

    const step = async (command: Record<string, unknown>, key?: string) => {
      const done = await http.post(`/cases/${caseId}/commands`, command, key === undefined ? {} : { "idempotency-key": key });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      return done.body;
    };

    expect((await step({ type: "AcceptReferral", linkWorkerId: "lw_ana1", occurredAt: "2025-01-07T09:00:00Z" })).case.stage).toBe(
      "accepted",
    );
    const waiting = await manager.get("/reports/caseload?asOf=2025-01-07T12:00:00Z");
    expect(waiting.status).toBe(200);
    expect(waiting.body.rows.find((row: Json) => row.caseId === caseId)).toMatchObject({
      stage: "awaiting_first_contact",
      linkWorkerId: "lw_ana1",
    });

    const talked = await step({
      type: "HoldConversation",
      mode: "face_to_face",
      minutes: 45,
      needs: ["loneliness", "physical_activity_lifestyle"],
      strengths: ["interests_hobbies"],
      whatMattersRef: "local-note-81",
      occurredAt: "2025-01-14T10:00:00Z",
    });
    expect(talked.case).toMatchObject({ stage: "in_conversation", contacts: 1 });
    await step({
      type: "AgreePlan",
      goals: [{ goalId: "goal-1", need: "loneliness", noteRef: "local-note-82" }],
      occurredAt: "2025-01-14T11:00:00Z",
    });
    await step({
      type: "MakeConnection",
      connectionId: "conn-1",
      goalId: "goal-1",
      providerId: "prov_walkinggroup1",
      activity: "physical_activity",
      mode: "accompanied",
      occurredAt: "2025-01-21T10:00:00Z",
    });

    // No asOf: the report is as of the latest occurredAt recorded, and already holds the command just acknowledged.
    const connected = await manager.get("/reports/caseload");
    expect(connected.body.rows.find((row: Json) => row.caseId === caseId)).toMatchObject({
      stage: "connected",
      linkWorkerId: "lw_ana1",
      contactsUsed: 1,
    });
    const byWorker = await manager.get("/reports/caseload?view=link-workers");
    expect(byWorker.body.rows.find((row: Json) => row.linkWorkerId === "lw_ana1")).toMatchObject({
      openCases: 1,
      byStage: { connected: 1 },
    });

    await step({ type: "RecordConnectionOutcome", connectionId: "conn-1", outcome: "attended", occurredAt: "2025-02-04T10:00:00Z" });
    // No occurredAt: the service stamps the server's clock.
    const closed = await step({ type: "CloseCase", reason: "goals_met" }, "close-2025-0001");
    expect(closed.case.stage).toBe("closed");
    expect(closed.events.map((event: Json) => event.type)).toEqual(["FeedbackSentToReferrer", "CaseClosed"]);
    for (const event of closed.events) expect(event.metadata.occurredAt).toBe(serverNow);

    // A retry after the case closed is still the same command: its original result, not a refusal.
    const closedAgain = await step({ type: "CloseCase", reason: "goals_met" }, "close-2025-0001");
    expect(closedAgain).toMatchObject({ duplicate: true, version: closed.version });

    const state = await http.get(`/cases/${caseId}`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      caseId,
      stage: "closed",
      linkWorkerId: "lw_ana1",
      contacts: 1,
      referredAt: "2025-01-06T10:00:00Z",
      lastOccurredAt: serverNow,
      goals: [{ goalId: "goal-1", need: "loneliness", noteRef: "local-note-82", progress: "not_started" }],
      connections: [{ connectionId: "conn-1", goalId: "goal-1", providerId: "prov_walkinggroup1", outcome: "attended" }],
      // Acceptance told the referrer (the policy's default), then the closure did.
      feedbackSent: 2,
      version: closed.version,
    });

    const afterClosure = await manager.get("/reports/caseload");
    expect(afterClosure.body.rows.map((row: Json) => row.caseId)).not.toContain(caseId);
    const history = await manager.get("/reports/caseload?asOf=2025-01-21T12:00:00Z");
    expect(history.body.rows.find((row: Json) => row.caseId === caseId)).toMatchObject({ stage: "connected" });
  });

  it("answers 400 with the zod issue paths for a bad body, and writes nothing", async () => {
    const bad = await http.post(
      "/referrals",
      referral({ caseId: "case_bad1", personId: "9434765919", reasons: [], consent: { contact: "yes" } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    expect(issuePaths(bad.body)).toEqual(
      expect.arrayContaining(["personId", "reasons", "consent.contact", "consent.shareOutcomeWithReferrer"]),
    );
    expect((await http.get("/cases/case_bad1")).status).toBe(404);

    const notACaseCommand = await http.post("/cases/case_bad1/commands", {
      type: "RegisterLinkWorker",
      linkWorkerId: "lw_x1",
      pcnId: "U00009",
      fte: 1,
    });
    expect(notACaseCommand.status).toBe(400);
    expect(issuePaths(notACaseCommand.body)).toEqual(["type"]);

    const otherCase = await http.post("/cases/case_bad1/commands", {
      type: "AcceptReferral",
      caseId: "case_other1",
      linkWorkerId: "lw_ana1",
    });
    expect(otherCase.status).toBe(400);
    expect(issuePaths(otherCase.body)).toEqual(["caseId"]);

    const notAnObject = await admin.post("/commands", [{ type: "RecordPcnListSize" }]);
    expect(notAnObject.status).toBe(400);
    expect(issuePaths(notAnObject.body)).toEqual(["(root)"]);

    const unknownType = await admin.post("/commands", { type: "DeleteEverything" });
    expect(unknownType.status).toBe(400);
    expect(issuePaths(unknownType.body)).toEqual(["type"]);

    const badQuery = await manager.get("/reports/caseload?asOf=yesterday&view=everything");
    expect(badQuery.status).toBe(400);
    expect(issuePaths(badQuery.body).sort()).toEqual(["asOf", "view"]);

    const badId = await http.get("/cases/1234567890");
    expect(badId.status).toBe(400);
    expect(issuePaths(badId.body)).toEqual(["caseId"]);
  });

  it("answers 400 for a malformed JSON body", async () => {
    const malformed = await http.postRaw("/referrals", '{"personId": "person_p1", ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("VALIDATION_FAILED");
    expect(issuePaths(malformed.body)).toEqual(["(root)"]);
    const empty = await http.postRaw("/commands", "");
    expect(empty.status).toBe(400);
  });

  it("answers 409 for an invalid transition and for time going backwards", async () => {
    expect((await http.post("/referrals", referral({ caseId: "case_b1", occurredAt: "2025-02-01T10:00:00Z" }))).status).toBe(201);

    const tooEarly = await http.post("/cases/case_b1/commands", {
      type: "AgreePlan",
      goals: [{ goalId: "goal-1", need: "loneliness" }],
      occurredAt: "2025-02-02T10:00:00Z",
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({ code: "INVALID_TRANSITION", stage: "referred", command: "AgreePlan" });

    const backwards = await http.post("/cases/case_b1/commands", {
      type: "AcceptReferral",
      linkWorkerId: "lw_ana1",
      occurredAt: "2025-01-31T10:00:00Z",
    });
    expect(backwards.status).toBe(409);
    expect(backwards.body).toMatchObject({ code: "TIME_WENT_BACKWARDS", lastOccurredAt: "2025-02-01T10:00:00Z" });
    expect((await http.get("/cases/case_b1")).body).toMatchObject({ stage: "referred", version: 1 });
  });

  it("answers 422 for a reference to something the case does not hold", async () => {
    const steps = [
      { type: "AcceptReferral", linkWorkerId: "lw_ben1", occurredAt: "2025-02-03T10:00:00Z" },
      { type: "HoldConversation", mode: "phone", minutes: 30, occurredAt: "2025-02-04T10:00:00Z" },
      { type: "AgreePlan", goals: [{ goalId: "goal-1", need: "housing" }], occurredAt: "2025-02-04T10:30:00Z" },
    ];
    for (const command of steps) expect((await http.post("/cases/case_b1/commands", command)).status).toBe(200);
    const unknownGoal = await http.post("/cases/case_b1/commands", {
      type: "MakeConnection",
      connectionId: "conn-1",
      goalId: "goal-missing",
      providerId: "prov_advice1",
      activity: "advice_information",
      mode: "signposted",
      occurredAt: "2025-02-05T10:00:00Z",
    });
    expect(unknownGoal.status).toBe(422);
    expect(unknownGoal.body).toMatchObject({ code: "UNKNOWN_REFERENCE", field: "goalId", reference: "goal-missing" });
  });

  it("answers 404 for a case that was never referred", async () => {
    const read = await http.get("/cases/case_nobody1");
    expect(read.status).toBe(404);
    expect(read.body.code).toBe("CASE_NOT_FOUND");
    const command = await http.post("/cases/case_nobody1/commands", {
      type: "AcceptReferral",
      linkWorkerId: "lw_ana1",
    });
    expect(command.status).toBe(404);
    expect((await http.get("/no-such-route")).status).toBe(404);
  });

  it("treats a UUID Idempotency-Key as the command id: a retry returns the original result", async () => {
    const key = "0193f1a2-7b4c-7d8e-9f00-1a2b3c4d5e6f";
    const usage = {
      type: "RecordHealthcareUsage",
      personId: "person_7f3a",
      setting: "gp_appointment",
      periodStart: "2024-07-01",
      periodEnd: "2024-12-31",
      count: 9,
    };
    const first = await admin.post("/commands", usage, { "idempotency-key": key });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ commandId: key, duplicate: false, version: 1 });
    // The retry is a duplicate, its occurredAt defaulted again (a retry may be stamped later).
    const retry = await admin.post("/commands", usage, { "idempotency-key": key });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ commandId: key, duplicate: true, version: 1 });
    expect(retry.body.events).toEqual(first.body.events);
    // The same key on a different command is a client bug, not a retry: refused, nothing written.
    const reused = await admin.post("/commands", { ...usage, count: 10 }, { "idempotency-key": key });
    expect(reused.status).toBe(409);
    expect(reused.body).toEqual({ code: "COMMAND_ID_REUSED", message: expect.any(String), commandId: key });
    const clash = await admin.post(
      "/commands",
      { ...usage, commandId: "0193f1a2-7b4c-7d8e-9f00-000000000000" },
      { "idempotency-key": key },
    );
    expect(clash.status).toBe(400);
    expect(issuePaths(clash.body)).toEqual(["commandId"]);
  });

  it("refuses a command dated past the server's clock and its skew with 422 OCCURRED_IN_FUTURE, writing nothing", async () => {
    const future = await http.post("/referrals", referral({ caseId: "case_future1", occurredAt: "9999-01-01T00:00:00Z" }));
    expect(future.status).toBe(422);
    expect(future.body).toEqual({
      code: "OCCURRED_IN_FUTURE",
      message: expect.any(String),
      occurredAt: "9999-01-01T00:00:00Z",
      // The server's clock plus the core's default five minutes.
      latestAccepted: "2025-03-03T09:05:00.000Z",
    });
    expect((await http.get("/cases/case_future1")).status).toBe(404);
    // Dated at the server's clock, the same referral is taken: the case was not broken.
    expect((await http.post("/referrals", referral({ caseId: "case_future1", occurredAt: serverNow }))).status).toBe(201);
  });

  it("reads its own writes: a report right after concurrent referrals holds every one", async () => {
    const referrals = Array.from({ length: 20 }, (_, index) =>
      referral({ caseId: `case_south${index}`, pcnId: "U00010", personId: `person_s${index}` }),
    );
    const answers = await Promise.all(referrals.map((body) => httpSouth.post("/referrals", body)));
    expect(answers.map((reply) => reply.status)).toEqual(referrals.map(() => 201));
    const report = await managerSouth.get(`/reports/caseload?view=pcns&asOf=${encodeURIComponent("2025-01-06T10:00:00Z")}`);
    expect(report.body.rows.find((row: Json) => row.pcnId === "U00010")).toMatchObject({
      openCases: 20,
      byStage: { awaiting_acceptance: 20 },
    });
  });

  it("never answers 500 for any JSON body or any raw text", async () => {
    const routes = ["/referrals", "/commands", "/cases/case_b1/commands"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue(), async (route, body) => {
        const reply = await http.post(route, body);
        expect(reply.status).toBeLessThan(500);
        expect(typeof reply.body.code === "string" || reply.status < 300).toBe(true);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.string({ maxLength: 40 }), async (route, raw) => {
        const reply = await http.postRaw(route, raw);
        expect(reply.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});

describe("a service over a store passed in, with a GP-only scheme", () => {
  const store = memoryEventStore();
  let gpOnly: TestService;
  let gpHttp: Client;

  beforeAll(async () => {
    gpOnly = await startTestService({ store, policy: gpOnlySchemePolicy });
    gpHttp = await gpOnly.as(people.workerA);
  });

  afterAll(async () => {
    await gpOnly.close();
    await store.close();
  });

  it("answers 422 for a referral route the scheme does not accept, and leaves the store to its owner", async () => {
    const self = await gpHttp.post("/referrals", referral({ caseId: "case_self1", source: "self" }));
    expect(self.status).toBe(422);
    expect(self.body).toMatchObject({ code: "POLICY_VIOLATION", rule: "referralSourceNotAccepted", command: "ReceiveReferral" });
    expect((await gpHttp.post("/referrals", referral({ caseId: "case_gp1" }))).status).toBe(201);

    await gpOnly.close();
    const stored = await store.readStream("case-case_gp1");
    expect(E.isRight(stored) && stored.right.map((recorded) => recorded.event.type)).toEqual(["ReferralReceived"]);
  });
});

describe("read-your-writes", () => {
  const lagging = heldSubscriptionStore(memoryEventStore());
  let laggedService: TestService;
  let laggedHttp: Client;
  let laggedManager: Client;

  beforeAll(async () => {
    laggedService = await startTestService({ store: lagging.store });
    laggedHttp = await laggedService.as(people.workerA);
    laggedManager = await laggedService.as(people.managerA);
  });

  afterAll(async () => {
    await laggedService.close();
    await lagging.store.close();
  });

  it("a report reflects every command acknowledged before it, however far the projections lag", async () => {
    lagging.hold();
    expect((await laggedHttp.post("/referrals", referral({ caseId: "case_lag1" }))).status).toBe(201);
    // The command is stored and acknowledged, but the projections have not seen it.
    expect(laggedService.service.runner.status().eventsApplied).toBe(0);
    const report = await laggedManager.get("/reports/caseload");
    expect(report.status).toBe(200);
    expect(report.body.rows.map((row: Json) => row.caseId)).toEqual(["case_lag1"]);
  });
});
