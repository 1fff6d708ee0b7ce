import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { z } from "zod";
import {
  medicalReferralSources,
  OpaqueId,
  ReferralSource,
  snomed,
  validationFailed,
  type DomainError,
  type RecordedEvent,
  type SnomedCode,
} from "@linkwork/core";
import type { Projection } from "../projection.js";
import { CaseMilestonesJson, trackCaseMilestones, type CaseMilestones } from "./case-milestones.js";
import { happenedBy, PeriodOptions, reportPeriod, withinPeriod } from "./report-period.js";
import { snapshotCodec } from "./snapshot-codec.js";
import { occurredAtMs } from "./occurred-at.js";

export const ReferralSourceSettings = z.strictObject({
  /** Routes reported as the medical route; national reporting's list by default. */
  medicalSources: z.array(ReferralSource).default([...medicalReferralSources]),
});
export type ReferralSourceSettings = z.output<typeof ReferralSourceSettings>;
export type ReferralSourceSettingsInput = z.input<typeof ReferralSourceSettings>;

export interface ReferralSourceState {
  readonly settings: ReferralSourceSettings;
  readonly cases: Map<string, CaseMilestones>;
  latestOccurredAt: number | null;
}

export const ReferralSourceOptions = PeriodOptions.extend({
  /** Only referrals into this PCN. */
  pcnId: OpaqueId.optional(),
});
export type ReferralSourceOptions = z.input<typeof ReferralSourceOptions>;

/**
 * What became of the referrals received in the period, as of asOf. Each referral counts once per
 * figure: a person who accepted and later declined counts as accepted and as declined.
 */
export interface ReferralFigures {
  readonly referrals: number;
  /** Referrals accepted by asOf (the episode's SNOMED 871731000000106). */
  readonly accepted: number;
  /** Referrals the person declined by asOf, before or after acceptance. */
  readonly declined: number;
  readonly rejected: number;
  /** Neither accepted, declined nor rejected by asOf. */
  readonly awaitingDecision: number;
  /** accepted / referrals. */
  readonly acceptanceRate: number | null;
  /** declined / people who decided (accepted or declined, each person once). */
  readonly declineRate: number | null;
}

export interface ReferralSourceRow extends ReferralFigures {
  readonly source: ReferralSource;
  readonly medicalRoute: boolean;
  /** This source's referrals / all referrals. */
  readonly share: number | null;
}

export interface SnomedCount {
  readonly code: SnomedCode;
  readonly concept: string;
  readonly count: number;
}

export interface ReferralSourceReport {
  readonly asOf: string;
  readonly from: string | null;
  readonly pcnId: string | null;
  readonly all: ReferralFigures;
  /** Every source of the vocabulary, zeros included, in the vocabulary's order. */
  readonly rows: readonly ReferralSourceRow[];
  readonly medicalRoute: { readonly sources: readonly ReferralSource[]; readonly referrals: number; readonly share: number | null };
  /** The codes these referrals put in GP records: accepted once per episode, and declines. */
  readonly snomed: readonly SnomedCount[];
}

function apply(state: ReferralSourceState, recorded: RecordedEvent): ReferralSourceState {
  const at = occurredAtMs(recorded.event.metadata);
  state.latestOccurredAt = state.latestOccurredAt === null ? at : Math.max(state.latestOccurredAt, at);
  trackCaseMilestones(state.cases, recorded);
  return state;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function figures(cases: readonly CaseMilestones[], asOf: number): ReferralFigures {
  let accepted = 0;
  let declined = 0;
  let rejected = 0;
  let decided = 0;
  for (const milestones of cases) {
    const isAccepted = happenedBy(milestones.acceptedAt, asOf);
    const isDeclined = happenedBy(milestones.declinedAt, asOf);
    if (isAccepted) accepted += 1;
    if (isDeclined) declined += 1;
    if (isAccepted || isDeclined) decided += 1;
    if (happenedBy(milestones.rejectedAt, asOf)) rejected += 1;
  }
  return {
    referrals: cases.length,
    accepted,
    declined,
    rejected,
    awaitingDecision: cases.length - decided - rejected,
    acceptanceRate: ratio(accepted, cases.length),
    declineRate: ratio(declined, decided),
  };
}

/** Where referrals received in the period came from, and what became of them by asOf. */
export function referralSourceMix(
  state: ReferralSourceState,
  options: ReferralSourceOptions = {},
): E.Either<DomainError, ReferralSourceReport> {
  return pipe(
    reportPeriod(ReferralSourceOptions, options, state.latestOccurredAt),
    E.map(({ options: { pcnId }, period }) => {
      const cohort = [...state.cases.values()].filter(
        (milestones) => withinPeriod(milestones.referredAt, period) && (pcnId === undefined || milestones.pcnId === pcnId),
      );
      const all = figures(cohort, period.asOf);
      const { medicalSources } = state.settings;
      const rows = ReferralSource.options.map((source): ReferralSourceRow => {
        const fromSource = figures(
          cohort.filter((milestones) => milestones.source === source),
          period.asOf,
        );
        return { source, medicalRoute: medicalSources.includes(source), share: ratio(fromSource.referrals, cohort.length), ...fromSource };
      });
      const medical = cohort.filter((milestones) => medicalSources.includes(milestones.source)).length;
      return {
        asOf: new Date(period.asOf).toISOString(),
        from: period.from === null ? null : new Date(period.from).toISOString(),
        pcnId: pcnId ?? null,
        all,
        rows,
        medicalRoute: { sources: medicalSources, referrals: medical, share: ratio(medical, cohort.length) },
        snomed: [
          { code: snomed.referralToSocialPrescribingService, concept: "Referral to social prescribing service", count: all.accepted },
          { code: snomed.socialPrescribingDeclined, concept: "Social prescribing declined", count: all.declined },
        ],
      };
    }),
  );
}

const ReferralSourceJson = z.object({
  cases: z.array(z.tuple([z.string(), CaseMilestonesJson])),
  latestOccurredAt: z.number().int().nullable(),
});
type ReferralSourceJson = z.infer<typeof ReferralSourceJson>;

/**
 * The referral sources read model: the mix of referral routes, acceptance and decline rates per
 * route, the SNOMED-coded counts and the medical route's share.
 */
export function referralSourcesProjection(
  settings: ReferralSourceSettingsInput = {},
): E.Either<DomainError, Projection<ReferralSourceState>> {
  const parsed = ReferralSourceSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("referral source settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "referral-sources",
    version: 1,
    initialState: () => ({ settings: resolved, cases: new Map(), latestOccurredAt: null }),
    apply,
    codec: snapshotCodec(
      ReferralSourceJson,
      (state): ReferralSourceJson => ({ cases: [...state.cases], latestOccurredAt: state.latestOccurredAt }),
      (json) => ({ settings: resolved, cases: new Map(json.cases), latestOccurredAt: json.latestOccurredAt }),
    ),
  });
}
