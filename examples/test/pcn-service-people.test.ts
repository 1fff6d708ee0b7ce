import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";
import { loggedText } from "./logged-text.js";

// The person register through the HTTP service: the embedder finds people by NHS number through the
// register, never through events; and the request log holds no id and no personal data (issue 13).

const serverNow = "2025-03-03T09:00:00.000Z";
const logLines: string[] = [];
let running: TestService;
let worker: Client;
let admin: Client;

/** What a link worker (PCN U81042) posts; `as` another client for the administrator's calls. */
const post = async (path: string, body: unknown, as: Client = worker) => {
  const { status, body: answered } = await as.post(path, body);
  return { status, body: answered };
};
const get = async (path: string) => {
  const { status, body } = await worker.get(path);
  return { status, body };
};

const jane = {
  nhsNumber: "943 476 5919",
  name: { given: "Jane", family: "Smith" },
  dateOfBirth: "1950-01-01",
  contact: { phone: "07700 900123", email: "jane.smith@example.org", address: "12 High St" },
  equity: { ageBand: "75-84", sex: "2", ethnicCategory: "A", deprivationDecile: 3 },
};

beforeAll(async () => {
  running = await startTestService({ clock: () => new Date(serverNow), logger: { write: (line) => void logLines.push(line) } });
  worker = await running.as({ sub: "lw_ana1", roles: "sp-link-worker", pcn: "U81042" });
  admin = await running.as(people.admin);
});

afterAll(async () => {
  await running.close();
});

describe("the person register over HTTP", () => {
  let personId = "";
  const caseId = "case_c0001";

  it("registers a person and answers their pseudonym, then refuses the same NHS number again with 409 naming it", async () => {
    const registered = await post("/people", jane);
    expect(registered.status).toBe(201);
    personId = registered.body.personId;
    expect(personId).toMatch(/^person_[0-9a-z]{26}$/);
    expect(await post("/people", { ...jane, nhsNumber: "9434765919" })).toMatchObject({
      status: 409,
      body: { code: "ALREADY_REGISTERED", personId },
    });
    // A date of birth no living person has is a slip: refused naming the field (1880 to today).
    for (const dateOfBirth of ["1800-01-01", "9999-12-31"]) {
      expect(await post("/people", { ...jane, nhsNumber: "4010232137", dateOfBirth })).toMatchObject({
        status: 400,
        body: { code: "VALIDATION_FAILED", issues: [{ path: "details.dateOfBirth" }] },
      });
    }
  });

  it("finds the person by NHS number in a request body, and refuses a bad one naming the field", async () => {
    expect(await post("/people/lookup", { nhsNumber: "9434765919" })).toMatchObject({
      status: 200,
      body: { personId, details: { nhsNumber: "9434765919", name: { given: "Jane" } } },
    });
    expect(await post("/people/lookup", { nhsNumber: "4010232137" })).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
    const bad = await post("/people/lookup", { nhsNumber: "9434765918" });
    expect(bad).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED", issues: [{ path: "nhsNumber" }] } });
    expect(JSON.stringify(bad.body)).not.toContain("943476591");
  });

  it("refers the person by pseudonym, reads the case, and refuses identifying ids with 400 naming the field", async () => {
    const referral = {
      caseId,
      personId,
      pcnId: "U81042",
      practiceId: "B82005",
      source: "gp",
      referrerId: "ref_gp0193",
      reasons: ["loneliness"],
      consent: { contact: true, shareOutcomeWithReferrer: true },
      occurredAt: "2025-01-06T10:00:00Z",
    };
    expect((await post("/referrals", referral)).status).toBe(201);
    expect(await get(`/cases/${caseId}`)).toMatchObject({ status: 200 });
    for (const [field, value] of [
      ["caseId", "Jane.Smith.1950-01-01"],
      ["personId", "943-476-5919"],
      ["referrerId", "tel:07700-900123"],
    ] as const) {
      expect(await post("/referrals", { ...referral, [field]: value })).toMatchObject({ status: 400, body: { issues: [{ path: field }] } });
    }
    expect(await post("/referrals", { ...referral, caseId: "case_c0002", reasons: ["x-hiv-positive-partner-is-violent"] })).toMatchObject({
      status: 400,
      body: { code: "VALIDATION_FAILED", issues: [{ path: "reasons[0]" }] },
    });
    expect(await get("/cases/Jane.Smith.1950-01-01")).toMatchObject({ status: 400, body: { issues: [{ path: "caseId" }] } });
  });

  it("erases the person, as an administrator only: the NHS number finds nobody afterwards", async () => {
    expect(await post("/people/erase", { personId })).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
    expect(await post("/people/erase", { personId }, admin)).toMatchObject({ status: 200, body: { erased: true } });
    expect(await post("/people/lookup", { nhsNumber: "9434765919" })).toMatchObject({ status: 404 });
    // Nobody is registered under the pseudonym any more: a typed NOT_FOUND, not a 200 that erased nothing.
    expect(await post("/people/erase", { personId }, admin)).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
  });

  it("wrote a request log without any id or personal detail, by method and route only", () => {
    const log = loggedText(logLines);
    // Not vacuous: every request above was logged, by its route pattern.
    expect(log).toContain('"route":"/people/lookup"');
    expect(log).toContain('"route":"/cases/:caseId"');
    for (const secret of [
      "9434765919",
      "943 476 5919",
      "Jane",
      "Smith",
      "1950-01-01",
      "07700",
      "example.org",
      "High St",
      personId,
      caseId,
      "x-hiv",
      "tel:",
      "Bearer",
      "eyJ",
    ])
      expect(log).not.toContain(secret);
  });
});
