import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPcnService } from "../pcn-service/pcn-service.js";
import { audience, issuer } from "./identity-provider.js";
import { client } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";

// Bearer tokens over real HTTP: only a token the issuer signed, for this audience, unexpired, with a
// claim that maps to one role, is taken; every refusal is 401 (or 403) in the service's error format.

const serverNow = "2025-03-03T09:00:00.000Z";
let running: TestService;

beforeAll(async () => {
  running = await startTestService({ clock: () => new Date(serverNow) });
});

afterAll(async () => {
  await running.close();
});

const caseRead = "/cases/case_none1";

describe("authentication", () => {
  it("takes a good token: the issuer's keys were fetched from its JWKS URL", async () => {
    const worker = await running.as(people.workerA);
    // The case does not exist: 404 means the token was taken and the actor allowed to ask.
    expect((await worker.get(caseRead)).status).toBe(404);
    expect(running.idp.jwksRequests()).toBeGreaterThan(0);
  });

  it("answers 401 with a Bearer challenge when there is no token or no Bearer scheme", async () => {
    const none = await running.anonymous.get(caseRead);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ code: "UNAUTHENTICATED", message: expect.stringContaining("bearer token") });
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="linkwork"');
    const basic = await running.anonymous.get(caseRead, { authorization: "Basic dXNlcjpwYXNz" });
    expect(basic.status).toBe(401);
    expect(basic.headers.get("www-authenticate")).toContain('error="invalid_request"');
  });

  it.each([
    ["expired", { ...people.workerA, expiresIn: -3600 }, "expired"],
    ["for another audience", { ...people.workerA, aud: "some-other-service" }, "aud"],
    ["from another issuer", { ...people.workerA, iss: "https://evil.example" }, "iss"],
  ] as const)("refuses a token %s with 401 invalid_token", async (_case, claims, says) => {
    const answer = await client(running.base, await running.idp.token(claims)).get(caseRead);
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe("UNAUTHENTICATED");
    expect(answer.body.message).toContain(says);
    expect(answer.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("refuses a token signed with a key that is not the issuer's", async () => {
    const forged = await running.idp.token(people.admin, { signWith: "stranger" });
    const answer = await client(running.base, forged).get("/audit");
    expect(answer.status).toBe(401);
    expect(answer.body.message).toContain("signature");
  });

  it("refuses an unsigned token (alg: none)", async () => {
    const answer = await client(running.base, running.idp.unsignedToken(people.admin)).get("/audit");
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a token whose payload was altered after signing", async () => {
    const token = await running.idp.token(people.workerA);
    const [header, , signature] = token.split(".");
    const altered = Buffer.from(
      JSON.stringify({ sub: "adm_fay6", roles: "sp-admin", iss: issuer, aud: audience, exp: 4102444800 }),
    ).toString("base64url");
    expect((await client(running.base, `${header}.${altered}.${signature}`).get("/audit")).status).toBe(401);
  });

  it("refuses with 403 a token that maps to no role, to two roles, or names the user by something other than an opaque id", async () => {
    for (const claims of [
      { sub: "lw_ana1", roles: "sp-visitor", pcn: "U00009" },
      { sub: "lw_ana1", roles: ["sp-link-worker", "sp-admin"], pcn: "U00009" },
      { sub: "jane.smith@nhs.example", roles: "sp-link-worker", pcn: "U00009" },
      { sub: "lw_ana1", roles: "sp-link-worker", pcn: "Jane's PCN" },
    ]) {
      const answer = await (await running.as(claims)).get(caseRead);
      expect(answer.status, JSON.stringify(claims)).toBe(403);
      expect(answer.body.code).toBe("FORBIDDEN");
      expect(answer.body.message).not.toContain("jane");
    }
  });

  it("answers 503 AUTHENTICATION_UNAVAILABLE, with Retry-After, when the issuer's keys cannot be fetched", async () => {
    const unreachable = await startTestService();
    const token = await unreachable.idp.token(people.workerA);
    await unreachable.idp.close(); // before the service ever fetched the keys
    const answer = await client(unreachable.base, token).get(caseRead);
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe("AUTHENTICATION_UNAVAILABLE");
    expect(answer.headers.get("retry-after")).toBe("5");
    await unreachable.service.close();
  });
});

describe("the service's own settings", () => {
  it("refuses a bad claims mapping, JWKS URL or retention with VALIDATION_FAILED naming it, without throwing", () => {
    const authentication = {
      issuer,
      audience,
      keys: { jwksUrl: "http://127.0.0.1:9/jwks.json" },
      claims: { roles: { lw: "linkWorker" as const } },
    };
    const refused = (options: Parameters<typeof createPcnService>[0]) => {
      const created = createPcnService(options);
      return E.isLeft(created) ? created.left : null;
    };
    expect(
      refused({ auditRetentionDays: 30, authentication: { ...authentication, claims: { roles: { lw: "superuser" } } } as never }),
    ).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ path: "claims.roles.lw" }],
    });
    expect(refused({ auditRetentionDays: 30, authentication: { ...authentication, keys: { jwksUrl: "not a url" } } })).toMatchObject({
      issues: [{ path: "keys.jwksUrl" }],
    });
    expect(refused({ auditRetentionDays: 0, authentication })).toMatchObject({ issues: [{ path: "auditRetentionDays" }] });
    expect(refused({ auditRetentionDays: 30, authentication, limits: { bodyBytes: -1 } })).toMatchObject({
      issues: [{ path: "limits.bodyBytes" }],
    });
  });
});
