import { OpaqueId } from "@linkwork/core";
import { CaseId, ProviderId } from "@linkwork/core/store-kit";
import { NeedCategory } from "@linkwork/core/vocabulary";
import { z } from "zod";
import { FundingKind, ProviderReferralRoute } from "@linkwork/core/vocabulary";
import type { StateCodec } from "../../projection.js";
import { restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import type { FundingSettings } from "./settings.js";
import { FOLDED_COUNTERS, type FundedCase, type FundingState, type ListedProvider } from "./state.js";

const Ms = z.number().int();
const Count = z.number().int().min(0);

const ProviderJson = z.object({
  name: z.string(),
  route: ProviderReferralRoute,
  awards: z.array(
    z.object({
      fundingId: OpaqueId,
      kind: FundingKind,
      amountPence: Count,
      firstDay: Ms,
      lastDay: Ms,
      needs: z.array(NeedCategory),
      recordedAt: Ms,
    }),
  ),
  capacity: z.array(z.object({ at: Ms, monthlyPlaces: Count, waitingList: Count })),
});

const CaseJson = z.object({
  goals: z.array(z.string()).nullable(),
  connections: z
    .array(
      z.object({
        connectionId: OpaqueId,
        providerId: ProviderId,
        need: NeedCategory.nullable(),
        madeAt: Ms,
        attendedAt: Ms.nullable(),
        declinedAt: Ms.nullable(),
      }),
    )
    .nullable(),
  spends: z.array(z.object({ at: Ms, amountPence: Count, providerId: ProviderId.nullable(), need: NeedCategory.nullable() })).nullable(),
  endedAt: Ms.nullable(),
});

/** A folded cell's key: `[month, provider or null, need or null]` as JSON text (apply.ts, `foldedKey`). */
const FoldedKey = z.string().refine((key) => {
  try {
    const parsed: unknown = JSON.parse(key);
    return (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      typeof parsed[0] === "string" &&
      /^\d{4}-(0[1-9]|1[0-2])$/.test(parsed[0]) &&
      (parsed[1] === null || typeof parsed[1] === "string") &&
      (parsed[2] === null || typeof parsed[2] === "string")
    );
  } catch {
    return false;
  }
}, "a folded cell is keyed [month, provider or null, need or null]");

/** The snapshot codec of a funding state built with these settings. */
export function fundingCodec(resolved: FundingSettings): StateCodec<FundingState> {
  // A snapshot taken under another retention holds other cases in detail: refuse it, readably.
  const FundingJson = z.object({
    retentionDays: z.literal(resolved.retentionDays),
    horizon: Ms.nullable(),
    providers: z.array(z.tuple([ProviderId, ProviderJson])),
    cases: z.array(z.tuple([CaseId, CaseJson])),
    folded: z.array(z.tuple([FoldedKey, z.array(Count).length(FOLDED_COUNTERS)])),
    latestOccurredAt: Ms.nullable(),
  });
  type FundingJson = z.infer<typeof FundingJson>;
  return snapshotCodec(
    FundingJson,
    (state): FundingJson => ({
      retentionDays: resolved.retentionDays,
      horizon: state.retention.horizon,
      providers: [...state.providers].map(([providerId, provider]) => [
        providerId,
        { ...provider, awards: provider.awards.map((award) => ({ ...award, needs: [...award.needs] })) },
      ]),
      cases: [...state.cases].map(([caseId, known]) => [caseId, { ...known, goals: known.goals === null ? null : [...known.goals] }]),
      folded: [...state.folded],
      latestOccurredAt: state.latestOccurredAt,
    }),
    (json) => {
      const cases = new Map<string, FundedCase>(json.cases);
      const ended = [...cases].flatMap(([caseId, known]): [string, number][] => (known.endedAt === null ? [] : [[caseId, known.endedAt]]));
      return {
        providers: new Map<string, ListedProvider>(json.providers),
        cases,
        retention: restoreRetention(resolved.retentionDays, json.horizon, ended),
        folded: new Map(json.folded),
        latestOccurredAt: json.latestOccurredAt,
      };
    },
  );
}
