import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../pcn-service/openapi.js";
import type { Json } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";

// /openapi.json against the routes Fastify actually serves: every route described, every described
// route served, and the bodies and queries described by the same zod schemas that check them.

let running: TestService;
let document: Json;

beforeAll(async () => {
  running = await startTestService();
  const answer = await running.anonymous.get("/openapi.json");
  expect(answer.status).toBe(200);
  document = answer.body;
});

afterAll(async () => {
  await running.close();
});

const operations = (paths: Json): string[] =>
  Object.entries(paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );

describe("the OpenAPI description", () => {
  it("describes every route served, and serves every route described", () => {
    const served = running.service.served.map((route) => `${route.method} ${openApiPath(route.url)}`);
    expect(served.length).toBeGreaterThan(10);
    expect(operations(document.paths).sort()).toEqual([...new Set(served)].sort());
  });

  it("is OpenAPI 3.1 with bearer JWTs, and marks the routes that need no token", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(document.paths["/health"].get.security).toEqual([]);
    expect(document.paths["/cases/{caseId}"].get["x-linkwork-roles"]).toEqual(["linkWorker"]);
    expect(document.paths["/cases/{caseId}"].get.responses["403"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Error",
    });
  });

  it("describes bodies, path parameters and queries from the zod schemas the routes check them with", async () => {
    const referral = document.paths["/referrals"].post.requestBody.content["application/json"].schema;
    expect(referral.properties.personId.pattern).toEqual(expect.any(String));
    expect(referral.properties.consent.required).toEqual(expect.arrayContaining(["contact", "shareOutcomeWithReferrer"]));
    // The described pattern is the one the core checks with: a value it refuses, the service refuses.
    expect(new RegExp(referral.properties.personId.pattern as string).test("9434765919")).toBe(false);
    const worker = await running.as(people.workerA);
    const refused = await worker.post("/referrals", { personId: "9434765919" });
    expect(refused.body.issues.map((issue: Json) => issue.path)).toContain("personId");

    expect(document.paths["/cases/{caseId}/commands"].post.parameters).toEqual([
      expect.objectContaining({ name: "caseId", in: "path", required: true }),
    ]);
    const caseload = document.paths["/reports/caseload"].get.parameters as Json[];
    expect(caseload.map((parameter) => parameter.name).sort()).toEqual(["asOf", "pcnId", "view"]);
    expect(caseload.find((parameter) => parameter.name === "view").schema.enum).toEqual(["cases", "link-workers", "pcns"]);
    const commandTypes = document.paths["/commands"].post.requestBody.content["application/json"].schema;
    expect(JSON.stringify(commandTypes)).toContain("RecordPcnListSize");
  });

  it("describes every command family /commands takes: the provider directory's too", async () => {
    const commandTypes = JSON.stringify(document.paths["/commands"].post.requestBody.content["application/json"].schema);
    const admin = await running.as(people.admin);
    const listed = await admin.post("/commands", {
      type: "RegisterProvider",
      providerId: "prov_walk1",
      directory: "local",
      name: "Walking group",
      supportCategories: ["physical_activity"],
      route: "signposting_only",
      occurredAt: "2025-01-01T00:00:00Z",
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    for (const type of ["RegisterProvider", "DeclareProviderCapacity", "AwardFunding"]) expect(commandTypes).toContain(type);
  });

  it("describes the FHIR routes as they answer: bodies in application/fhir+json, their refusals as OperationOutcomes", async () => {
    const post = document.paths["/fhir/ServiceRequest"].post;
    expect(Object.keys(post.requestBody.content)).toEqual(["application/fhir+json", "application/json"]);
    const worker = await running.as(people.workerA);
    const refused = await worker.post("/fhir/ServiceRequest", { resourceType: "ServiceRequest" });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
    expect(refused.body.resourceType).toBe("OperationOutcome");
    const described = post.responses["400"].content["application/fhir+json"].schema;
    expect(described.properties.resourceType).toMatchObject({ const: "OperationOutcome" });
    // Refusals made before the route runs stay the service's own (docs/fhir.md).
    expect(post.responses["401"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    const task = document.paths["/fhir/Task/{id}"].get;
    expect(task.responses["404"].content["application/fhir+json"].schema.properties.resourceType).toMatchObject({
      const: "OperationOutcome",
    });
  });
});
