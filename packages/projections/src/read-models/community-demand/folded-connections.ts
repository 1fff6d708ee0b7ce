import { PcnCode, ProviderId } from "@linkwork/core/store-kit";
import { z } from "zod";
import { ConnectionMode, ConnectionOutcome, SupportCategory } from "@linkwork/core/vocabulary";
import type { CalendarMonth } from "../shared/calendar-month.js";
import { intern, internedIdList, internedIds, type InternedIds } from "../shared/interned-ids.js";
import { providerStatusesSoFar, type ProviderStatusSoFar } from "./provider-status.js";

export type OutcomeSoFar = ConnectionOutcome | "no_outcome_yet";
export const outcomesSoFar: readonly OutcomeSoFar[] = [...ConnectionOutcome.options, "no_outcome_yet"];

/** A connection of a case folded away: all a community demand report needs of it. */
export interface FoldedConnection {
  readonly providerId: string;
  readonly pcnId: string;
  /** The person's number among the people the read model has seen (`interned-ids.ts`). */
  readonly person: number;
  readonly activity: SupportCategory;
  readonly mode: ConnectionMode;
  /** Final: its case ended before the horizon, so no report sees a later outcome. */
  readonly outcome: OutcomeSoFar;
  /** The UTC month it was made in. */
  readonly month: CalendarMonth;
  /** Final too: where it ended with its provider, and whether the person attended at least once. */
  readonly status: ProviderStatusSoFar;
  readonly attended: boolean;
}

/**
 * The connections of folded cases, one packed record of RECORD_WIDTH int32s each (20 bytes: no object
 * or string per connection, ids are numbered). Counts per month and dimension would be smaller where
 * many connections share them, but they cannot stay exact: distinct people per provider and month
 * need to know, for any person a retained connection names, whether a folded one of the same
 * provider, PCN and month named them too, and connections of any past month can still arrive (streams
 * interleave in any order), so which people each month's connections reached must stay known.
 *
 * Packed because it buys heap: with a plain array of FoldedConnection objects instead, the replay
 * bench's peak live heap for the 10x history rose from 5.8 MB to 6.8 MB (medians, ratio to the 1x
 * history 1.15x -> 1.33x; target < 1.5x), while throughput stayed within noise (file replay 0.46x vs
 * 0.46x bare JSON.parse, store-memory replay 0.91x vs 0.97x the bare apply loop). Measured with
 * `pnpm bench --only replay` on 2026-12-05, 4 packed runs alternated with 3 plain, load average 4-9 on 2 cores.
 */
export interface FoldedConnections {
  readonly providers: InternedIds;
  readonly pcns: InternedIds;
  readonly activities: InternedIds;
  /**
   * Records in fixed-size chunks, so growing copies nothing and leaves at most one chunk part empty.
   * A record: provider, PCN, person and activity numbers, then month, mode, outcome, provider status
   * and attended packed in one.
   */
  readonly chunks: Int32Array[];
  count: number;
}

const RECORD_WIDTH = 5;
const CHUNK_RECORDS = 1024;
const modes = ConnectionMode.options;
const modeNumbers = new Map<string, number>(modes.map((mode, index) => [mode, index]));
const outcomeNumbers = new Map<string, number>(outcomesSoFar.map((outcome, index) => [outcome, index]));
const statusNumbers = new Map<string, number>(providerStatusesSoFar.map((status, index) => [status, index]));
const statuses = providerStatusesSoFar.length;

/** Months since year 0: with the mode, outcome, provider status and attended they fit an int32 for some 700,000 years. */
const monthNumber = (month: CalendarMonth): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthText = (number: number): CalendarMonth =>
  `${String(Math.floor(number / 12)).padStart(4, "0")}-${String((number % 12) + 1).padStart(2, "0")}`;

function packed(month: CalendarMonth, mode: ConnectionMode, outcome: OutcomeSoFar, status: ProviderStatusSoFar, attended: boolean): number {
  const withMode = monthNumber(month) * modes.length + (modeNumbers.get(mode) ?? 0);
  const withOutcome = withMode * outcomesSoFar.length + (outcomeNumbers.get(outcome) ?? 0);
  const withStatus = withOutcome * statuses + (statusNumbers.get(status) ?? 0);
  return withStatus * 2 + (attended ? 1 : 0);
}

function unpacked(packedCode: number): {
  readonly month: CalendarMonth;
  readonly mode: ConnectionMode;
  readonly outcome: OutcomeSoFar;
  readonly status: ProviderStatusSoFar;
  readonly attended: boolean;
} {
  const attended = packedCode % 2;
  const withStatus = (packedCode - attended) / 2;
  const status = withStatus % statuses;
  const code = (withStatus - status) / statuses;
  const outcome = code % outcomesSoFar.length;
  const rest = (code - outcome) / outcomesSoFar.length;
  const mode = rest % modes.length;
  return {
    month: monthText((rest - mode) / modes.length),
    mode: modes[mode] ?? "signposted",
    outcome: outcomesSoFar[outcome] ?? "no_outcome_yet",
    status: providerStatusesSoFar[status] ?? "awaiting",
    attended: attended === 1,
  };
}

export function foldedConnections(): FoldedConnections {
  return { providers: internedIds(), pcns: internedIds(), activities: internedIds(), chunks: [], count: 0 };
}

export function addFoldedConnection(folded: FoldedConnections, connection: FoldedConnection): void {
  const slot = folded.count % CHUNK_RECORDS;
  if (slot === 0) folded.chunks.push(new Int32Array(CHUNK_RECORDS * RECORD_WIDTH));
  const chunk = folded.chunks[folded.chunks.length - 1];
  if (chunk === undefined) return;
  const at = slot * RECORD_WIDTH;
  chunk[at] = intern(folded.providers, connection.providerId);
  chunk[at + 1] = intern(folded.pcns, connection.pcnId);
  chunk[at + 2] = connection.person;
  chunk[at + 3] = intern(folded.activities, connection.activity);
  chunk[at + 4] = packed(connection.month, connection.mode, connection.outcome, connection.status, connection.attended);
  folded.count += 1;
}

/** Each record's raw numbers, in the order folded: provider, PCN, person, activity, packed code. */
function* records(folded: FoldedConnections): Generator<readonly [number, number, number, number, number]> {
  for (let index = 0; index < folded.count; index += 1) {
    const chunk = folded.chunks[Math.floor(index / CHUNK_RECORDS)];
    if (chunk === undefined) return;
    const at = (index % CHUNK_RECORDS) * RECORD_WIDTH;
    yield [chunk[at] ?? 0, chunk[at + 1] ?? 0, chunk[at + 2] ?? 0, chunk[at + 3] ?? 0, chunk[at + 4] ?? 0];
  }
}

/** Every folded connection, in the order folded. */
export function* foldedConnectionList(folded: FoldedConnections): Generator<FoldedConnection> {
  const providers = internedIdList(folded.providers);
  const pcns = internedIdList(folded.pcns);
  const activities = internedIdList(folded.activities);
  for (const [provider, pcn, person, activity, code] of records(folded)) {
    yield {
      providerId: providers[provider] ?? "",
      pcnId: pcns[pcn] ?? "",
      person,
      activity: activities[activity] ?? "",
      ...unpacked(code),
    };
  }
}

export const MonthJson = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month is written YYYY-MM");
const Index = z.number().int().min(0);

/**
 * The snapshot form: the providers, PCNs and activities once, then each connection as their
 * indices, the person's number, the month, mode and outcome. The read model checks person numbers.
 */
export const FoldedConnectionsJson = z
  .object({
    providers: z.array(ProviderId),
    pcns: z.array(PcnCode),
    activities: z.array(SupportCategory),
    connections: z.array(
      z.tuple([Index, Index, Index, Index, MonthJson, ConnectionMode, z.enum(outcomesSoFar), z.enum(providerStatusesSoFar), z.boolean()]),
    ),
  })
  .superRefine((json, context) => {
    const tables = [
      [0, json.providers],
      [1, json.pcns],
      [3, json.activities],
    ] as const;
    json.connections.forEach((connection, row) => {
      for (const [column, table] of tables) {
        if (connection[column] >= table.length) {
          context.addIssue({
            code: "custom",
            path: ["connections", row, column],
            message: `no entry ${String(connection[column])} in its list`,
          });
        }
      }
    });
  });
export type FoldedConnectionsJson = z.infer<typeof FoldedConnectionsJson>;

export function foldedConnectionsToJson(folded: FoldedConnections): FoldedConnectionsJson {
  const connections: FoldedConnectionsJson["connections"] = [];
  for (const [provider, pcn, person, activity, code] of records(folded)) {
    const { month, mode, outcome, status, attended } = unpacked(code);
    connections.push([provider, pcn, person, activity, month, mode, outcome, status, attended]);
  }
  return {
    providers: internedIdList(folded.providers),
    pcns: internedIdList(folded.pcns),
    activities: internedIdList(folded.activities),
    connections,
  };
}

export function foldedConnectionsFromJson(json: FoldedConnectionsJson): FoldedConnections {
  const folded = foldedConnections();
  for (const [provider, pcn, person, activity, month, mode, outcome, status, attended] of json.connections) {
    addFoldedConnection(folded, {
      providerId: json.providers[provider] ?? "",
      pcnId: json.pcns[pcn] ?? "",
      person,
      activity: json.activities[activity] ?? "",
      mode,
      outcome,
      month,
      status,
      attended,
    });
  }
  return folded;
}
