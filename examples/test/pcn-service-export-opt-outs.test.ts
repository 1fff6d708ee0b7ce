import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryPersonRegister } from "@linkwork/store-memory";
import type { Client, Json } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";

// The service holds each person's national data opt-out in its register (docs/privacy.md, "National
// data opt-out"); its evaluation export must leave out a person who has one, even with consent.

const serverNow = "2025-03-03T09:00:00.000Z";
const register = memoryPersonRegister();
let running: TestService;
let worker: Client;
let evaluator: Client;

const details = (nhsNumber: string, nationalDataOptOut: boolean) => ({
  nhsNumber,
  name: { given: "Test", family: "Person" },
  dateOfBirth: "1950-01-01",
  nationalDataOptOut,
});

const referral = (caseId: string, personId: string) => ({
  caseId,
  personId,
  pcnId: "U00009",
  practiceId: "E00006",
  source: "gp",
  referrerId: "ref_gp1",
  reasons: ["loneliness"],
  consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: true },
  occurredAt: "2025-01-06T10:00:00Z",
});

let optedOut = "";
let included = "";

beforeAll(async () => {
  running = await startTestService({
    clock: () => new Date(serverNow),
    register,
    evaluationExport: { key: "an evaluation recipients' key of more than 32 bytes" },
  });
  worker = await running.as(people.workerA);
  evaluator = await running.as(people.evaluator);
  const a = await register.register(details("9434765919", true));
  const b = await register.register(details("9434765870", false));
  if (E.isLeft(a) || E.isLeft(b)) throw new Error("registering the test people failed");
  optedOut = a.right.personId;
  included = b.right.personId;
  expect((await worker.post("/referrals", referral("case_optout1", optedOut))).status).toBe(201);
  expect((await worker.post("/referrals", referral("case_kept1", included))).status).toBe(201);
});

afterAll(async () => {
  await running.close();
  await register.close();
});

describe("the service's evaluation export", () => {
  it("leaves out a person whose register entry has a national data opt-out, though they consented", async () => {
    const exported = await evaluator.get("/exports/evaluation");
    expect(exported.status).toBe(200);
    const text = typeof exported.body === "string" ? exported.body : JSON.stringify(exported.body);
    const referrals = text
      .trim()
      .split("\n")
      .map((line): Json => JSON.parse(line))
      .filter((line) => line.type === "ReferralReceived");
    expect(referrals).toHaveLength(1);
  });
});
