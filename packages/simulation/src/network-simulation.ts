import { DAY_MS } from "@linkwork/core";
import type { SchemePolicy } from "@linkwork/core";
import type { EquityFields, NeedCategory, ReferralSource } from "@linkwork/core/vocabulary";
import { Agenda } from "./agenda.js";
import { CaseJourneys, intake, type CaseJourney, type CaseStep, type JourneyContext, type ReferralBody } from "./case-journey.js";
import {
  drawUsageProfile,
  expectedRate,
  monthlyEffects,
  type PersonTruth,
  type UsageProfile,
  type UsageRole,
} from "./healthcare-usage-model.js";
import { apportion, EquityModel } from "./equity-model.js";
import { defaultNeedsMix, gpOnlySourceMix, openSourceMix, needsMetBy } from "./referral-mix.js";
import {
  addMonths,
  dateOf,
  isWeekday,
  midnightOf,
  monthExtractTime,
  monthNumberOf,
  monthPeriod,
  simulationEndsAt,
  workingMoment,
} from "./simulation-calendar.js";
import { CommandLog, type ScheduledCommand } from "./simulation-command.js";
import { TruthTally } from "./simulation-summary.js";
import { SimulationRandom, WeightedChoice } from "./simulation-random.js";
import type { SimulationSettings } from "./simulation-settings.js";
import {
  activeWorkers,
  lightestCaseload,
  roundFte,
  SimulatedNetwork,
  type SimulatedLinkWorker,
  type SimulatedPcn,
} from "./simulated-network.js";

/** What a person's usage is anchored to: their case (or the case they are matched to), their PCN and index date. */
interface UsageAnchor {
  readonly caseId: string | null;
  readonly pcn: SimulatedPcn;
  readonly indexAt: number;
  readonly engaged: boolean;
}

/** A person whose GP use is being recorded month by month. */
interface UsagePerson {
  readonly personId: string;
  readonly pcn: SimulatedPcn;
  readonly profile: UsageProfile;
  readonly indexMonth: number;
}

/** A referred person as the person register would hold their equity fields (the simulator has no register). */
export interface SimulatedPersonRecord {
  readonly personId: string;
  readonly equity: EquityFields;
}

/** Everything that can be due on the agenda. */
type NetworkAction =
  | { readonly kind: "open-network" }
  | { readonly kind: "month-begins"; readonly month: number }
  | { readonly kind: "intake-day"; readonly day: number }
  | { readonly kind: "referral-arrives"; readonly pcn: SimulatedPcn }
  | { readonly kind: "link-worker-joins"; readonly pcn: SimulatedPcn }
  | { readonly kind: "link-worker-leaves"; readonly worker: SimulatedLinkWorker }
  | { readonly kind: "link-worker-hours-change"; readonly worker: SimulatedLinkWorker }
  | { readonly kind: "case-step"; readonly journey: CaseJourney; readonly step: CaseStep }
  | { readonly kind: "usage-month-ends"; readonly person: UsagePerson; readonly offset: number }
  | { readonly kind: "gp-record-sync" };

/**
 * How often the GP record sync runs: weekly, after the working day (18:00 UTC), so an entry waits
 * up to a week to be sent and acknowledged, as a batch drain of the outbox would leave it.
 */
const GP_RECORD_SYNC_DAYS = 7;
const GP_RECORD_SYNC_HOUR_MS = 18 * 3_600_000;

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

/**
 * The discrete-event simulation of a PCN network. `run()` yields the commands it issues in
 * simulated-time order (ties in the order they were put on the agenda), and `truth` fills in as
 * people are referred. Randomness comes from separate seeded streams for the network's structure,
 * the case flow, the workforce, healthcare usage and ids, so each part is reproducible on its own.
 */
export class NetworkSimulation implements JourneyContext {
  readonly settings: SimulationSettings;
  readonly policy: SchemePolicy;
  readonly random: SimulationRandom;
  readonly log: CommandLog;
  /** The VCSE directory's draws: routes, funding, what providers report and activity spend. */
  readonly directory: SimulationRandom;
  readonly needs: WeightedChoice<NeedCategory>;
  /** Ground truth for every person whose usage is recorded, in order of their index dates; empty unless kept. */
  readonly truth: PersonTruth[] = [];
  /** The truth folded as it fills in, kept or not. */
  readonly truthTally: TruthTally;
  readonly #keepTruth: boolean;
  readonly startsAt: number;
  /** The end of the run (exclusive): nothing at or after it happens. */
  readonly endsAt: number;
  readonly #intakeEndsAt: number;
  readonly #workforce: SimulationRandom;
  readonly #usage: SimulationRandom;
  readonly #network: SimulatedNetwork;
  readonly #journeys: CaseJourneys;
  readonly #agenda = new Agenda<NetworkAction>();
  readonly #sources: WeightedChoice<ReferralSource>;
  readonly #equity: SimulationRandom;
  readonly #equityModel: EquityModel;
  readonly #onPerson: ((person: SimulatedPersonRecord) => void) | undefined;
  #people = 0;
  #comparisonPeople = 0;
  /** With a staggered start: when each practice starts (epoch ms); a practice absent does not start within the run. */
  readonly #practiceStarts = new Map<string, number>();
  readonly #starts: SimulationRandom;

  constructor(settings: SimulationSettings, policy: SchemePolicy, onPerson?: (person: SimulatedPersonRecord) => void, keepTruth = true) {
    this.settings = settings;
    this.truthTally = new TruthTally(settings.usage.windowMonths);
    this.#keepTruth = keepTruth;
    this.policy = policy;
    const root = SimulationRandom.fromSeed(settings.seed);
    const structure = root.split();
    this.random = root.split();
    this.#workforce = root.split();
    this.#usage = root.split();
    const ids = root.split();
    // Split last, so the streams before them draw as they did before people had equity fields,
    // practices a staggered start, or providers a directory.
    this.#equity = root.split();
    this.#starts = root.split();
    this.directory = root.split();
    const directoryIds = root.split();
    // Split after every other stream, so adding the GP record sync changed no other command's id.
    this.log = new CommandLog(ids, directoryIds, root.split());
    this.#equityModel = new EquityModel(settings.equity);
    this.#onPerson = onPerson;
    this.#network = new SimulatedNetwork(settings, structure);
    this.#journeys = new CaseJourneys(this);
    const sourceMix = settings.referrals.sourceMix ?? (settings.scheme === "gp-only" ? gpOnlySourceMix : openSourceMix);
    this.#sources = new WeightedChoice(Object.entries(sourceMix) as [ReferralSource, number][]);
    this.needs = new WeightedChoice(Object.entries(settings.referrals.needsMix ?? defaultNeedsMix) as [NeedCategory, number][]);
    this.startsAt = midnightOf(settings.startDate);
    this.endsAt = simulationEndsAt(settings);
    this.#intakeEndsAt = addMonths(this.startsAt, settings.intakeMonths ?? settings.months);
  }

  /** Whole days in the run. */
  get days(): number {
    return Math.round((this.endsAt - this.startsAt) / DAY_MS);
  }

  /**
   * More streams than a run can write, with room to spare: a case and a usage stream per referral
   * and one per comparison person (referrals about list x shareOfListPerYear a year, Poisson, so the
   * total is within a few per cent of it), a quarter more, and each PCN's reference and provider
   * streams. A command handler whose cache holds this many never lets a stream of the run go.
   */
  get streamBound(): number {
    const { referrals, usage, network, months } = this.settings;
    const years = (this.settings.intakeMonths ?? months) / 12;
    const growth = (1 + Math.max(0, network.listGrowthPerYear)) ** (months / 12);
    let expected = 0;
    for (const pcn of this.#network.pcns) expected += pcn.registeredPatients * growth * referrals.shareOfListPerYear * years;
    // The PCN, its link workers (a few joining a month at most) and its providers.
    let reference = 1_000;
    for (const pcn of this.#network.pcns) reference += pcn.providers.length + 50 + months * 10;
    return Math.ceil(expected * 1.25 + 100) * (2 + usage.comparisonPerReferral) + reference;
  }

  *run(): Generator<ScheduledCommand, void, undefined> {
    const agenda = this.#agenda;
    agenda.add(this.startsAt, { kind: "open-network" });
    for (let due = agenda.next(); due !== undefined && due.at < this.endsAt; due = agenda.next()) {
      this.#perform(due.action, due.at);
      yield* this.log.drain();
    }
  }

  schedule(at: number, journey: CaseJourney, step: CaseStep): void {
    this.#agenda.add(at, { kind: "case-step", journey, step });
  }

  workerFor(pcn: SimulatedPcn, at: number): SimulatedLinkWorker {
    return lightestCaseload(pcn) ?? this.#hire(pcn, at);
  }

  #perform(action: NetworkAction, at: number): void {
    switch (action.kind) {
      case "open-network":
        return this.#openNetwork(at);
      case "month-begins":
        return this.#monthBegins(action.month, at);
      case "intake-day":
        return this.#intakeDay(action.day, at);
      case "referral-arrives":
        return this.#referralArrives(action.pcn, at);
      case "link-worker-joins":
        this.#hire(action.pcn, at);
        return;
      case "link-worker-leaves":
        return this.#leave(action.worker, at);
      case "link-worker-hours-change":
        return this.#changeHours(action.worker, at);
      case "case-step":
        return this.#journeys.perform(action.journey, action.step, at);
      case "usage-month-ends":
        return this.#recordMonth(action.person, action.offset, at);
      case "gp-record-sync":
        this.log.syncGpRecords(at);
        this.#agenda.add(at + GP_RECORD_SYNC_DAYS * DAY_MS, { kind: "gp-record-sync" });
        return;
    }
  }

  #openNetwork(at: number): void {
    for (const pcn of this.#network.pcns) {
      this.log.forReference(at, intake(pcn), { type: "RecordPcnListSize", pcnId: pcn.id, registeredPatients: pcn.registeredPatients });
      this.#recordCompositions(pcn, at);
    }
    const staggered = this.settings.network.staggeredStartMonths;
    if (staggered !== undefined) {
      for (const pcn of this.#network.pcns) {
        for (const practiceId of pcn.practices.options) {
          const month = this.#starts.integer(staggered.min, staggered.max);
          if (month >= this.settings.months) continue;
          const startAt = addMonths(this.startsAt, month);
          this.#practiceStarts.set(practiceId, startAt);
          this.log.forReference(at, intake(pcn), {
            type: "RecordSocialPrescribingStart",
            pcnId: pcn.id,
            practiceId,
            startDate: dateOf(startAt),
          });
        }
      }
    }
    for (const pcn of this.#network.pcns) {
      const { perPcn } = this.settings.linkWorkers;
      const count = this.#workforce.integer(perPcn.min, perPcn.max);
      for (let index = 0; index < count; index++) this.#hire(pcn, at);
    }
    this.#listProviders(at);
    this.#agenda.add(at, { kind: "month-begins", month: 0 });
    this.#agenda.add(at, { kind: "intake-day", day: 0 });
    this.#agenda.add(at + GP_RECORD_SYNC_DAYS * DAY_MS + GP_RECORD_SYNC_HOUR_MS, { kind: "gp-record-sync" });
  }

  /**
   * The VCSE directory at the start: every provider listed with its route and places a month, and
   * some funded for the whole run (a grant, or a commission one time in three) for the needs its
   * kind of support meets.
   */
  #listProviders(at: number): void {
    const { providers } = this.settings;
    const random = this.directory;
    const lastDay = dateOf(this.endsAt - DAY_MS);
    for (const pcn of this.#network.pcns) {
      for (const provider of pcn.providers) {
        provider.directReferral = random.chance(providers.directReferralShare);
        const route = provider.directReferral ? "direct_referral" : "signposting_only";
        const name = `${pcn.id} ${provider.activity.replace(/_/g, " ")} ${provider.id.slice(-2)}`;
        this.log.forProvider(at, intake(pcn), {
          type: "RegisterProvider",
          providerId: provider.id,
          directory: "local",
          name,
          supportCategories: [provider.activity],
          route,
        });
        this.log.forProvider(at, intake(pcn), {
          type: "DeclareProviderCapacity",
          providerId: provider.id,
          monthlyPlaces: provider.placesPerMonth,
          waitingList: 0,
        });
        if (provider.placesPerMonth === 0 || !random.chance(providers.fundedShare)) continue;
        const needs = needsMetBy(provider.activity);
        const kind = random.chance(1 / 3) ? "commission" : "grant";
        this.log.forProvider(at, intake(pcn), {
          type: "AwardFunding",
          providerId: provider.id,
          fundingId: `${provider.id}-${kind}`,
          kind,
          amountPence: Math.min(10_000_000_000, provider.placesPerMonth * this.settings.months * providers.fundingPencePerPlaceMonth),
          periodStart: dateOf(this.startsAt),
          periodEnd: lastDay,
          needs: needs.length === 0 ? ["mental_wellbeing"] : needs,
        });
      }
    }
  }

  #monthBegins(month: number, at: number): void {
    const { linkWorkers, network } = this.settings;
    const random = this.#workforce;
    if (month > 0 && month % 3 === 0) {
      for (const pcn of this.#network.pcns) {
        pcn.registeredPatients = Math.round(pcn.registeredPatients * (1 + network.listGrowthPerYear) ** 0.25);
        this.log.forReference(at, intake(pcn), { type: "RecordPcnListSize", pcnId: pcn.id, registeredPatients: pcn.registeredPatients });
        this.#recordCompositions(pcn, at);
      }
    }
    const dayInMonth = () => workingMoment(at + random.integer(0, 27) * DAY_MS, random);
    for (const pcn of this.#network.pcns) {
      for (const worker of activeWorkers(pcn)) {
        if (random.chance(linkWorkers.leaveProbabilityPerMonth)) this.#agenda.add(dayInMonth(), { kind: "link-worker-leaves", worker });
        if (random.chance(linkWorkers.fteChangeProbabilityPerMonth))
          this.#agenda.add(dayInMonth(), { kind: "link-worker-hours-change", worker });
      }
      if (random.chance(linkWorkers.joinProbabilityPerMonth)) this.#agenda.add(dayInMonth(), { kind: "link-worker-joins", pcn });
    }
    if (month + 1 < this.settings.months) this.#agenda.add(addMonths(this.startsAt, month + 1), { kind: "month-begins", month: month + 1 });
  }

  /** Referrals arrive on weekdays, Poisson distributed around the PCN's share of its list per working day. */
  #intakeDay(day: number, at: number): void {
    if (isWeekday(at)) {
      const share = this.settings.referrals.shareOfListPerYear;
      for (const pcn of this.#network.pcns) {
        const arrivals = this.random.poisson(((pcn.registeredPatients * share) / 365) * (7 / 5));
        for (let index = 0; index < arrivals; index++) this.#agenda.add(workingMoment(at, this.random), { kind: "referral-arrives", pcn });
      }
    }
    const tomorrow = at + DAY_MS;
    if (tomorrow < this.#intakeEndsAt) this.#agenda.add(tomorrow, { kind: "intake-day", day: day + 1 });
  }

  #referralArrives(pcn: SimulatedPcn, at: number): void {
    const random = this.random;
    const { referrals } = this.settings;
    this.#people += 1;
    const personId = `person_s${pad(this.#people, 6)}`;
    const source = this.#sources.draw(random);
    const practiceId = pcn.practices.draw(random);
    const referrerId =
      source === "self"
        ? undefined
        : source === "gp" || source === "practice_staff"
          ? `ref_${practiceId.toLowerCase()}r${random.integer(1, 6)}`
          : `ref_${pcn.id.toLowerCase()}${source.replaceAll("_", "")}r${random.integer(1, 3)}`;
    const reasonCount = random.integer(referrals.needsPerReferral.min, referrals.needsPerReferral.max);
    const reasons = new Set<NeedCategory>();
    for (let tries = 0; reasons.size < reasonCount && tries < reasonCount * 8; tries++) reasons.add(this.needs.draw(random));
    const body: ReferralBody = {
      pcnId: pcn.id,
      practiceId,
      source,
      ...(referrerId === undefined ? {} : { referrerId }),
      reasons: [...reasons],
      consent: { contact: true, shareOutcomeWithReferrer: random.chance(referrals.consentToShareOutcome), evaluation: true },
    };
    if (!this.#started(practiceId, at)) {
      // Not started yet: no one refers them, and they join the comparison pool at their peak.
      this.log.forUsage(at, extract(pcn), { type: "EnrolInComparisonCohort", personId, pcnId: pcn.id, practiceId, indexDate: dateOf(at) });
      this.#startUsage(personId, "comparison", { caseId: null, pcn, indexAt: at, engaged: false }, at);
      return;
    }
    const person = this.#equityModel.referredPerson(this.#equity);
    this.#onPerson?.({ personId, equity: person.equity });
    const journey = this.#journeys.refer(pcn, at, { personId, body, declineMultiplier: person.declineMultiplier });
    this.#startUsage(
      personId,
      "referred",
      { caseId: journey.caseId, pcn, indexAt: journey.referredAt, engaged: journey.fate === "engaged" },
      at,
    );
    for (let index = 0; index < this.settings.usage.comparisonPerReferral; index++) {
      this.#comparisonPeople += 1;
      const comparisonId = `person_c${pad(this.#comparisonPeople, 6)}`;
      this.log.forUsage(at, extract(pcn), {
        type: "EnrolInComparisonCohort",
        personId: comparisonId,
        pcnId: pcn.id,
        // Comparators come from the referred person's practice, as a matched evaluation draws them.
        practiceId,
        indexDate: dateOf(journey.referredAt),
        matchedCaseId: journey.caseId,
      });
      this.#startUsage(comparisonId, "comparison", { caseId: journey.caseId, pcn, indexAt: journey.referredAt, engaged: false }, at);
    }
  }

  /**
   * A person's usage: at the index date, the GP extract of the months before it; then each
   * month's count at the month's end, up to the window (as far as the run goes).
   */
  #startUsage(personId: string, role: UsageRole, anchor: UsageAnchor, at: number): void {
    const usage = this.settings.usage;
    const engaged = role === "referred" && anchor.engaged;
    const profile = drawUsageProfile(this.#usage, usage, role, engaged);
    const person: UsagePerson = { personId, pcn: anchor.pcn, profile, indexMonth: monthNumberOf(anchor.indexAt) };
    const truth: PersonTruth = {
      personId,
      role,
      caseId: anchor.caseId,
      pcnId: anchor.pcn.id,
      indexDate: dateOf(anchor.indexAt),
      engaged,
      baselinePerYear: profile.baselinePerYear,
      peakMultiplier: profile.peakMultiplier,
      peakBuildUpMonths: profile.peakBuildUpMonths,
      monthlyEffect: monthlyEffects(profile, usage),
    };
    this.truthTally.add(truth);
    if (this.#keepTruth) this.truth.push(truth);
    for (let offset = -usage.windowMonths; offset < 0; offset++) this.#recordUsage(person, offset, at);
    this.#agenda.add(monthExtractTime(person.indexMonth), { kind: "usage-month-ends", person, offset: 0 });
  }

  /** Whether the practice offers the service at `at`: always without a staggered start. */
  #started(practiceId: string, at: number): boolean {
    if (this.settings.network.staggeredStartMonths === undefined) return true;
    const startAt = this.#practiceStarts.get(practiceId);
    return startAt !== undefined && startAt <= at;
  }

  #recordMonth(person: UsagePerson, offset: number, at: number): void {
    this.#recordUsage(person, offset, at);
    if (offset < this.settings.usage.windowMonths) {
      this.#agenda.add(monthExtractTime(person.indexMonth + offset + 1), { kind: "usage-month-ends", person, offset: offset + 1 });
    }
  }

  #recordUsage(person: UsagePerson, offset: number, at: number): void {
    const count = this.#usage.poisson(expectedRate(person.profile, offset, this.settings.usage));
    const { periodStart, periodEnd } = monthPeriod(person.indexMonth + offset);
    this.log.forUsage(at, extract(person.pcn), {
      type: "RecordHealthcareUsage",
      personId: person.personId,
      setting: "gp_appointment",
      periodStart,
      periodEnd,
      count,
    });
  }

  /** Each practice's share of the PCN's list (by its relative size), broken down by the equity fields. */
  #recordCompositions(pcn: SimulatedPcn, at: number): void {
    const lists = apportion(pcn.registeredPatients, pcn.practices.shares());
    for (const [practiceId] of pcn.practices.shares()) {
      const registeredPatients = lists[practiceId] ?? 0;
      this.log.forReference(at, intake(pcn), {
        type: "RecordPracticeListComposition",
        pcnId: pcn.id,
        practiceId,
        registeredPatients,
        ...this.#equityModel.composition(registeredPatients),
      });
    }
  }

  #hire(pcn: SimulatedPcn, at: number): SimulatedLinkWorker {
    const worker = this.#network.hire(pcn, this.#workforce);
    this.log.forReference(at, intake(pcn), { type: "RegisterLinkWorker", linkWorkerId: worker.id, pcnId: pcn.id, fte: worker.fte });
    return worker;
  }

  /** A worker leaves: a replacement joins first if they were the last, and their open cases move to colleagues. */
  #leave(worker: SimulatedLinkWorker, at: number): void {
    if (!worker.active) return;
    const pcn = worker.pcn;
    if (activeWorkers(pcn).length === 1) this.#hire(pcn, at);
    for (const journey of [...worker.caseload]) {
      const to = lightestCaseload(pcn, worker);
      if (to !== undefined) this.#journeys.reassign(journey, to, at);
    }
    worker.active = false;
    this.log.forReference(at, intake(pcn), { type: "RecordLinkWorkerLeft", linkWorkerId: worker.id });
  }

  #changeHours(worker: SimulatedLinkWorker, at: number): void {
    if (!worker.active) return;
    const { fte } = this.settings.linkWorkers;
    const next = roundFte(this.#workforce.between(fte.min, fte.max));
    if (next === worker.fte) return;
    worker.fte = next;
    this.log.forReference(at, intake(worker.pcn), { type: "ChangeLinkWorkerFte", linkWorkerId: worker.id, fte: next });
  }
}

/** Who records GP usage: the PCN's extract from the GP system. */
function extract(pcn: SimulatedPcn): string {
  return `${pcn.id}-gp-extract`;
}
