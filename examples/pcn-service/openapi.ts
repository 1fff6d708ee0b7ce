import { z } from "zod";
import { ErrorBodySchema, type RouteDescription } from "./api-routes.js";

// The OpenAPI 3.1 description of the service, made from the routes' own zod schemas (zod 4's
// z.toJSONSchema, whose JSON Schema 2020-12 is OpenAPI 3.1's schema dialect:
// https://spec.openapis.org/oas/v3.1.0#schema-object).

type JsonSchema = Record<string, unknown>;

/** A schema as a client writes input: defaults optional; what JSON Schema cannot say (refinements) is left out. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** `/cases/:caseId` as OpenAPI writes it: `/cases/{caseId}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

function parameters(route: RouteDescription): JsonSchema[] {
  const of = (schema: z.ZodType | undefined, where: "path" | "query"): JsonSchema[] => {
    if (schema === undefined) return [];
    const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(object.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === "path" || (object.required ?? []).includes(name),
      schema: property,
    }));
  };
  return [...of(route.params, "path"), ...of(route.query, "query")];
}

/** A body's schema under each media type the route takes it in. */
function requestContent(route: RouteDescription, body: z.ZodType): JsonSchema {
  const schema = jsonSchema(body);
  return Object.fromEntries((route.bodyContentTypes ?? ["application/json"]).map((type) => [type, { schema }]));
}

/** The refusals every authenticated route can answer, besides its own. */
const sharedRefusals: Readonly<Record<number, string>> = {
  400: "The request is malformed: VALIDATION_FAILED names the field",
  401: "No bearer token, or one that is expired, wrongly signed, unsigned or for another issuer or audience",
  403: "FORBIDDEN: the caller's role or PCN may not do this",
  413: "The body is larger than the service accepts",
  414: "A path parameter is too long",
  429: "Too many requests from this client: wait Retry-After seconds",
  431: "The headers are too large",
  503: "The store, the reports, the audit trail or the identity provider cannot answer now, or the service is shutting down",
};

/** The shared refusal statuses a route can answer itself, besides the hooks and Fastify before it. */
const routeMayAnswer: ReadonlySet<string> = new Set(["400", "403", "503"]);

export function openApiDocument(routes: readonly RouteDescription[], info: { readonly version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {};
    const own = route.refusals === undefined ? {} : { [route.refusals.contentType]: { schema: jsonSchema(route.refusals.schema) } };
    for (const [status, response] of Object.entries(route.responses)) {
      // The route's own refusals are in its own format (an OperationOutcome), unless it says otherwise.
      const refusal = Number(status) >= 400 && response.contentType === undefined && route.refusals !== undefined;
      responses[status] = {
        description: response.description,
        content: refusal
          ? own
          : { [response.contentType ?? "application/json"]: response.schema === undefined ? {} : { schema: jsonSchema(response.schema) } },
      };
    }
    if (route.access !== "public") {
      for (const [status, description] of Object.entries(sharedRefusals)) {
        // 400, 403 and 503 may come from the route itself (in its format) or from before it runs (the service's).
        const content = {
          ...(routeMayAnswer.has(status) ? own : {}),
          "application/json": { schema: { $ref: "#/components/schemas/Error" } },
        };
        responses[status] ??= { description, content };
      }
    }
    (paths[openApiPath(route.url)] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      ...(route.access === "public" ? { security: [] } : { "x-linkwork-roles": route.access }),
      parameters: parameters(route),
      ...(route.body === undefined ? {} : { requestBody: { required: true, content: requestContent(route, route.body) } }),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Linkwork PCN service",
      version: info.version,
      description: "Referrals and case commands in; cases, reports and pseudonymised exports out. Roles and claims: docs/service.md.",
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: jsonSchema(ErrorBodySchema) },
    },
    paths,
  };
}
