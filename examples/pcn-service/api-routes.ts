import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Role } from "@linkwork/core/authorisation";

// Every route the service serves is added through `apiRoutes`, with the zod schemas it checks its
// input with: the OpenAPI description (openapi.ts) is made from the same list, so it cannot drift,
// and a test checks it against the routes Fastify actually serves.

/** The body of every refusal: a stable code, a message for people, and the details of that code. */
export const ErrorBodySchema = z
  .object({
    code: z.string().describe("Stable: switch on it"),
    message: z.string().describe("For people; never holds a case id or personal data"),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown());

export interface ResponseDescription {
  readonly description: string;
  /** The JSON body's schema; none for a body of any shape (described in docs/service.md). */
  readonly schema?: z.ZodType;
  /** Default application/json. */
  readonly contentType?: string;
}

export interface RouteDescription {
  readonly method: "GET" | "POST";
  /** Fastify's pattern: `/cases/:caseId`. */
  readonly url: string;
  readonly summary: string;
  /** `public`: no token needed; otherwise the roles the default authoriser lets call it. */
  readonly access: "public" | readonly Role[];
  readonly params?: z.ZodObject;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The media types the body may be sent in, the first the route's own. Default application/json. */
  readonly bodyContentTypes?: readonly string[];
  /**
   * The format of the route's own refusals, when it is not the service's error body (FHIR's
   * OperationOutcome): described beside the service's for every refusal status, since refusals made
   * before the route runs (a bad token, a body that is not JSON) stay the service's own.
   */
  readonly refusals?: { readonly contentType: string; readonly schema: z.ZodType };
  /** Answers besides the refusals every route shares (400, 401, 403, 404, 413, 414, 429, 431, 503). */
  readonly responses: Readonly<Record<number, ResponseDescription>>;
}

export type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => unknown;

export interface ApiRoutes {
  /** The plugin context the routes live in (its hooks authenticate them), for what a module adds besides routes (a content-type parser). */
  readonly app: FastifyInstance;
  /** Serves a route and records its description. */
  add(route: RouteDescription, handler: RouteHandler): void;
  /** The routes added, in order. */
  readonly described: readonly RouteDescription[];
}

/** Routes on a Fastify instance (in the plugin context that holds the hooks): public ones skip authentication. */
export function apiRoutes(app: FastifyInstance): ApiRoutes {
  const described: RouteDescription[] = [];
  return {
    app,
    described,
    add: (route, handler) => {
      described.push(route);
      app.route({ method: route.method, url: route.url, config: { public: route.access === "public" }, handler });
    },
  };
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Served without a bearer token (health, readiness, the description, the page's static files). */
    public?: boolean;
  }
}
