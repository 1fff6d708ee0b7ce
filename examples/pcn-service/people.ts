import * as E from "fp-ts/lib/Either.js";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { PersonDetails, type Linkwork, type PersonRegister } from "@linkwork/core";
import type { AuditTrail } from "@linkwork/core/authorisation";
import type { PersonRegisterError } from "@linkwork/core/store-kit";
import type { ApiRoutes } from "./api-routes.js";
import { errorResponse, send, type ErrorResponse } from "./error-response.js";
import { requestActor } from "./request-actor.js";

// The person register over HTTP: register a person (their pseudonym back), find them by NHS number,
// erase them. NHS numbers and pseudonyms travel in request bodies, never in URLs, so that no request
// log, proxy log or browser history holds them (docs/service.md, docs/privacy.md). Link workers
// register and find people to refer them; administrators erase (the authoriser decides). Every
// answer that shows who a person is (a look-up, or a registration refused as ALREADY_REGISTERED,
// which names the pseudonym) is audited as `lookupPerson` before it is sent, and so is a refused
// look-up: the trail names the pseudonym found, never the NHS number asked for.

/** The HTTP answer to a register's refusal: 400 bad input, 409 already registered, 404 unknown, 503 unavailable. */
export function registerErrorResponse(error: PersonRegisterError): ErrorResponse {
  switch (error.code) {
    case "VALIDATION_FAILED":
      return { status: 400, body: { code: error.code, message: error.message, issues: error.issues } };
    case "ALREADY_REGISTERED":
      return { status: 409, body: { code: error.code, message: error.message, personId: error.personId } };
    case "NOT_FOUND":
      return { status: 404, body: { code: error.code, message: error.message, personId: error.personId } };
    case "REGISTER_UNAVAILABLE":
      return { status: 503, body: { code: error.code, message: error.message }, ...(error.retryable ? { retryAfter: 1 } : {}) };
  }
}

/** One field of a JSON body, or undefined when the body is not an object (the register then names the field). */
const field = (body: unknown, key: string): unknown => (typeof body === "object" && body !== null ? Reflect.get(body, key) : undefined);

export function addPeopleRoutes(
  routes: ApiRoutes,
  {
    core,
    register,
    auditTrail,
    now,
  }: { readonly core: Linkwork; readonly register: PersonRegister; readonly auditTrail: AuditTrail; readonly now: () => Date },
): void {
  const allowed = (request: FastifyRequest, action: "register" | "lookup" | "erase") =>
    core.authorise(requestActor(request), { kind: "personRegister", action });
  /** Records a read of the register (nothing for a request without an actor, which the authoriser has refused unrecorded). */
  const audited = async (request: FastifyRequest, personId: string | null, allowed: boolean): Promise<ErrorResponse | null> => {
    const actor = requestActor(request);
    if (actor === undefined) return null;
    const { who, role, pcnId } = actor;
    const recorded = await auditTrail.record({ at: now().toISOString(), who, role, pcnId, action: "lookupPerson", personId, allowed });
    return E.isLeft(recorded) ? errorResponse(recorded.left) : null;
  };

  routes.add(
    {
      method: "POST",
      url: "/people",
      summary: "Register a person: their pseudonym (personId) back",
      access: ["linkWorker"],
      body: PersonDetails,
      responses: {
        201: { description: "Registered", schema: z.object({ personId: z.string() }) },
        409: { description: "ALREADY_REGISTERED" },
      },
    },
    async (request, reply) => {
      const verdict = allowed(request, "register");
      if (E.isLeft(verdict)) return send(reply, errorResponse(verdict.left));
      const registered = await register.register(request.body);
      if (E.isRight(registered)) return reply.code(201).send({ personId: registered.right.personId });
      // ALREADY_REGISTERED names the person held under the NHS number sent: a read of the register.
      const unrecorded = registered.left.code === "ALREADY_REGISTERED" ? await audited(request, registered.left.personId, true) : null;
      return send(reply, unrecorded ?? registerErrorResponse(registered.left));
    },
  );

  routes.add(
    {
      method: "POST",
      url: "/people/lookup",
      summary: "Find a person by NHS number (in the body, never the URL); every look-up, allowed or refused, is audited",
      access: ["linkWorker"],
      body: z.object({ nhsNumber: z.string() }),
      responses: { 200: { description: "The person's pseudonym and details" }, 404: { description: "NOT_FOUND" } },
    },
    async (request, reply) => {
      const verdict = allowed(request, "lookup");
      // A refusal reads nothing of the register, so it names no person.
      if (E.isLeft(verdict)) return send(reply, (await audited(request, null, false)) ?? errorResponse(verdict.left));
      const found = await register.findByNhsNumber(field(request.body, "nhsNumber"));
      if (E.isLeft(found)) return send(reply, registerErrorResponse(found.left));
      // Audited before it is answered: a look-up the trail could not record is not answered.
      const unrecorded = await audited(request, found.right?.personId ?? null, true);
      if (unrecorded !== null) return send(reply, unrecorded);
      if (found.right === null)
        return send(reply, { status: 404, body: { code: "NOT_FOUND", message: "no person is registered with this NHS number" } });
      return reply.code(200).send(found.right);
    },
  );

  routes.add(
    {
      method: "POST",
      url: "/people/erase",
      summary:
        "Erase a person from the register: their identifiers are deleted (this service seals nothing, so the events keep their details)",
      access: ["administrator"],
      body: z.object({ personId: z.string() }),
      responses: { 200: { description: "Erased" }, 404: { description: "NOT_FOUND" } },
    },
    async (request, reply) => {
      const verdict = allowed(request, "erase");
      if (E.isLeft(verdict)) return send(reply, errorResponse(verdict.left));
      const erased = await register.erase(field(request.body, "personId"));
      return E.isLeft(erased) ? send(reply, registerErrorResponse(erased.left)) : reply.code(200).send(erased.right);
    },
  );
}
