import { CaseId, PcnCode, PersonId, PracticeCode } from "@linkwork/core/store-kit";
import { z } from "zod";
import { ClosureReason, HealthcareSetting } from "@linkwork/core/vocabulary";

import type { StateCodec } from "../../projection.js";
import { CaseMilestonesJson, endedAt } from "../shared/case-milestones.js";
import { recordedUsageJson, recordedUsageOfJson } from "./recorded-usage.js";
import { FoldedIndexCasesJson, foldedIndexCasesJson, foldedIndexCasesOfJson } from "./index-case.js";
import { restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import type { DemandReductionProjectionSettings } from "./settings.js";
import type { DemandReductionState } from "./state.js";

const Day = z.number().int();
/** The snapshot's form. It records the settings the state was built with: a state folded under others would be wrong. */
function demandReductionJson(settings: DemandReductionProjectionSettings) {
  return z.object({
    retentionDays: z.literal(settings.retentionDays),
    maxWindowMonths: z.literal(settings.maxWindowMonths),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([CaseId, z.object({ milestones: CaseMilestonesJson, closedReason: ClosureReason.nullable() })])),
    people: z.array(
      z.tuple([
        PersonId,
        z.object({
          comparison: z.object({ indexOn: Day, enrolledAt: z.number().int() }).nullable(),
          usage: z.object({
            /** Per setting, when its first period was recorded (kept when the period itself is dropped). */
            firstRecordedAt: z.partialRecord(HealthcareSetting, z.number().int()),
            /** Periods held as [setting, first day, last day, count, recordedAt], in the order recorded. */
            periods: z.array(z.tuple([HealthcareSetting, Day, Day, z.number().int().min(0), z.number().int()])),
          }),
          folded: FoldedIndexCasesJson.nullable(),
          /** Present (true) only for an erased person. */
          erased: z.literal(true).optional(),
          /** Where the person is registered, when recorded. */
          practiceId: PracticeCode.optional(),
          pcnId: PcnCode.optional(),
        }),
      ]),
    ),
    latestOccurredAt: z.number().int().nullable(),
    /** Service starts as [practice or PCN code, [[start day, recorded at], ...]]. */
    practiceStarts: z.array(z.tuple([PracticeCode, z.array(z.tuple([Day, z.number().int()]))])).optional(),
    pcnStarts: z.array(z.tuple([PcnCode, z.array(z.tuple([Day, z.number().int()]))])).optional(),
  });
}
type DemandReductionJson = z.infer<ReturnType<typeof demandReductionJson>>;

function toJson(state: DemandReductionState): DemandReductionJson {
  return {
    retentionDays: state.settings.retentionDays,
    maxWindowMonths: state.settings.maxWindowMonths,
    horizon: state.retention.horizon,
    cases: [...state.cases],
    people: [...state.people].map(([personId, person]) => [
      personId,
      {
        comparison: person.comparison,
        usage: recordedUsageJson(person.usage),
        folded: person.folded === null ? null : foldedIndexCasesJson(person.folded),
        ...(person.erased ? { erased: true as const } : {}),
        ...(person.practiceId === null ? {} : { practiceId: person.practiceId }),
        ...(person.pcnId === null ? {} : { pcnId: person.pcnId }),
      },
    ]),
    latestOccurredAt: state.latestOccurredAt,
    practiceStarts: [...state.practiceStarts],
    pcnStarts: [...state.pcnStarts],
  };
}

function fromJson(settings: DemandReductionProjectionSettings, json: DemandReductionJson): DemandReductionState {
  const cases = new Map(json.cases);
  // The queue of ended cases is not saved: every held case that ended is still to fold.
  const ended: [string, number][] = [];
  for (const [caseId, referred] of cases) {
    const at = endedAt(referred.milestones);
    if (at !== null) ended.push([caseId, at]);
  }
  const places = new Map<string, string>();
  const shared = (code: string | undefined): string | null => {
    if (code === undefined) return null;
    const held = places.get(code);
    if (held !== undefined) return held;
    places.set(code, code);
    return code;
  };
  return {
    settings,
    retention: restoreRetention(settings.retentionDays, json.horizon, ended),
    cases,
    people: new Map(
      json.people.map(([personId, person]) => [
        personId,
        {
          comparison: person.comparison,
          usage: recordedUsageOfJson(person.usage),
          folded: person.folded === null ? null : foldedIndexCasesOfJson(person.folded),
          erased: person.erased === true,
          practiceId: shared(person.practiceId),
          pcnId: shared(person.pcnId),
        },
      ]),
    ),
    places,
    practiceStarts: new Map(json.practiceStarts ?? []),
    pcnStarts: new Map(json.pcnStarts ?? []),
    latestOccurredAt: json.latestOccurredAt,
  };
}

/** The snapshot codec of a demand-reduction state built with these settings. */
export function demandReductionCodec(settings: DemandReductionProjectionSettings): StateCodec<DemandReductionState> {
  return snapshotCodec(demandReductionJson(settings), toJson, (json) => fromJson(settings, json));
}
