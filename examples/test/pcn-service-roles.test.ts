import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryAuditTrail } from "@linkwork/store-memory";
import type { Client, Json } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";

// Each role's allowed and refused calls over real HTTP (issue 18): link workers act on their own PCN's
// cases, managers read their own PCN's reports, evaluators read pseudonymised exports, administrators
// manage reference data and read the audit trail; recordedBy is always the token's subject.

const serverNow = "2025-03-03T09:00:00.000Z";
let running: TestService;
const as: Record<keyof typeof people, Client> = {} as Record<keyof typeof people, Client>;

/** A referral; only the first case's person consents to evaluation, so the export has someone to leave out. */
const referral = (caseId: string, pcnId: string, who = { personId: "person_7f3a", evaluation: false }) => ({
  caseId,
  personId: who.personId,
  pcnId,
  practiceId: "P00003",
  source: "gp",
  reasons: ["loneliness"],
  consent: { contact: true, shareOutcomeWithReferrer: false, evaluation: who.evaluation },
  occurredAt: "2025-01-06T10:00:00Z",
});
const accept = (linkWorkerId: string) => ({ type: "AcceptReferral", linkWorkerId, occurredAt: "2025-01-07T10:00:00Z" });

beforeAll(async () => {
  running = await startTestService({
    clock: () => new Date(serverNow),
    evaluationExport: { key: "an evaluation recipients' key of more than 32 bytes" },
  });
  for (const [name, claims] of Object.entries(people)) as[name as keyof typeof people] = await running.as(claims);
  expect(
    (await as.workerA.post("/referrals", referral("case_north1", "U00009", { personId: "person_7f3a", evaluation: true }))).status,
  ).toBe(201);
  expect(
    (await as.workerB.post("/referrals", referral("case_south1", "U00010", { personId: "person_8b4c", evaluation: false }))).status,
  ).toBe(201);
});

afterAll(async () => {
  await running.close();
});

describe("a link worker", () => {
  it("refers, acts on and reads cases of their own PCN, recorded as themselves", async () => {
    const accepted = await as.workerA.post("/cases/case_north1/commands", accept("lw_ana1"));
    expect(accepted.status).toBe(200);
    expect(accepted.body.events.map((event: Json) => event.metadata.recordedBy)).toEqual(["lw_ana1"]);
    expect((await as.workerA.get("/cases/case_north1")).body).toMatchObject({ stage: "accepted", pcnId: "U00009" });
  });

  it("cannot read or write a case of another PCN, nor refer to one, and nothing is written", async () => {
    const read = await as.workerA.get("/cases/case_south1");
    expect(read.status).toBe(403);
    expect(read.body).toEqual({ code: "FORBIDDEN", message: expect.any(String), access: "reading a case" });
    expect(JSON.stringify(read.body)).not.toContain("U00010");
    for (const path of ["/cases/case_south1/commands", "/commands"]) {
      const write = await as.workerA.post(path, { ...accept("lw_ana1"), type: "AcceptReferral", caseId: "case_south1" });
      expect(write.status, path).toBe(403);
      expect(write.body.code).toBe("FORBIDDEN");
    }
    expect((await as.workerA.post("/referrals", referral("case_south2", "U00010"))).status).toBe(403);
    expect((await as.workerB.get("/cases/case_south1")).body).toMatchObject({ stage: "referred", version: 1 });
    expect((await as.workerB.get("/cases/case_south2")).status).toBe(404);
  });

  it("cannot record under someone else's name: a body's recordedBy must be their own", async () => {
    const impersonating = await as.workerB.post("/cases/case_south1/commands", { ...accept("lw_bob2"), recordedBy: "lw_ana1" });
    expect(impersonating.status).toBe(400);
    expect(impersonating.body.issues).toEqual([{ path: "recordedBy", message: expect.any(String) }]);
    const ownName = await as.workerB.post("/cases/case_south1/commands", { ...accept("lw_bob2"), recordedBy: "lw_bob2" });
    expect(ownName.status).toBe(200);
  });

  it("cannot read reports, exports or the audit trail, nor send reference data", async () => {
    for (const path of ["/reports/caseload", "/reports/capacity", "/exports/evaluation", "/audit"]) {
      expect((await as.workerA.get(path)).status, path).toBe(403);
    }
    const listSize = await as.workerA.post("/commands", { type: "RecordPcnListSize", pcnId: "U00009", registeredPatients: 1 });
    expect(listSize.status).toBe(403);
  });
});

describe("a PCN manager", () => {
  it("reads the caseload and capacity of their own PCN only, whatever they ask for", async () => {
    const own = await as.managerA.get("/reports/caseload");
    expect(own.status).toBe(200);
    expect(own.body.rows.map((row: Json) => row.caseId)).toEqual(["case_north1"]);
    const byPcn = await as.managerA.get("/reports/caseload?view=pcns");
    expect(byPcn.body.rows.map((row: Json) => row.pcnId)).toEqual(["U00009"]);
    const other = await as.managerA.get("/reports/caseload?pcnId=U00010");
    expect(other.status).toBe(403);
    expect((await as.managerA.get("/reports/capacity?pcnId=U00010")).status).toBe(403);
    expect((await as.managerB.get("/reports/caseload")).body.rows.map((row: Json) => row.caseId)).toEqual(["case_south1"]);
  });

  it("cannot read or act on a case, nor read exports or the audit trail", async () => {
    expect((await as.managerA.get("/cases/case_north1")).status).toBe(403);
    expect((await as.managerA.post("/cases/case_north1/commands", accept("lw_ana1"))).status).toBe(403);
    expect((await as.managerA.get("/exports/evaluation")).status).toBe(403);
    expect((await as.managerA.get("/audit")).status).toBe(403);
  });
});

describe("an evaluator", () => {
  it("reads the pseudonymised evaluation export: the consenting person's events, no pseudonym or case id of the history in it", async () => {
    const exported = await as.evaluator.get("/exports/evaluation");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toContain("application/x-ndjson");
    // The client parses a one-line body as JSON; several lines stay text.
    const text = typeof exported.body === "string" ? exported.body : JSON.stringify(exported.body);
    const lines = text
      .trim()
      .split("\n")
      .map((line): Json => JSON.parse(line));
    expect(lines[0]).toMatchObject({ position: "1", type: "ReferralReceived" });
    // Only case_north1's person consented to evaluation: one referral in the export, south1's left out.
    expect(lines.filter((line) => line.type === "ReferralReceived")).toHaveLength(1);
    for (const id of ["person_7f3a", "person_8b4c", "case_north1", "case_south1", "lw_ana1"]) expect(text).not.toContain(id);
  });

  it("reads nothing else", async () => {
    expect((await as.evaluator.get("/cases/case_north1")).status).toBe(403);
    expect((await as.evaluator.get("/reports/caseload")).status).toBe(403);
    expect((await as.evaluator.post("/referrals", referral("case_eval1", "U00009"))).status).toBe(403);
    expect((await as.evaluator.get("/audit")).status).toBe(403);
  });
});

describe("an administrator", () => {
  it("sends reference data, recorded as themselves, and cannot touch a case", async () => {
    const listSize = await as.admin.post("/commands", { type: "RecordPcnListSize", pcnId: "U00009", registeredPatients: 20_000 });
    expect(listSize.status).toBe(200);
    expect(listSize.body.events[0].metadata.recordedBy).toBe("adm_fay6");
    expect((await as.admin.get("/cases/case_north1")).status).toBe(403);
    expect((await as.admin.post("/referrals", referral("case_admin1", "U00009"))).status).toBe(403);
    expect((await as.admin.get("/reports/caseload")).status).toBe(403);
    expect((await as.admin.get("/exports/evaluation")).status).toBe(403);
  });

  it("reads an audit trail that holds every read of a case, allowed or refused, with who, role, PCN and time", async () => {
    const before = (await as.admin.get("/audit?caseId=case_north1&limit=10000")).body.entries.length;
    for (let read = 0; read < 3; read++) expect((await as.workerA.get("/cases/case_north1")).status).toBe(200);
    expect((await as.workerB.get("/cases/case_north1")).status).toBe(403);
    const trail = await as.admin.get("/audit?caseId=case_north1&limit=10000");
    expect(trail.status).toBe(200);
    const added = trail.body.entries.slice(before);
    expect(added).toEqual([
      ...Array.from({ length: 3 }, () => ({
        at: serverNow,
        who: "lw_ana1",
        role: "linkWorker",
        pcnId: "U00009",
        caseId: "case_north1",
        action: "readCase",
        allowed: true,
      })),
      { at: serverNow, who: "lw_bob2", role: "linkWorker", pcnId: "U00010", caseId: "case_north1", action: "readCase", allowed: false },
    ]);
    // The trail is apart from the case history: the case holds no record of being read.
    expect((await as.workerA.get("/cases/case_north1")).body.version).toBe(2);
    expect((await as.admin.get("/audit?limit=0")).status).toBe(400);
  });
});

describe("the audit trail's retention", () => {
  it("purges entries older than auditRetentionDays when the service starts, and keeps the rest", async () => {
    const trail = memoryAuditTrail();
    const entry = { who: "lw_ana1", role: "linkWorker", pcnId: "U00009", caseId: "case_old1", action: "readCase", allowed: true } as const;
    expect(E.isRight(await trail.record({ ...entry, at: "2025-02-28T08:59:59.000Z" }))).toBe(true); // 3 days and a second before
    expect(E.isRight(await trail.record({ ...entry, at: "2025-03-01T09:00:00.000Z" }))).toBe(true); // 2 days before
    const kept = await startTestService({ clock: () => new Date(serverNow), auditTrail: trail, auditRetentionDays: 3 });
    const admin = await kept.as(people.admin);
    expect((await admin.get("/audit?caseId=case_old1")).body.entries.map((found: Json) => found.at)).toEqual(["2025-03-01T09:00:00.000Z"]);
    await kept.close();
    // The trail was passed in: it is the caller's, still open.
    expect(E.isRight(await trail.entries())).toBe(true);
  });
});
