import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { validationFailed, type DomainError } from "@linkwork/core";
import type { Projection } from "../../projection.js";
import { foldedConnections, FoldedConnectionsJson, foldedConnectionsFromJson, foldedConnectionsToJson } from "./folded-connections.js";
import { internedIdList, internedIds } from "../shared/interned-ids.js";
import { applyRetaining, createRetention, restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { applyEvent, fold } from "./apply.js";
import { type CommunityDemandSettingsInput, CommunityDemandSettings } from "./settings.js";
import { RetainedCaseJson } from "./snapshot.js";
import type { CommunityDemandState, RetainedCase } from "./state.js";

/**
 * The community organisation demand read model: how many connections, and people, each provider
 * absorbed, by support mode (signposted, referred, accompanied), outcome and activity, per month.
 */
export function communityDemandProjection(
  settings: CommunityDemandSettingsInput = {},
): E.Either<DomainError, Projection<CommunityDemandState>> {
  const parsed = CommunityDemandSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("community demand settings", parsed.error));
  const resolved = parsed.data;
  // A snapshot taken under another retention holds other cases in detail: refuse it, readably.
  const CommunityDemandJson = z
    .object({
      retentionDays: z.literal(resolved.retentionDays),
      horizon: z.number().int().nullable(),
      people: z.array(z.string()),
      cases: z.array(z.tuple([z.string(), RetainedCaseJson])),
      folded: FoldedConnectionsJson,
      latestOccurredAt: z.number().int().nullable(),
    })
    .superRefine((json, context) => {
      if (new Set(json.people).size !== json.people.length)
        context.addIssue({ code: "custom", path: ["people"], message: "a person is listed twice" });
      const unknown = (person: number) => person >= json.people.length;
      json.cases.forEach(([, retained], row) => {
        if (unknown(retained.person)) context.addIssue({ code: "custom", path: ["cases", row, 1, "person"], message: "no such person" });
      });
      json.folded.connections.forEach((connection, row) => {
        if (unknown(connection[2]))
          context.addIssue({ code: "custom", path: ["folded", "connections", row, 2], message: "no such person" });
      });
    });
  type CommunityDemandJson = z.infer<typeof CommunityDemandJson>;
  return E.right({
    name: "community-demand",
    version: 2,
    initialState: () => ({
      people: internedIds(),
      cases: new Map(),
      retention: createRetention(resolved.retentionDays),
      folded: foldedConnections(),
      latestOccurredAt: null,
    }),
    apply: applyRetaining(applyEvent, fold),
    codec: snapshotCodec(
      CommunityDemandJson,
      (state): CommunityDemandJson => ({
        retentionDays: resolved.retentionDays,
        horizon: state.retention.horizon,
        people: internedIdList(state.people),
        cases: [...state.cases],
        folded: foldedConnectionsToJson(state.folded),
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => {
        const cases = new Map<string, RetainedCase>(json.cases);
        const ended = [...cases].flatMap(([caseId, retained]): [string, number][] =>
          retained.endedAt === null ? [] : [[caseId, retained.endedAt]],
        );
        return {
          people: internedIds(json.people),
          cases,
          retention: restoreRetention(resolved.retentionDays, json.horizon, ended),
          folded: foldedConnectionsFromJson(json.folded),
          latestOccurredAt: json.latestOccurredAt,
        };
      },
    ),
  });
}
