import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import type { Linkwork } from "@linkwork/core";
import type { Actor } from "@linkwork/core/authorisation";
import type { ApiRoutes, RouteHandler } from "./api-routes.js";
import { errorResponse, send, type ErrorResponse } from "./error-response.js";
import { CapacityQuery, CaseloadQuery, type PcnReports, type ReportError } from "./reports.js";
import { reportsPageHtml, reportsPageScript, reportsPageSecurityPolicy } from "./reports-page.js";
import { requestActor } from "./request-actor.js";

// The caseload and capacity reports, for a PCN manager's own PCN, and the live page that shows them.

function reportError(error: ReportError): ErrorResponse {
  return error.code === "REPORTS_UNAVAILABLE"
    ? { status: 503, body: { code: error.code, message: error.message, cause: error.cause } }
    : errorResponse(error);
}

/**
 * The query with its PCN: the caller's own when they name none. The authoriser then decides on that
 * PCN, so a manager asking for another PCN's rows is refused, and one naming none sees only theirs.
 */
function scopedQuery(query: unknown, actor: Actor | undefined): Record<string, unknown> {
  const asked = typeof query === "object" && query !== null ? { ...(query as Record<string, unknown>) } : {};
  if (asked.pcnId === undefined && actor?.pcnId != null) asked.pcnId = actor.pcnId;
  return asked;
}

export function addReportRoutes(routes: ApiRoutes, { core, reports }: { readonly core: Linkwork; readonly reports: PcnReports }): void {
  const report =
    (name: "caseload" | "capacity"): RouteHandler =>
    async (request, reply) => {
      const actor = requestActor(request);
      const query = scopedQuery(request.query, actor);
      const pcnId = typeof query.pcnId === "string" ? query.pcnId : null;
      const allowed = core.authorise(actor, { kind: "readReport", report: name, pcnId });
      if (E.isLeft(allowed)) return send(reply, errorResponse(allowed.left));
      const answer = await reports[name](query);
      return E.isLeft(answer) ? send(reply, reportError(answer.left)) : reply.code(200).send(answer.right);
    };
  const responses = {
    200: { description: "The report: asOf, settings and rows of the PCN" },
    503: { description: "REPORTS_UNAVAILABLE: the projections cannot catch up with the store" },
  };

  routes.add(
    {
      method: "GET",
      url: "/reports/caseload",
      summary: "Open cases and caseload figures of the caller's PCN",
      access: ["pcnManager"],
      query: CaseloadQuery,
      responses,
    },
    report("caseload"),
  );
  routes.add(
    {
      method: "GET",
      url: "/reports/capacity",
      summary: "FTE, list size, referrals and waiting list by month, or the demand forecast",
      access: ["pcnManager"],
      query: CapacityQuery,
      responses,
    },
    report("capacity"),
  );
  routes.add(
    {
      method: "GET",
      url: "/reports/page",
      summary: "The live reports page (no data in it: its script reads the reports with the caller's token)",
      access: "public",
      responses: { 200: { description: "The page", contentType: "text/html", schema: z.string() } },
    },
    (_request, reply) =>
      reply.code(200).header("content-security-policy", reportsPageSecurityPolicy).type("text/html; charset=utf-8").send(reportsPageHtml),
  );
  routes.add(
    {
      method: "GET",
      url: "/reports/page.js",
      summary: "The live reports page's script",
      access: "public",
      responses: { 200: { description: "The script", contentType: "text/javascript", schema: z.string() } },
    },
    (_request, reply) => reply.code(200).type("text/javascript; charset=utf-8").send(reportsPageScript),
  );
}
