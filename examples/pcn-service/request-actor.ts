import type { FastifyRequest } from "fastify";
import type { Actor } from "@linkwork/core/authorisation";

// The actor each authenticated request was made by, set by the authentication hook and read by the
// routes: never taken from the body, a header other than Authorization, or the URL.

const actors = new WeakMap<FastifyRequest, Actor>();

export function setRequestActor(request: FastifyRequest, actor: Actor): void {
  actors.set(request, actor);
}

/** The request's actor; undefined on a public route, which linkwork's authoriser then refuses. */
export function requestActor(request: FastifyRequest): Actor | undefined {
  return actors.get(request);
}
