import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawGet } from "./raw-http.js";
import type { Client, Json } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";
import { loggedText } from "./logged-text.js";
import { referralBody } from "./referral-body.js";

// One error format for every answer, Fastify's and Node's own included, and the request limits:
// each refusal is { code, message } JSON, and none echoes the URL (it may hold a case id).

const serverNow = "2025-03-03T09:00:00.000Z";
const logLines: string[] = [];
let running: TestService;
let worker: Client;

const isErrorBody = (body: Json, code: string) => {
  expect(body).toMatchObject({ code, message: expect.any(String) });
};

beforeAll(async () => {
  running = await startTestService({
    clock: () => new Date(serverNow),
    limits: { bodyBytes: 2_048 },
    logger: { write: (line) => void logLines.push(line) },
  });
  worker = await running.as(people.workerA);
});

afterAll(async () => {
  await running.close();
});

describe("every refusal in the service's error format", () => {
  it("a URL that is not valid percent-encoding: 400 BAD_REQUEST, the URL not echoed", async () => {
    const answer = await rawGet(running.base, "/cases/case_%E0%A4%A");
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.body);
    isErrorBody(body, "BAD_REQUEST");
    expect(answer.body).not.toContain("case_");
  });

  it("a path parameter longer than the limit: 414 URI_TOO_LONG", async () => {
    const answer = await worker.get(`/cases/case_${"a1".repeat(80)}`);
    expect(answer.status).toBe(414);
    isErrorBody(answer.body, "URI_TOO_LONG");
    expect(JSON.stringify(answer.body)).not.toContain("a1a1");
  });

  it("headers larger than Node accepts: 431 HEADERS_TOO_LARGE", async () => {
    const answer = await rawGet(running.base, "/health", [`X-Padding: ${"x".repeat(20_000)}`]);
    expect(answer.status).toBe(431);
    isErrorBody(JSON.parse(answer.body), "HEADERS_TOO_LARGE");
  });

  it("no route: 404 NOT_FOUND, the path not echoed", async () => {
    const answer = await worker.get("/cases/case_c1/secrets");
    expect(answer.status).toBe(404);
    isErrorBody(answer.body, "NOT_FOUND");
    expect(answer.body.message).not.toContain("case_c1");
  });

  it("a body over the limit: 413 BODY_TOO_LARGE, nothing written", async () => {
    const answer = await worker.post("/referrals", { caseId: "case_big1", padding: "x".repeat(4_096) });
    expect(answer.status).toBe(413);
    isErrorBody(answer.body, "BODY_TOO_LARGE");
    expect((await worker.get("/cases/case_big1")).status).toBe(404);
  });

  it("a body that is not JSON: 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    const answer = await fetch(`${running.base}/referrals`, {
      method: "POST",
      headers: { "content-type": "application/xml", authorization: `Bearer ${await running.idp.token(people.workerA)}` },
      body: "<referral>hello</referral>",
    });
    expect(answer.status).toBe(415);
    isErrorBody(await answer.json(), "UNSUPPORTED_MEDIA_TYPE");
  });

  it("wrote no case id, token or body to the log, only methods, routes and statuses", () => {
    const log = loggedText(logLines);
    expect(log).toContain('"route":"/cases/:caseId"');
    expect(log).toContain('"statusCode":413');
    for (const secret of ["case_big1", "case_c1", "case_%E0", "aaaa", "eyJ", "xxxx", "hello"]) expect(log).not.toContain(secret);
  });
});

describe("a command id reused for another command", () => {
  it("is a 409 COMMAND_ID_REUSED whose message quotes neither the case id of the URL nor its stream", async () => {
    const caseId = "case_reuse1";
    const referral = { ...referralBody(caseId), occurredAt: "2025-01-06T10:00:00Z" };
    expect((await worker.post("/referrals", referral)).status).toBe(201);
    const key = { "idempotency-key": "accept-0001" };
    const accept = { type: "AcceptReferral", linkWorkerId: "lw_ana1", occurredAt: "2025-01-07T09:00:00Z" };
    expect((await worker.post(`/cases/${caseId}/commands`, accept, key)).status).toBe(200);
    const reused = await worker.post(`/cases/${caseId}/commands`, { ...accept, linkWorkerId: "lw_ben1" }, key);
    expect(reused.status).toBe(409);
    isErrorBody(reused.body, "COMMAND_ID_REUSED");
    expect(reused.body.message).not.toContain("reuse1");
  });
});

describe("a report as of a far future instant", () => {
  it("is a 400 naming asOf, not one row a month per PCN up to that year (memory bounded whatever the query)", async () => {
    const admin = await running.as(people.admin);
    const listSize = { type: "RecordPcnListSize", pcnId: "U00009", registeredPatients: 20_000, occurredAt: "2025-01-02T09:00:00Z" };
    expect((await admin.post("/commands", listSize)).status).toBe(200);
    const manager = await running.as(people.managerA);
    for (const path of [
      "/reports/capacity?asOf=9999-12-31T23:59:59Z",
      "/reports/capacity?asOf=9999-12-31T23:59:59Z&view=forecast",
      "/reports/caseload?asOf=9999-12-31T23:59:59Z",
    ]) {
      const refused = await manager.get(path);
      expect(refused.status, path).toBe(400);
      expect(refused.body).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "asOf" }] });
    }
    // Up to the server's clock, the months since the first record: March is the clock's month.
    const months = await manager.get(`/reports/capacity?asOf=${serverNow}`);
    expect(months.status).toBe(200);
    expect(months.body.rows.map((row: Json) => row.month)).toEqual(["2025-01", "2025-02", "2025-03"]);
  });
});

describe("the rate limit", () => {
  let limited: TestService;

  beforeAll(async () => {
    limited = await startTestService({ limits: { requestsPerWindow: 3, windowMs: 3_600_000 } });
  });

  afterAll(async () => {
    await limited.close();
  });

  it("answers 429 RATE_LIMITED with Retry-After once a client used its requests, before any token is checked", async () => {
    const statuses: number[] = [];
    for (let request = 0; request < 4; request++) statuses.push((await limited.anonymous.get("/audit")).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await limited.anonymous.get("/audit");
    expect(refused.status).toBe(429);
    isErrorBody(refused.body, "RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("the rate limit behind a trusted reverse proxy", () => {
  let proxied: TestService;

  beforeAll(async () => {
    proxied = await startTestService({ limits: { requestsPerWindow: 2, windowMs: 3_600_000 }, trustProxy: "127.0.0.1" });
  });

  afterAll(async () => {
    await proxied.close();
  });

  it("counts each client the proxy names, not the proxy", async () => {
    const from = async (client: string) => (await proxied.anonymous.get("/audit", { "x-forwarded-for": client })).status;
    expect([await from("192.0.2.10"), await from("192.0.2.10"), await from("192.0.2.10")]).toEqual([401, 401, 429]);
    expect(await from("192.0.2.11")).toBe(401);
  });
});
