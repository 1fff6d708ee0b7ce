import { Readable } from "node:stream";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { validationFailed, type EventStore, type Linkwork, type PersonRegister } from "@linkwork/core";
import { AuditEntry, AuditQuery, maxAuditEntriesPerQuery, type AuditTrail } from "@linkwork/core/authorisation";
import { evaluationExportLines, type DateGranularity } from "@linkwork/projections/disclosure";
import type { ApiRoutes } from "./api-routes.js";
import { errorResponse, send } from "./error-response.js";
import { requestActor } from "./request-actor.js";

// What people who see no case read: the pseudonymised evaluation export (evaluators) and the audit
// trail of who read which case (administrators, for information governance).

/** The audit trail's query as a URL gives it (the limit as text). */
const AuditHttpQuery = AuditQuery.extend({ limit: z.coerce.number().int().min(1).max(maxAuditEntriesPerQuery).default(1_000) });

const ExportQuery = z.strictObject({
  /** How finely dates are kept: `day`, `week` or `month` (default: the service's setting). */
  dates: z.enum(["day", "week", "month"] satisfies DateGranularity[]).optional(),
});

export interface EvaluationExportSettings {
  /** The recipients' key (at least 32 bytes): pseudonyms in the export are keyed with it, per recipient. Never logged. */
  readonly key: string;
  /** Default `month`: the coarsest dates unless an evaluator asks for finer ones. */
  readonly dates?: DateGranularity;
}

export interface OversightRoutesOptions {
  readonly core: Linkwork;
  readonly store: EventStore;
  readonly auditTrail: AuditTrail;
  readonly evaluationExport: EvaluationExportSettings | undefined;
  /** The person register: its national data opt-outs leave people out of the evaluation export. */
  readonly register: PersonRegister;
}

/**
 * Whether the register notes a national data opt-out for the person (docs/privacy.md). A register
 * that cannot answer throws, which the export answers as REGISTER_FAILED: never exported unchecked.
 */
function optOutLookup(register: PersonRegister) {
  return async (personId: string): Promise<boolean> => {
    const found = await register.get(personId);
    if (E.isLeft(found)) throw new Error(`the person register could not say whether a person opted out: ${found.left.code}`);
    return found.right?.details.nationalDataOptOut ?? false;
  };
}

export function addOversightRoutes(
  routes: ApiRoutes,
  { core, store, auditTrail, evaluationExport, register }: OversightRoutesOptions,
): void {
  routes.add(
    {
      method: "GET",
      url: "/exports/evaluation",
      summary: "The pseudonymised evaluation export, as NDJSON history lines keyed for the caller",
      access: ["evaluator"],
      query: ExportQuery,
      responses: {
        200: {
          description: "History lines, one event each, pseudonymised for the caller",
          contentType: "application/x-ndjson",
          schema: z.string(),
        },
        503: { description: "EXPORT_NOT_CONFIGURED: the service has no recipients' key" },
      },
    },
    (request, reply) => {
      const actor = requestActor(request);
      const verdict = core.authorise(actor, { kind: "readExport", export: "evaluation", pseudonymised: true });
      if (E.isLeft(verdict)) return send(reply, errorResponse(verdict.left));
      const query = ExportQuery.safeParse(request.query ?? {});
      if (!query.success) return send(reply, errorResponse(validationFailed("export query", query.error)));
      if (evaluationExport === undefined || actor === undefined) {
        return send(reply, {
          status: 503,
          body: { code: "EXPORT_NOT_CONFIGURED", message: "this service has no recipients' key for evaluation exports" },
        });
      }
      const lines = evaluationExportLines(
        { store },
        {
          recipient: actor.who,
          key: evaluationExport.key,
          dates: query.data.dates ?? evaluationExport.dates ?? "month",
          nationalDataOptOut: optOutLookup(register),
        },
      );
      return reply.code(200).type("application/x-ndjson").send(Readable.from(lines));
    },
  );

  routes.add(
    {
      method: "GET",
      url: "/audit",
      summary: "Who read which case when: the audit trail, oldest first",
      access: ["administrator"],
      query: AuditHttpQuery,
      responses: { 200: { description: "The entries", schema: z.object({ entries: z.array(AuditEntry) }) } },
    },
    async (request, reply) => {
      const verdict = core.authorise(requestActor(request), { kind: "readAuditTrail" });
      if (E.isLeft(verdict)) return send(reply, errorResponse(verdict.left));
      const query = AuditHttpQuery.safeParse(request.query ?? {});
      if (!query.success) return send(reply, errorResponse(validationFailed("audit query", query.error)));
      const entries = await auditTrail.entries(query.data);
      return E.isLeft(entries) ? send(reply, errorResponse(entries.left)) : reply.code(200).send({ entries: entries.right });
    },
  );
}
