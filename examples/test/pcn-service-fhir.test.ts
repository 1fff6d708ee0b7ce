import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gpOnlySchemePolicy } from "@linkwork/core";
import { validateR4 } from "@linkwork/fhir";
import { memoryPersonRegister } from "@linkwork/store-memory";
import type { Patient, Resource, ServiceRequest } from "@medplum/fhirtypes";
import { startTestService, type TestService } from "./test-service.js";
import { fhirReferral, janeNhsNumber } from "./fhir-referral.js";
import { loggedText } from "./logged-text.js";

// FHIR over the HTTP service: POST /fhir/ServiceRequest makes a referral and answers its Task,
// GET /fhir/Task/:id answers the Task as the case stands, refusals are OperationOutcomes naming the
// FHIR path, and the request log holds neither ids nor personal data (issue 17).

const serverNow = "2025-03-04T09:00:00.000Z";
const logLines: string[] = [];
let running: TestService;
let base: string;
/** The PCN's intake (a link worker of U81042, the ServiceRequests' performer) and a worker of another PCN. */
let intakeToken = "";
let otherPcnToken = "";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape; the assertions check it
type Json = any;

const nhsNumber = janeNhsNumber;
const referral = fhirReferral("U81042", { identifier: [{ system: "https://gp.example.org/referrals", value: "R-0001" }] });

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token = intakeToken) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/fhir+json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    type: response.headers.get("content-type"),
    body: (await response.json()) as Json,
  };
}

/** A resource answered by the service, checked against the R4 base definitions. */
function conforms(resource: Json): boolean {
  return E.isRight(validateR4(resource as Resource));
}

beforeAll(async () => {
  running = await startTestService({ clock: () => new Date(serverNow), logger: { write: (line) => void logLines.push(line) } });
  base = running.base;
  intakeToken = await running.idp.token({ sub: "lw_ana1", roles: "sp-link-worker", pcn: "U81042" });
  otherPcnToken = await running.idp.token({ sub: "lw_bob2", roles: "sp-link-worker", pcn: "U81043" });
});

afterAll(async () => {
  await running.close();
});

describe("FHIR over HTTP", () => {
  let location = "";

  it("takes a ServiceRequest: 201, the Task's location, and the Task, requested, valid R4", async () => {
    const created = await send("POST", "/fhir/ServiceRequest", referral);
    expect(created.status).toBe(201);
    expect(created.type).toMatch(/^application\/fhir\+json/);
    expect(created.location).toMatch(/^\/fhir\/Task\/[0-9a-f-]{36}$/);
    location = created.location ?? "";
    expect(created.body).toMatchObject({ resourceType: "Task", status: "requested", authoredOn: "2025-03-03T10:15:00.000Z" });
    expect(conforms(created.body)).toBe(true);
  });

  it("answers a retry of the same ServiceRequest with the same Task, and no second case", async () => {
    const again = await send("POST", "/fhir/ServiceRequest", referral);
    expect(again).toMatchObject({ status: 200, location });
  });

  it("answers GET /fhir/Task/:id as the case stands: accepted once the link worker accepts it", async () => {
    expect((await send("GET", location)).body).toMatchObject({ resourceType: "Task", status: "requested" });
    const caseId = location.split("/").at(-1) ?? "";
    const accepted = await send(
      "POST",
      `/cases/${caseId}/commands`,
      { type: "AcceptReferral", linkWorkerId: "lw_ana1", recordedBy: "lw_ana1" },
      { "content-type": "application/json" },
    );
    expect(accepted.status).toBe(200);
    const task = await send("GET", location);
    expect(task).toMatchObject({ status: 200, body: { status: "accepted", owner: { identifier: { value: "lw_ana1" } } } });
    expect(conforms(task.body)).toBe(true);
  });

  it("refuses a ServiceRequest that cannot map with 400 and an OperationOutcome naming each FHIR path", async () => {
    const { extension: _extension, ...noSource } = referral;
    const refused = await send("POST", "/fhir/ServiceRequest", { ...noSource, identifier: undefined, status: "draft" });
    expect(refused.status).toBe(400);
    expect(refused.body.resourceType).toBe("OperationOutcome");
    expect(refused.body.issue.map((issue: Json) => issue.expression[0])).toEqual(["ServiceRequest.status", "ServiceRequest.requester"]);
    expect(conforms(refused.body)).toBe(true);
    const notFhir = await send("POST", "/fhir/ServiceRequest", { resourceType: "Patient" });
    expect(notFhir.body.issue[0].expression).toEqual(["ServiceRequest.resourceType"]);
  });

  it("recorded the referral as the caller, refuses another PCN's worker the Task (403 forbidden), and audits both reads", async () => {
    const caseId = location.split("/").at(-1) ?? "";
    const stored = await running.service.linkwork.loadCase(caseId, { who: "lw_ana1", role: "linkWorker", pcnId: "U81042" });
    expect(E.isRight(stored) && stored.right.state.pcnId).toBe("U81042");
    const refused = await send("GET", location, undefined, {}, otherPcnToken);
    expect(refused).toMatchObject({ status: 403, body: { resourceType: "OperationOutcome", issue: [{ code: "forbidden" }] } });
    const referredBy = await send("POST", "/fhir/ServiceRequest", referral, {}, otherPcnToken);
    expect(referredBy.status).toBe(403);
    const trail = await running.service.auditTrail.entries({ caseId });
    expect(
      E.isRight(trail) && trail.right.filter((entry) => entry.action === "readCase").map((entry) => [entry.who, entry.allowed]),
    ).toEqual(
      expect.arrayContaining([
        ["lw_ana1", true],
        ["lw_bob2", false],
      ]),
    );
  });

  it("answers 404 for a Task no case has, and 400 for an id that cannot be a case's", async () => {
    const missing = await send("GET", "/fhir/Task/case-zz99");
    expect(missing).toMatchObject({ status: 404, body: { resourceType: "OperationOutcome", issue: [{ code: "not-found" }] } });
    expect((await send("GET", "/fhir/Task/Jane.Smith")).status).toBe(400);
  });

  it('answers 400 naming the path, never 500, for an empty value where R4 has an array or a string ({}, [] or "")', async () => {
    // The R4 validator reads an empty value as an absent element whatever its type: so does the mapping now.
    const emptied: [string, (request: Json) => void][] = [
      ["ServiceRequest.performer", (request) => (request.performer = {})],
      ["ServiceRequest.reasonCode", (request) => (request.reasonCode = "")],
      ["ServiceRequest.subject", (request) => (request.contained = {})],
      ["ServiceRequest.extension[0].valueCodeableConcept", (request) => (request.extension[0].valueCodeableConcept.coding[0].code = [])],
      ["ServiceRequest.subject", (request) => (request.subject.reference = {})],
    ];
    for (const [path, empty] of emptied) {
      const request: Json = structuredClone(referral);
      empty(request);
      const refused = await send("POST", "/fhir/ServiceRequest", request);
      expect(refused.status, path).toBe(400);
      expect(refused.body.resourceType).toBe("OperationOutcome");
      expect(refused.body.issue.map((issue: Json) => issue.expression[0])).toContain(path);
    }
  });

  it("refuses a body that is not JSON before the route runs, in the service's own format (docs/fhir.md)", async () => {
    const response = await fetch(`${base}/fhir/ServiceRequest`, {
      method: "POST",
      headers: { authorization: `Bearer ${intakeToken}`, "content-type": "application/fhir+json" },
      body: '{"resourceType": "ServiceRequest", "subject": 9434765919x}',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "(root)" }] });
    expect(text).not.toContain(nhsNumber);
  });

  it("logs neither the NHS number nor any case id", () => {
    const log = loggedText(logLines);
    expect(log).toContain("/fhir/Task/:id");
    expect(log).not.toContain(nhsNumber);
    expect(log).not.toContain(location.split("/").at(-1) ?? "(none)");
  });
});

/** A person the register does not hold yet, as a referral's contained Patient (Sam Jones of practice B82005). */
const newcomerPatient = (nhsNumber: string): Patient => ({
  resourceType: "Patient",
  id: "p1",
  identifier: [{ system: "https://fhir.nhs.uk/Id/nhs-number", value: nhsNumber }],
  name: [{ family: "Jones", given: ["Sam"] }],
  birthDate: "1960-02-02",
  generalPractitioner: [{ identifier: { system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "B82005" } }],
});

describe("a ServiceRequest the caller may not make", () => {
  it("registers nobody: a link worker of another PCN is refused before the person is registered", async () => {
    const register = memoryPersonRegister();
    const service = await startTestService({ clock: () => new Date(serverNow), register });
    try {
      const token = await service.idp.token({ sub: "lw_bob2", roles: "sp-link-worker", pcn: "U81043" });
      const newcomer = "9434765005";
      const request: ServiceRequest = {
        ...referral,
        identifier: [{ system: "https://gp.example.org/referrals", value: "R-0002" }],
        contained: [newcomerPatient(newcomer)],
      };
      const response = await fetch(`${service.base}/fhir/ServiceRequest`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/fhir+json" },
        body: JSON.stringify(request),
      });
      expect(response.status).toBe(403);
      expect(await register.findByNhsNumber(newcomer)).toEqual(E.right(null));
    } finally {
      await service.close();
      await register.close();
    }
  });
  it("registers nobody when the request's id names a case of another PCN: the referral is refused on that case's PCN first", async () => {
    const register = memoryPersonRegister();
    const service = await startTestService({ clock: () => new Date(serverNow), register });
    try {
      // Both PCNs' systems number their requests alike: the same Idempotency-Key names one case id.
      const key = { "idempotency-key": "referral-0001" };
      const post = async (claims: { sub: string; pcn: string }, request: ServiceRequest) =>
        fetch(`${service.base}/fhir/ServiceRequest`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${await service.idp.token({ ...claims, roles: "sp-link-worker" })}`,
            "content-type": "application/fhir+json",
            ...key,
          },
          body: JSON.stringify(request),
        });
      expect((await post({ sub: "lw_ana1", pcn: "U81042" }, referral)).status).toBe(201);
      const newcomer = "9434765005";
      const theirs: ServiceRequest = {
        ...referral,
        contained: [newcomerPatient(newcomer)],
        performer: [{ identifier: { system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "U81043" } }],
      };
      const refused = await post({ sub: "lw_bob2", pcn: "U81043" }, theirs);
      expect(refused.status).toBe(403);
      expect(await register.findByNhsNumber(newcomer)).toEqual(E.right(null));
    } finally {
      await service.close();
      await register.close();
    }
  });
  it("registers nobody when the core refuses the referral (422): a scheme that does not take its source, a date in the future", async () => {
    const register = memoryPersonRegister();
    const service = await startTestService({ clock: () => new Date(serverNow), register, policy: gpOnlySchemePolicy });
    try {
      const token = await service.idp.token({ sub: "lw_ana1", roles: "sp-link-worker", pcn: "U81042" });
      const newcomer = (nhsNumber: string, changes: Partial<ServiceRequest>): ServiceRequest => ({
        ...referral,
        identifier: [{ system: "https://gp.example.org/referrals", value: `R-${nhsNumber}` }],
        contained: [newcomerPatient(nhsNumber)],
        ...changes,
      });
      const selfReferral = {
        url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest",
        valueCodeableConcept: { coding: [{ system: "http://snomed.info/sct", code: "1991000124105" }] },
      };
      const refused: [string, Partial<ServiceRequest>][] = [
        ["9434765005", { extension: [selfReferral] }],
        ["9434765013", { authoredOn: "2030-01-01T09:00:00Z" }],
      ];
      for (const [nhsNumber, changes] of refused) {
        const response = await fetch(`${service.base}/fhir/ServiceRequest`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/fhir+json" },
          body: JSON.stringify(newcomer(nhsNumber, changes)),
        });
        expect(response.status, nhsNumber).toBe(422);
        expect(((await response.json()) as Json).issue[0].code).toBe("business-rule");
        expect(await register.findByNhsNumber(nhsNumber)).toEqual(E.right(null));
      }
      // The same newcomer, referred as the scheme allows, is registered and referred.
      const accepted = await fetch(`${service.base}/fhir/ServiceRequest`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/fhir+json" },
        body: JSON.stringify(newcomer("9434765005", {})),
      });
      expect(accepted.status).toBe(201);
      expect(E.isRight(await register.findByNhsNumber("9434765005"))).toBe(true);
    } finally {
      await service.close();
      await register.close();
    }
  });
});
