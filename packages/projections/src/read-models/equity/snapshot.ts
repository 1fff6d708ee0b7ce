import { CaseId, PcnCode, PracticeCode } from "@linkwork/core/store-kit";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { eventCatalogue } from "@linkwork/core";
import type { StateCodec } from "../../projection.js";
import { demandReductionCodec } from "../demand-reduction/snapshot.js";
import { CaseMilestonesJson } from "../shared/case-milestones.js";
import { parseSnapshotJson } from "../shared/snapshot-codec.js";
import type { EquitySettings } from "./settings.js";
import type { EquityState } from "./state.js";

const EquityCaseJson = z.object({
  milestones: CaseMilestonesJson,
  practiceId: PracticeCode,
  completed: z.boolean(),
  baseline: z.number().nullable(),
  later: z.array(z.tuple([z.number().int(), z.number()])),
});

const EquityJson = z.object({
  cases: z.array(z.tuple([CaseId, EquityCaseJson])),
  practices: z.array(
    z.tuple([
      PracticeCode,
      z.object({
        pcnId: PcnCode,
        changes: z.array(z.object({ at: z.number().int(), composition: eventCatalogue.PracticeListCompositionRecorded.schema.shape.data })),
      }),
    ]),
  ),
  /** The demand-reduction part, in its own codec's text. */
  demand: z.string(),
  latestOccurredAt: z.number().int().nullable(),
});

/** The equity state's snapshot: its own parts as JSON, the demand-reduction part by that read model's codec. */
export function equityCodec(settings: EquitySettings): StateCodec<EquityState> {
  const demand = demandReductionCodec(settings.demandReduction);
  return {
    encode: (state) =>
      JSON.stringify({
        cases: [...state.cases],
        practices: [...state.practices],
        demand: demand.encode(state.demand),
        latestOccurredAt: state.latestOccurredAt,
      } satisfies z.input<typeof EquityJson>),
    decode: (text) => {
      const raw = parseSnapshotJson(text);
      if (E.isLeft(raw)) return raw;
      const parsed = EquityJson.safeParse(raw.right);
      if (!parsed.success) return E.left(`snapshot does not match the state: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      return restored(parsed.data, demand);
    },
  };

  function restored(json: z.output<typeof EquityJson>, codec: StateCodec<EquityState["demand"]>): E.Either<string, EquityState> {
    const decoded = codec.decode(json.demand);
    if (E.isLeft(decoded)) return decoded;
    return E.right({
      settings,
      cases: new Map(json.cases.map(([caseId, held]) => [caseId, { ...held, milestones: { ...held.milestones } }])),
      practices: new Map(json.practices),
      demand: decoded.right,
      latestOccurredAt: json.latestOccurredAt,
    });
  }
}
