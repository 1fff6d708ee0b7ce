import fc from "fast-check";
import { v5 as uuidV5 } from "uuid";
import { openSchemePolicy, type SchemePolicy } from "../case/policy.js";
import type { CaseCommand } from "../case/commands.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import type { PersonUsageCommand } from "../person-usage/commands.js";
import type { ReferenceCommand } from "../reference-data/commands.js";
import type { ProviderCommand } from "../provider/commands.js";
import { FundingKind, NationalNeed, NationalSupport, ProviderReferralRoute } from "../events/vocabulary.js";
import { arbitraryFte, arbitraryIdsOf, calendarDateAt, DAY_MS, instantAt, plainRecord } from "./arbitraries.js";
import { arbitraryCaseLife } from "./case-arbitraries.js";
import { localCodeRegistrations } from "./local-code-registrations.js";

/** Any command `linkwork(store).handle` routes: case, person usage, reference data or provider. */
export type HistoryCommand = CaseCommand | PersonUsageCommand | ReferenceCommand | ProviderCommand;

export interface CountRange {
  readonly min?: number;
  readonly max?: number;
}

export interface HistoryConstraints {
  /** Cases (one referred person each); 1-6 when absent. */
  readonly cases?: CountRange;
  /** PCNs, each with one or two practices and one or two link workers; 1-3 when absent. */
  readonly pcns?: CountRange;
  /** People enrolled in the comparison cohort; 0-3 when absent. */
  readonly comparisonPeople?: CountRange;
  /** The scheme every case respects; pass the same policy to `linkwork`. Open when absent. */
  readonly policy?: SchemePolicy;
  readonly instruments?: InstrumentRegistry;
  /** Quarterly healthcare usage around each referral and comparison index date; true when absent. */
  readonly usage?: boolean;
  /** The history starts within a year of this date; 2022-01-01 when absent. */
  readonly from?: string;
}

/** Several cases with the reference data and healthcare usage around them, as commands in the order to handle them. */
export interface History {
  /** Ordered by occurredAt (ties keep the order within a stream); every one is accepted in this order. */
  readonly commands: readonly HistoryCommand[];
  readonly caseIds: readonly string[];
  readonly referredPersonIds: readonly string[];
  readonly comparisonPersonIds: readonly string[];
  readonly pcnIds: readonly string[];
  readonly practiceIds: readonly string[];
  readonly linkWorkerIds: readonly string[];
  readonly providerIds: readonly string[];
  readonly policy: SchemePolicy;
}

const QUARTER_DAYS = 91;
/** Quarters of usage before and after the index date (-2..+2 around the quarter it falls in). */
const QUARTERS = [-2, -1, 0, 1, 2] as const;

interface UsageScript {
  readonly gp: number;
  readonly ae: number;
}

const usageScript = fc.array(plainRecord({ gp: fc.integer({ min: 0, max: 8 }), ae: fc.integer({ min: 0, max: 2 }) }), {
  minLength: QUARTERS.length,
  maxLength: QUARTERS.length,
});

function count(range: CountRange | undefined, min: number, max: number): fc.Arbitrary<number> {
  const low = range?.min ?? min;
  return fc.integer({ min: low, max: Math.max(low, range?.max ?? max) });
}

function exactly<T>(item: fc.Arbitrary<T>, length: number): fc.Arbitrary<T[]> {
  return fc.array(item, { minLength: length, maxLength: length });
}

/**
 * A multi-case history: PCN list sizes and link workers (joining at the start, some changing hours,
 * some leaving at the end), cases referred across a year in each PCN and accepted by its link
 * workers, quarterly GP and A&E usage of every referred person around the referral, and comparison
 * people enrolled with their own usage; the local codes the cases use are registered at the start. Every command is accepted when handled in order by
 * `linkwork(store, { policy })`.
 */
export function arbitraryHistory(constraints: HistoryConstraints = {}): fc.Arbitrary<History> {
  const policy = constraints.policy ?? openSchemePolicy;
  const withUsage = constraints.usage ?? true;
  const fromMs = Date.parse(constraints.from ?? "2022-01-01");
  const shape = plainRecord({
    pcns: count(constraints.pcns, 1, 3),
    cases: count(constraints.cases, 1, 6),
    comparisons: count(constraints.comparisonPeople, 0, 3),
  });
  const structure = shape.chain(({ pcns, cases, comparisons }) =>
    plainRecord({
      seed: fc.uuid(),
      startMs: fc.integer({ min: 0, max: 365 }).map((days) => fromMs + days * DAY_MS),
      pcnIds: arbitraryIdsOf("pcn", { min: pcns, max: pcns }),
      practiceIds: arbitraryIdsOf("practice", { min: 2 * pcns, max: 2 * pcns }),
      practicesPerPcn: exactly(fc.integer({ min: 1, max: 2 }), pcns),
      linkWorkerIds: arbitraryIdsOf("linkWorker", { min: 2 * pcns, max: 2 * pcns }),
      workersPerPcn: exactly(fc.integer({ min: 1, max: 2 }), pcns),
      workers: exactly(
        plainRecord({
          fte: arbitraryFte(),
          fteChange: fc.option(plainRecord({ afterDays: fc.integer({ min: 1, max: 365 }), fte: arbitraryFte() }), { nil: null }),
          leaves: fc.boolean(),
        }),
        2 * pcns,
      ),
      listSizes: exactly(
        plainRecord({
          patients: fc.integer({ min: 8_000, max: 80_000 }),
          later: fc.option(
            plainRecord({ afterDays: fc.integer({ min: 1, max: 365 }), patients: fc.integer({ min: 8_000, max: 80_000 }) }),
            { nil: null },
          ),
        }),
        pcns,
      ),
      providerIds: arbitraryIdsOf("provider", { min: 2, max: 5 }),
      // Each provider is listed at the start; some are funded for a stretch of the year, some not.
      providers: exactly(
        plainRecord({
          route: fc.constantFrom(...ProviderReferralRoute.options),
          support: fc.constantFrom(...NationalSupport.options),
          funding: fc.option(
            plainRecord({
              kind: fc.constantFrom(...FundingKind.options),
              amountPence: fc.integer({ min: 1, max: 5_000_000 }),
              startDay: fc.integer({ min: 0, max: 365 }),
              days: fc.integer({ min: 0, max: 400 }),
              need: fc.constantFrom(...NationalNeed.options),
            }),
            { nil: null },
          ),
        }),
        5,
      ),
      caseIds: arbitraryIdsOf("case", { min: cases, max: cases }),
      personIds: arbitraryIdsOf("person", { min: cases + comparisons, max: cases + comparisons }),
      cases: exactly(plainRecord({ pcn: fc.nat(), startDay: fc.integer({ min: 1, max: 365 }), usage: usageScript }), cases),
      comparisons: exactly(
        plainRecord({
          pcn: fc.nat(),
          indexDay: fc.integer({ min: 1, max: 365 }),
          matched: fc.option(fc.nat(), { nil: null }),
          usage: usageScript,
        }),
        comparisons,
      ),
    }),
  );

  return structure
    .chain((s) => {
      const pcnOf = (index: number) => index % s.pcnIds.length;
      const practicesOf = (pcn: number) => s.practiceIds.slice(2 * pcn, 2 * pcn + (s.practicesPerPcn[pcn] ?? 1));
      const workersOf = (pcn: number) => s.linkWorkerIds.slice(2 * pcn, 2 * pcn + (s.workersPerPcn[pcn] ?? 1));
      const lives = s.cases.map((spec, index) => {
        const pcn = pcnOf(spec.pcn);
        const referredFrom = s.startMs + spec.startDay * DAY_MS;
        return arbitraryCaseLife({
          policy,
          ...(constraints.instruments === undefined ? {} : { instruments: constraints.instruments }),
          caseId: s.caseIds[index] as string,
          personId: s.personIds[index] as string,
          pcnId: s.pcnIds[pcn] as string,
          practiceIds: practicesOf(pcn),
          linkWorkerIds: workersOf(pcn),
          providerIds: s.providerIds,
          referredAt: { from: instantAt(referredFrom), to: instantAt(referredFrom + DAY_MS - 1000) },
        });
      });
      return fc.tuple(fc.constant(s), fc.tuple(...lives));
    })
    .map(([s, lives]): History => {
      const pcnOf = (index: number) => index % s.pcnIds.length;
      const timed: { readonly at: number; readonly command: HistoryCommand }[] = [];
      let counter = 0;
      // Ids derived from the history's seed: distinct across streams, stable under shrinking.
      const origin = (at: number) => ({
        commandId: uuidV5(`history#${counter++}`, s.seed),
        occurredAt: instantAt(at),
        recordedBy: "admin-1",
      });
      const add = (command: HistoryCommand) => timed.push({ at: Date.parse(command.occurredAt), command });

      const activeWorkers: string[] = [];
      s.pcnIds.forEach((pcnId, pcn) => {
        const size = s.listSizes[pcn];
        if (size !== undefined) {
          add({ type: "RecordPcnListSize", pcnId, ...origin(s.startMs), registeredPatients: size.patients });
          if (size.later !== null) {
            add({
              type: "RecordPcnListSize",
              pcnId,
              ...origin(s.startMs + size.later.afterDays * DAY_MS),
              registeredPatients: size.later.patients,
            });
          }
        }
        for (let slot = 0; slot < (s.workersPerPcn[pcn] ?? 1); slot++) {
          const linkWorkerId = s.linkWorkerIds[2 * pcn + slot] as string;
          const worker = s.workers[2 * pcn + slot];
          if (worker === undefined) continue;
          activeWorkers.push(linkWorkerId);
          add({ type: "RegisterLinkWorker", linkWorkerId, ...origin(s.startMs), pcnId, fte: worker.fte });
          if (worker.fteChange !== null) {
            add({
              type: "ChangeLinkWorkerFte",
              linkWorkerId,
              ...origin(s.startMs + worker.fteChange.afterDays * DAY_MS),
              fte: worker.fteChange.fte,
            });
          }
        }
      });

      const usageAround = (personId: string, indexMs: number, usage: readonly UsageScript[]) => {
        if (!withUsage) return;
        QUARTERS.forEach((quarter, index) => {
          const counts = usage[index];
          if (counts === undefined) return;
          const startMs = indexMs + quarter * QUARTER_DAYS * DAY_MS;
          const period = { periodStart: calendarDateAt(startMs), periodEnd: calendarDateAt(startMs + (QUARTER_DAYS - 1) * DAY_MS) };
          // Imported from the GP system the day after the quarter ends.
          const importedAt = Date.parse(period.periodEnd) + DAY_MS + 6 * 3_600_000;
          add({ type: "RecordHealthcareUsage", personId, ...origin(importedAt), setting: "gp_appointment", ...period, count: counts.gp });
          if (counts.ae > 0)
            add({ type: "RecordHealthcareUsage", personId, ...origin(importedAt), setting: "ae_attendance", ...period, count: counts.ae });
        });
      };

      s.providerIds.forEach((providerId, index) => {
        const provider = s.providers[index];
        if (provider === undefined) return;
        add({
          type: "RegisterProvider",
          providerId,
          ...origin(s.startMs),
          directory: providerId.startsWith("prov_") ? "local" : "open_referral_uk",
          name: `Provider ${index + 1}`,
          supportCategories: [provider.support],
          route: provider.route,
        });
        const { funding } = provider;
        if (funding === null) return;
        const periodStart = s.startMs + funding.startDay * DAY_MS;
        add({
          type: "AwardFunding",
          providerId,
          ...origin(s.startMs),
          fundingId: `award-${index + 1}`,
          kind: funding.kind,
          amountPence: funding.amountPence,
          periodStart: calendarDateAt(periodStart),
          periodEnd: calendarDateAt(periodStart + funding.days * DAY_MS),
          needs: [funding.need],
        });
      });

      // Local codes the cases use are registered first, as a scheme registers them before using them.
      for (const registration of localCodeRegistrations(lives.flat(), instantAt(s.startMs))) add({ ...registration, ...origin(s.startMs) });

      lives.forEach((life, index) => {
        for (const command of life) add(command);
        const referral = life[0];
        const spec = s.cases[index];
        if (referral !== undefined && spec !== undefined)
          usageAround(s.personIds[index] as string, Date.parse(referral.occurredAt), spec.usage);
      });

      const comparisonPersonIds = s.personIds.slice(s.cases.length);
      s.comparisons.forEach((spec, index) => {
        const personId = comparisonPersonIds[index] as string;
        const indexMs = s.startMs + spec.indexDay * DAY_MS;
        const matchedCaseId = spec.matched === null || s.caseIds.length === 0 ? undefined : s.caseIds[spec.matched % s.caseIds.length];
        add({
          type: "EnrolInComparisonCohort",
          personId,
          ...origin(indexMs + 12 * 3_600_000),
          pcnId: s.pcnIds[pcnOf(spec.pcn)] as string,
          indexDate: calendarDateAt(indexMs),
          ...(matchedCaseId === undefined ? {} : { matchedCaseId }),
        });
        usageAround(personId, indexMs, spec.usage);
      });

      const lastAt = Math.max(...timed.map((entry) => entry.at));
      s.workers.forEach((worker, slot) => {
        const linkWorkerId = s.linkWorkerIds[slot] as string;
        if (worker.leaves && activeWorkers.includes(linkWorkerId))
          add({ type: "RecordLinkWorkerLeft", linkWorkerId, ...origin(lastAt + DAY_MS) });
      });

      // A stable sort keeps each stream's own order for commands at the same instant.
      const commands = [...timed].sort((a, b) => a.at - b.at).map((entry) => entry.command);
      return {
        commands,
        caseIds: s.caseIds,
        referredPersonIds: s.personIds.slice(0, s.cases.length),
        comparisonPersonIds,
        pcnIds: s.pcnIds,
        practiceIds: s.pcnIds.flatMap((_, pcn) => s.practiceIds.slice(2 * pcn, 2 * pcn + (s.practicesPerPcn[pcn] ?? 1))),
        linkWorkerIds: activeWorkers,
        providerIds: s.providerIds,
        policy,
      };
    });
}
