import { OpaqueId } from "@linkwork/core";
import { CaseId, PcnCode, ProviderId } from "@linkwork/core/store-kit";
import { NeedCategory, ProviderDeclineReason, UnmetNeedReason } from "@linkwork/core/vocabulary";
import { z } from "zod";
import type { StateCodec } from "../../projection.js";
import { intern } from "../shared/interned-ids.js";
import { addToMonthlyCounter } from "../shared/monthly-tallies.js";
import type { RetentionDays } from "../shared/retention.js";
import { restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { noNeeds, noteProviderNamed, pairCell } from "./apply.js";
import type { IdNames } from "./id-names.js";
import { idNames } from "./id-names.js";
import { monthOfNumber, numberOfMonth } from "./month-numbers.js";
import { cellHolds } from "./queries.js";
import type { UnmetNeedSettings } from "./settings.js";
import {
  CASES,
  CLOSED_WITHOUT_CONNECTION,
  CONNECTION_WIDTH,
  COUNTERS,
  DECLINED_BY_PROVIDER,
  declineReasonNumbers,
  declineReasons,
  initialState,
  NO_PROVIDER,
  PROVIDER_KEYS,
  reasonNumbers,
  reasons,
  UNMET_WIDTH,
  type CaseNeeds,
  type UnmetNeedState,
} from "./state.js";

export const instant = z.number().int();
/** A folded counter: an Int32Array entry. */
export const count = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const MonthJson = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month is written YYYY-MM");

const CaseNeedsJson = z
  .object({
    pcnId: PcnCode,
    needs: z.array(NeedCategory),
    connected: z.number().int().min(0),
    goals: z.array(z.tuple([OpaqueId, NeedCategory])).nullable(),
    unmet: z.array(z.object({ at: instant, need: NeedCategory, reason: UnmetNeedReason, providerId: ProviderId.nullable() })),
    connections: z.array(z.tuple([OpaqueId, NeedCategory, ProviderId])),
    declined: z.array(z.object({ at: instant, need: NeedCategory, reason: ProviderDeclineReason, providerId: ProviderId })),
    erased: z.array(instant),
    endedAt: instant.nullable(),
    closed: z.boolean(),
  })
  .refine((needs) => needs.connected <= needs.needs.length, { message: "more needs connected than raised", path: ["connected"] });

/** The folded tallies as rows naming their month (YYYY-MM), PCN and need; counters that are zero are left out. */
const FoldedGapsJson = z.object({
  unmetNeeds: z.array(z.tuple([MonthJson, PcnCode, NeedCategory, UnmetNeedReason, count])),
  cases: z.array(z.tuple([MonthJson, PcnCode, NeedCategory, count])),
  closedWithoutConnection: z.array(z.tuple([MonthJson, PcnCode, NeedCategory, count])),
  /** Connections a provider declined, by month, PCN, need and decline reason. */
  declinedByProvider: z.array(z.tuple([MonthJson, PcnCode, NeedCategory, ProviderDeclineReason, count])),
  /** PCN, need, provider and the last month a folded case named it. */
  providersNamed: z.array(z.tuple([PcnCode, NeedCategory, ProviderId, MonthJson])),
});
type FoldedGapsJson = z.infer<typeof FoldedGapsJson>;

/** The snapshot's form; it records the retention it was taken with, as the state depends on it. */
export function unmetNeedJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays),
    horizon: instant.nullable(),
    latestOccurredAt: instant.nullable(),
    cases: z.array(z.tuple([CaseId, CaseNeedsJson])),
    folded: FoldedGapsJson,
    /** Erased unmet needs of folded cases: PCN, month, how many. */
    foldedErased: z.array(z.tuple([PcnCode, MonthJson, count])),
  });
}
export type UnmetNeedJson = z.infer<ReturnType<typeof unmetNeedJson>>;

export function caseToJson(names: IdNames, needs: CaseNeeds): z.infer<typeof CaseNeedsJson> {
  const goals: [string, NeedCategory][] = [];
  for (let at = 0; needs.goals !== null && at < needs.goals.length; at += 2) {
    goals.push([String(needs.goals[at]), names.need(Number(needs.goals[at + 1]))]);
  }
  const unmet: z.infer<typeof CaseNeedsJson>["unmet"] = [];
  for (let at = 0; needs.unmet !== null && at < needs.unmet.length; at += UNMET_WIDTH) {
    const provider = needs.unmet[at + 3] ?? NO_PROVIDER;
    unmet.push({
      at: needs.unmet[at] ?? 0,
      need: names.need(needs.unmet[at + 1] ?? 0),
      reason: reasons[needs.unmet[at + 2] ?? 0] ?? "other",
      providerId: provider === NO_PROVIDER ? null : names.provider(provider),
    });
  }
  const connections: z.infer<typeof CaseNeedsJson>["connections"] = [];
  for (let at = 0; needs.connections !== null && at < needs.connections.length; at += CONNECTION_WIDTH) {
    const [connectionId, need, provider] = needs.connections.slice(at, at + CONNECTION_WIDTH);
    connections.push([String(connectionId), names.need(Number(need)), names.provider(Number(provider))]);
  }
  const declined: z.infer<typeof CaseNeedsJson>["declined"] = [];
  for (let at = 0; needs.declined !== null && at < needs.declined.length; at += UNMET_WIDTH) {
    declined.push({
      at: needs.declined[at] ?? 0,
      need: names.need(needs.declined[at + 1] ?? 0),
      reason: declineReasons[needs.declined[at + 2] ?? 0] ?? "other",
      providerId: names.provider(needs.declined[at + 3] ?? 0),
    });
  }
  return {
    pcnId: names.pcn(needs.pcn),
    needs: needs.needs.map((need) => names.need(need)),
    connected: needs.connected,
    goals: needs.goals === null ? null : goals,
    unmet,
    connections,
    declined,
    erased: needs.erased === null ? [] : [...needs.erased],
    endedAt: needs.endedAt,
    closed: needs.closed,
  };
}

export function caseFromJson(state: UnmetNeedState, json: z.infer<typeof CaseNeedsJson>): CaseNeeds {
  const { ids } = state;
  return {
    pcn: intern(ids.pcns, json.pcnId),
    needs: json.needs.length === 0 ? noNeeds : json.needs.map((need) => intern(ids.needs, need)),
    connected: json.connected,
    goals: json.goals === null ? null : json.goals.flatMap(([goalId, need]) => [goalId, intern(ids.needs, need)]),
    unmet:
      json.unmet.length === 0
        ? null
        : json.unmet.flatMap((unmet) => [
            unmet.at,
            intern(ids.needs, unmet.need),
            reasonNumbers.get(unmet.reason) ?? 0,
            unmet.providerId === null ? NO_PROVIDER : intern(ids.providers, unmet.providerId),
          ]),
    connections:
      json.connections.length === 0
        ? null
        : json.connections.flatMap(([connectionId, need, providerId]) => [
            connectionId,
            intern(ids.needs, need),
            intern(ids.providers, providerId),
          ]),
    declined:
      json.declined.length === 0
        ? null
        : json.declined.flatMap((declined) => [
            declined.at,
            intern(ids.needs, declined.need),
            declineReasonNumbers.get(declined.reason) ?? 0,
            intern(ids.providers, declined.providerId),
          ]),
    erased: json.erased.length === 0 ? null : json.erased,
    endedAt: json.endedAt,
    closed: json.closed,
  };
}

/** Orders snapshot rows column by column, so a snapshot does not depend on the order ids were numbered in. */
function byColumns(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let column = 0; column < a.length; column += 1) {
    const [left, right] = [a[column] ?? "", b[column] ?? ""];
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

export function foldedToJson(state: UnmetNeedState, names: IdNames): FoldedGapsJson {
  const json: FoldedGapsJson = { unmetNeeds: [], cases: [], closedWithoutConnection: [], declinedByProvider: [], providersNamed: [] };
  for (const [month, grid] of state.folded.tallies.months) {
    for (let cell = 0; cell * COUNTERS < grid.length; cell += 1) {
      if (!cellHolds(grid, cell)) continue;
      const [pcnId, need] = [names.cellPcn(cell), names.cellNeed(cell)];
      const at = (counter: number) => grid[cell * COUNTERS + counter] ?? 0;
      reasons.forEach((reason, index) => {
        if (at(index) > 0) json.unmetNeeds.push([month, pcnId, need, reason, at(index)]);
      });
      if (at(CASES) > 0) json.cases.push([month, pcnId, need, at(CASES)]);
      if (at(CLOSED_WITHOUT_CONNECTION) > 0) json.closedWithoutConnection.push([month, pcnId, need, at(CLOSED_WITHOUT_CONNECTION)]);
      declineReasons.forEach((reason, index) => {
        const declined = at(DECLINED_BY_PROVIDER + index);
        if (declined > 0) json.declinedByProvider.push([month, pcnId, need, reason, declined]);
      });
    }
  }
  for (const [key, month] of state.folded.providersNamed) {
    const cell = Math.floor(key / PROVIDER_KEYS);
    json.providersNamed.push([names.cellPcn(cell), names.cellNeed(cell), names.provider(key % PROVIDER_KEYS), monthOfNumber(month)]);
  }
  for (const rows of Object.values(json)) rows.sort(byColumns);
  return json;
}

export function foldedFromJson(state: UnmetNeedState, json: FoldedGapsJson): void {
  const { ids, folded } = state;
  const cellOf = (pcnId: string, need: NeedCategory) => pairCell(folded, intern(ids.pcns, pcnId), intern(ids.needs, need));
  for (const [month, pcnId, need, reason, total] of json.unmetNeeds) {
    addToMonthlyCounter(folded.tallies, month, cellOf(pcnId, need), reasonNumbers.get(reason) ?? 0, total);
  }
  for (const [month, pcnId, need, total] of json.cases) addToMonthlyCounter(folded.tallies, month, cellOf(pcnId, need), CASES, total);
  for (const [month, pcnId, need, total] of json.closedWithoutConnection) {
    addToMonthlyCounter(folded.tallies, month, cellOf(pcnId, need), CLOSED_WITHOUT_CONNECTION, total);
  }
  for (const [month, pcnId, need, reason, total] of json.declinedByProvider) {
    addToMonthlyCounter(folded.tallies, month, cellOf(pcnId, need), DECLINED_BY_PROVIDER + (declineReasonNumbers.get(reason) ?? 0), total);
  }
  for (const [pcnId, need, providerId, month] of json.providersNamed) {
    noteProviderNamed(folded, cellOf(pcnId, need), intern(ids.providers, providerId), numberOfMonth(month));
  }
}

/** The snapshot codec of a unmet-needs state built with these settings. */
export function unmetNeedsCodec(resolved: UnmetNeedSettings): StateCodec<UnmetNeedState> {
  // The retention shapes the state itself, so a snapshot taken with another retentionDays is refused.
  return snapshotCodec(
    unmetNeedJson(resolved.retentionDays),
    (state): UnmetNeedJson => {
      const names = idNames(state);
      return {
        retentionDays: resolved.retentionDays,
        horizon: state.retention.horizon,
        latestOccurredAt: state.latestOccurredAt,
        cases: [...state.cases].map(([caseId, needs]) => [caseId, caseToJson(names, needs)]),
        folded: foldedToJson(state, names),
        foldedErased: [...state.foldedErased].map(([key, total]): [string, string, number] => {
          const [pcnId = "", month = ""] = key.split(" ");
          return [pcnId, month, total];
        }),
      };
    },
    (json) => {
      const state = initialState(resolved);
      state.latestOccurredAt = json.latestOccurredAt;
      for (const [caseId, needs] of json.cases) state.cases.set(caseId, caseFromJson(state, needs));
      foldedFromJson(state, json.folded);
      for (const [pcnId, month, total] of json.foldedErased) state.foldedErased.set(`${pcnId} ${month}`, total);
      const ended = [...state.cases].flatMap(([caseId, needs]): [string, number][] =>
        needs.endedAt === null ? [] : [[caseId, needs.endedAt]],
      );
      return { ...state, retention: restoreRetention(resolved.retentionDays, json.horizon, ended) };
    },
  );
}
