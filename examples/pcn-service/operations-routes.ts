import { z } from "zod";
import type { ProjectionRunner } from "@linkwork/projections";
import type { ApiRoutes } from "./api-routes.js";
import { openApiDocument } from "./openapi.js";

// Liveness, readiness and the service's own description: public, for the platform that runs it.

/** The examples package's version, for the description. */
const serviceVersion = "0.1.0";

const Health = z.object({
  status: z.enum(["ok", "reports_stopped", "shutting_down", "starting"]),
  reports: z.object({ phase: z.string(), caughtUp: z.boolean() }),
});

export function addOperationsRoutes(
  routes: ApiRoutes,
  { runner, isClosing }: { readonly runner: ProjectionRunner; readonly isClosing: () => boolean },
): void {
  routes.add(
    {
      method: "GET",
      url: "/health",
      summary: "Liveness: 200 while the reports' runner is running, 503 once it stopped for good (restart the process)",
      access: "public",
      responses: { 200: { description: "Alive", schema: Health }, 503: { description: "The reports stopped", schema: Health } },
    },
    (_request, reply) => {
      const { phase, caughtUp } = runner.status();
      const healthy = phase === "opening" || phase === "running";
      return reply.code(healthy ? 200 : 503).send({ status: healthy ? "ok" : "reports_stopped", reports: { phase, caughtUp } });
    },
  );

  routes.add(
    {
      method: "GET",
      url: "/ready",
      summary: "Readiness: 200 once the reports have caught up with the store, 503 before, and from the start of shutdown",
      access: "public",
      responses: { 200: { description: "Ready for traffic", schema: Health }, 503: { description: "Not ready", schema: Health } },
    },
    (_request, reply) => {
      const { phase, caughtUp } = runner.status();
      const status = isClosing()
        ? "shutting_down"
        : phase !== "opening" && phase !== "running"
          ? "reports_stopped"
          : caughtUp
            ? "ok"
            : "starting";
      return reply.code(status === "ok" ? 200 : 503).send({ status, reports: { phase, caughtUp } });
    },
  );

  routes.add(
    {
      method: "GET",
      url: "/openapi.json",
      summary: "This description (OpenAPI 3.1), made from the routes' zod schemas",
      access: "public",
      responses: { 200: { description: "The OpenAPI document" } },
    },
    (_request, reply) => reply.code(200).send(openApiDocument(routes.described, { version: serviceVersion })),
  );
}
