import * as E from "fp-ts/lib/Either.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { PersonRegister } from "@linkwork/core";
import type { PersonRegisterError } from "@linkwork/core/store-kit";
import type { ErrorResponse } from "./error-response.js";

// The person register over HTTP: register a person (their pseudonym back), find them by NHS number,
// erase them. NHS numbers and pseudonyms travel in request bodies, never in URLs, so that no request
// log, proxy log or browser history holds them (docs/embedding.md, docs/privacy.md).

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
  app: FastifyInstance,
  register: PersonRegister,
  send: (reply: FastifyReply, response: ErrorResponse) => FastifyReply,
): void {
  app.post("/people", async (request, reply) => {
    const registered = await register.register(request.body);
    return E.isLeft(registered)
      ? send(reply, registerErrorResponse(registered.left))
      : reply.code(201).send({ personId: registered.right.personId });
  });

  app.post("/people/lookup", async (request, reply) => {
    const found = await register.findByNhsNumber(field(request.body, "nhsNumber"));
    if (E.isLeft(found)) return send(reply, registerErrorResponse(found.left));
    if (found.right === null)
      return send(reply, { status: 404, body: { code: "NOT_FOUND", message: "no person is registered with this NHS number" } });
    return reply.code(200).send(found.right);
  });

  app.post("/people/erase", async (request, reply) => {
    const erased = await register.erase(field(request.body, "personId"));
    return E.isLeft(erased) ? send(reply, registerErrorResponse(erased.left)) : reply.code(200).send(erased.right);
  });
}
