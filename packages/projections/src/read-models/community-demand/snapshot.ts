import { OpaqueId } from "@linkwork/core";
import { CaseId, PcnCode, PersonId, ProviderId } from "@linkwork/core/store-kit";
import { ConnectionMode, ConnectionOutcome, ProviderUpdate, SupportCategory } from "@linkwork/core/vocabulary";
import { z } from "zod";
import type { StateCodec } from "../../projection.js";
import { internedIdList, internedIds } from "../shared/interned-ids.js";
import { restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { foldedConnectionsFromJson, FoldedConnectionsJson, foldedConnectionsToJson, MonthJson } from "./folded-connections.js";
import type { CommunityDemandSettings } from "./settings.js";
import type { CommunityDemandState, RetainedCase } from "./state.js";

const ConnectionJson = z.object({
  connectionId: OpaqueId,
  providerId: ProviderId,
  activity: SupportCategory,
  mode: ConnectionMode,
  madeAt: z.number().int(),
  outcomes: z.array(z.object({ at: z.number().int(), outcome: ConnectionOutcome })),
  providerReports: z.array(z.object({ at: z.number().int(), update: ProviderUpdate })),
});

export const RetainedCaseJson = z.object({
  pcnId: PcnCode,
  /** Index into the snapshot's `people`. */
  person: z.number().int().min(0),
  endedAt: z.number().int().nullable(),
  connections: z.array(ConnectionJson).nullable(),
  erased: z.array(z.object({ connectionId: OpaqueId, madeAt: z.number().int() })).nullable(),
});

/** The snapshot codec of a community-demand state built with these settings. */
export function communityDemandCodec(resolved: CommunityDemandSettings): StateCodec<CommunityDemandState> {
  // A snapshot taken under another retention holds other cases in detail: refuse it, readably.
  const CommunityDemandJson = z
    .object({
      retentionDays: z.literal(resolved.retentionDays),
      horizon: z.number().int().nullable(),
      people: z.array(PersonId),
      cases: z.array(z.tuple([CaseId, RetainedCaseJson])),
      folded: FoldedConnectionsJson,
      /** Erased connections of folded cases: PCN, month, and how many each erased person (by number) made there. */
      foldedErased: z.array(z.tuple([PcnCode, MonthJson, z.array(z.tuple([z.number().int().min(0), z.number().int().min(1)]))])),
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
      json.foldedErased.forEach(([, , byPerson], row) => {
        byPerson.forEach(([person], index) => {
          if (unknown(person)) context.addIssue({ code: "custom", path: ["foldedErased", row, 2, index, 0], message: "no such person" });
        });
      });
    });
  type CommunityDemandJson = z.infer<typeof CommunityDemandJson>;
  return snapshotCodec(
    CommunityDemandJson,
    (state): CommunityDemandJson => ({
      retentionDays: resolved.retentionDays,
      horizon: state.retention.horizon,
      people: internedIdList(state.people),
      cases: [...state.cases],
      folded: foldedConnectionsToJson(state.folded),
      foldedErased: [...state.foldedErased].map(([key, byPerson]): [string, string, [number, number][]] => {
        const [pcnId = "", month = ""] = key.split(" ");
        return [pcnId, month, [...byPerson]];
      }),
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
        foldedErased: new Map(json.foldedErased.map(([pcnId, month, byPerson]) => [`${pcnId} ${month}`, new Map(byPerson)])),
        latestOccurredAt: json.latestOccurredAt,
      };
    },
  );
}
