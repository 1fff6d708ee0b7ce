// One file, over 400 lines on purpose: CaseJourneys is one class whose private steps (triage,
// contact, conversation, plan, follow-up, connection, closure) hand a journey to each other in order.
import { type Goal, type SchemePolicy } from "@linkwork/core";
import {
  StrengthCategory,
  type ClosureReason,
  type ConnectionOutcome,
  type DeclineReason,
  type GoalProgress,
  type NeedCategory,
  type ReferralSource,
  type RejectionReason,
  type UnmetNeedReason,
  type ProviderUpdate,
} from "@linkwork/core/vocabulary";
import { needsOftenFoundTogether, supportForNeed } from "./referral-mix.js";
import { DAY_MS } from "@linkwork/core";
import { dateOf, monthNumberOf, workingMoment } from "./simulation-calendar.js";
import type { CaseThread, CommandLog } from "./simulation-command.js";
import { WeightedChoice, type SimulationRandom } from "./simulation-random.js";
import type { SimulationSettings } from "./simulation-settings.js";
import {
  hasPlace,
  providersOf,
  takePlace,
  type CommunityProvider,
  type SimulatedLinkWorker,
  type SimulatedPcn,
} from "./simulated-network.js";
import { drawWellbeing, instrumentAnswers, type LatentWellbeing, type SimulatedInstrument } from "./wellbeing-answers.js";

/**
 * One referral's episode as the simulator plays it: its fate is drawn when the referral arrives
 * (rejected, declined, unreachable or engaged), then each step issues the commands a link worker
 * would and puts the next step on the agenda. Every step keeps inside the scheme's rules: contact
 * limits, attempts before unreachable, and the episode length (a step that would fall after the
 * episode ends becomes a closure at the episode's end instead).
 */

export type CaseFate = "rejected" | "declined-before-contact" | "declined-after-contact" | "unreachable" | "engaged";

export interface JourneyConnection {
  readonly connectionId: string;
  readonly goalId: string;
  readonly provider: CommunityProvider;
  outcome: ConnectionOutcome | null;
  /** The provider reports back on it (a direct referral to a provider that does). */
  readonly closedLoop: boolean;
}

export interface CaseJourney extends CaseThread {
  readonly personId: string;
  readonly pcn: SimulatedPcn;
  readonly referredAt: number;
  /** The last moment the scheme allows in-episode actions: referral + episodeLengthDays. */
  readonly episodeEndsAt: number;
  readonly fate: CaseFate;
  readonly consentToShare: boolean;
  readonly reasons: readonly NeedCategory[];
  readonly wellbeing: LatentWellbeing;
  /** Sessions this person will have if nothing cuts the episode short. */
  readonly contactsPlanned: number;
  readonly secondConversation: boolean;
  readonly disengages: boolean;
  /** Left open after the last session until the episode runs out. */
  readonly lingers: boolean;
  /** `held` from acceptance until the case ends; only held cases sit in a caseload. */
  status: "referred" | "held" | "final";
  worker: SimulatedLinkWorker | null;
  /** A closure is on the agenda; nothing schedules another. */
  closing: boolean;
  contactsHeld: number;
  needs: NeedCategory[];
  goals: Goal[];
  readonly progress: Map<string, GoalProgress>;
  readonly connections: JourneyConnection[];
  instruments: SimulatedInstrument[];
  followUps: number;
  followUpSpacing: number;
  disengageAt: number | null;
  revisionAt: number | null;
  readonly noProvisionRecorded: Set<string>;
}

export type CaseStep =
  | { readonly kind: "triage" }
  | { readonly kind: "contact-attempt"; readonly attempt: number }
  | { readonly kind: "conversation"; readonly number: 1 | 2 }
  | { readonly kind: "connect"; readonly goals: readonly Goal[] }
  | { readonly kind: "connection-outcome"; readonly connection: JourneyConnection; readonly phase: "first" | "waiting" | "settled" }
  | { readonly kind: "follow-up"; readonly number: number }
  | { readonly kind: "chase"; readonly attempt: number }
  | { readonly kind: "conclude"; readonly reason: ClosureReason | null }
  | { readonly kind: "close"; readonly reason: ClosureReason };

/** What the journeys need from the simulation around them. */
export interface JourneyContext {
  readonly settings: SimulationSettings;
  readonly policy: SchemePolicy;
  readonly random: SimulationRandom;
  readonly log: CommandLog;
  /** The VCSE directory's own stream: what providers report and activity spend draw from it, not from `random`. */
  readonly directory: SimulationRandom;
  readonly needs: WeightedChoice<NeedCategory>;
  schedule(at: number, journey: CaseJourney, step: CaseStep): void;
  /** An active link worker of the PCN to take a case (hiring one if none is active). */
  workerFor(pcn: SimulatedPcn, at: number): SimulatedLinkWorker;
}

const rejectionReasons = new WeightedChoice<RejectionReason>([
  ["outside_eligibility", 30],
  ["needs_specialist_service", 30],
  ["outside_area", 15],
  ["duplicate_referral", 15],
  ["other", 10],
]);
const declineReasons = new WeightedChoice<DeclineReason>([
  ["not_interested", 35],
  ["not_right_time", 30],
  ["already_supported", 15],
  ["no_reason_given", 15],
  ["other", 5],
]);
const attemptChannels = new WeightedChoice([
  ["phone", 70],
  ["text", 15],
  ["email", 8],
  ["letter", 7],
] as const);
const conversationModes = new WeightedChoice([
  ["face_to_face", 50],
  ["phone", 30],
  ["home_visit", 12],
  ["video", 5],
  ["group", 3],
] as const);
const followUpModes = new WeightedChoice([
  ["phone", 50],
  ["face_to_face", 35],
  ["home_visit", 10],
  ["video", 5],
] as const);
const connectionModes = new WeightedChoice([
  ["signposted", 35],
  ["referred", 45],
  ["accompanied", 20],
] as const);
const finalProgress = new WeightedChoice<GoalProgress>([
  ["achieved", 35],
  ["some_progress", 40],
  ["not_started", 10],
  ["abandoned", 15],
]);
const barriers: readonly UnmetNeedReason[] = ["cost", "transport", "access"];

const days = (count: number): number => count * DAY_MS;

export class CaseJourneys {
  readonly #context: JourneyContext;
  #referrals = 0;

  constructor(context: JourneyContext) {
    this.#context = context;
  }

  /** A new referral: draws its fate, issues ReceiveReferral and puts triage on the agenda. */
  refer(
    pcn: SimulatedPcn,
    at: number,
    referral: { readonly personId: string; readonly body: ReferralBody; readonly declineMultiplier?: number },
  ): CaseJourney {
    const { settings, policy, random, log } = this.#context;
    const { journeys } = settings;
    // The person's equity groups may make them likelier to decline (equity-model.ts).
    const declineRate = journeys.declineRate * (referral.declineMultiplier ?? 1);
    this.#referrals += 1;
    const caseId = `case_s${String(this.#referrals).padStart(6, "0")}`;
    const draw = random.uniform();
    const fate: CaseFate =
      draw < journeys.rejectionRate
        ? "rejected"
        : draw < journeys.rejectionRate + declineRate
          ? random.chance(0.5)
            ? "declined-before-contact"
            : "declined-after-contact"
          : draw < journeys.rejectionRate + declineRate + journeys.unreachableRate
            ? "unreachable"
            : "engaged";
    const maxContacts = policy.maxContacts;
    const contactsPlanned = random.integer(
      Math.min(journeys.contactsPerCase.min, maxContacts),
      Math.min(journeys.contactsPerCase.max, maxContacts),
    );
    const journey: CaseJourney = {
      caseId,
      correlationId: log.uuid(),
      personId: referral.personId,
      pcn,
      referredAt: at,
      episodeEndsAt: at + days(policy.episodeLengthDays),
      fate,
      consentToShare: referral.body.consent.shareOutcomeWithReferrer,
      reasons: referral.body.reasons,
      wellbeing: drawWellbeing(random),
      contactsPlanned,
      secondConversation: contactsPlanned >= 2 && random.chance(0.25),
      disengages: random.chance(journeys.disengagementRate),
      lingers: random.chance(0.08),
      status: "referred",
      worker: null,
      closing: false,
      contactsHeld: 0,
      needs: [],
      goals: [],
      progress: new Map(),
      connections: [],
      instruments: [],
      followUps: 0,
      followUpSpacing: 0,
      disengageAt: null,
      revisionAt: null,
      noProvisionRecorded: new Set(),
    };
    log.forCase(journey, at, intake(pcn), { type: "ReceiveReferral", personId: referral.personId, ...referral.body });
    this.#next(journey, workingMoment(at + days(random.integer(1, 5)), random), { kind: "triage" });
    return journey;
  }

  /** Hands an open case to another worker (when its worker leaves). */
  reassign(journey: CaseJourney, to: SimulatedLinkWorker, at: number): void {
    if (journey.status !== "held" || journey.worker === to) return;
    this.#context.log.forCase(journey, at, intake(journey.pcn), { type: "ReassignLinkWorker", toLinkWorkerId: to.id });
    journey.worker?.caseload.delete(journey);
    journey.worker = to;
    to.caseload.add(journey);
  }

  perform(journey: CaseJourney, step: CaseStep, at: number): void {
    if (journey.status === "final") return;
    switch (step.kind) {
      case "triage":
        return this.#triage(journey, at);
      case "contact-attempt":
        return this.#contactAttempt(journey, step.attempt, at);
      case "conversation":
        return this.#conversation(journey, step.number, at);
      case "connect":
        return this.#connect(journey, step.goals, at);
      case "connection-outcome":
        return this.#connectionOutcome(journey, step.connection, step.phase, at);
      case "follow-up":
        return this.#followUp(journey, step.number, at);
      case "chase":
        return this.#chase(journey, step.attempt, at);
      case "conclude":
        return this.#conclude(journey, step.reason, at);
      case "close":
        return this.#close(journey, step.reason, at);
    }
  }

  /** Puts a step on the agenda, or a closure at the episode's end if the step would fall after it. */
  #next(journey: CaseJourney, at: number, step: CaseStep): void {
    if (step.kind === "close" || step.kind === "conclude") {
      if (journey.closing) return;
      journey.closing = true;
      this.#context.schedule(Math.min(at, journey.episodeEndsAt), journey, step);
      return;
    }
    if (at <= journey.episodeEndsAt) {
      this.#context.schedule(at, journey, step);
      return;
    }
    // Outcomes of connections may simply go unrecorded; anything else means the episode ran out first.
    if (step.kind !== "connection-outcome") this.#next(journey, journey.episodeEndsAt, { kind: "close", reason: "episode_length_reached" });
  }

  #by(journey: CaseJourney): string {
    return journey.worker?.id ?? intake(journey.pcn);
  }

  #finish(journey: CaseJourney): void {
    journey.status = "final";
    journey.worker?.caseload.delete(journey);
  }

  #triage(journey: CaseJourney, at: number): void {
    const { random, log } = this.#context;
    switch (journey.fate) {
      case "rejected": {
        const reason: RejectionReason = journey.reasons.includes("domestic_abuse") ? "safeguarding_route" : rejectionReasons.draw(random);
        log.forCase(journey, at, intake(journey.pcn), { type: "RejectReferral", reason });
        return this.#finish(journey);
      }
      case "declined-before-contact":
        log.forCase(journey, at, intake(journey.pcn), { type: "DeclineSocialPrescribing", reason: declineReasons.draw(random) });
        return this.#finish(journey);
      case "declined-after-contact":
      case "unreachable":
      case "engaged": {
        const worker = this.#context.workerFor(journey.pcn, at);
        log.forCase(journey, at, worker.id, { type: "AcceptReferral", linkWorkerId: worker.id });
        journey.status = "held";
        journey.worker = worker;
        worker.caseload.add(journey);
        return this.#next(journey, workingMoment(at + days(random.integer(0, 3)), random), { kind: "contact-attempt", attempt: 1 });
      }
    }
  }

  #contactAttempt(journey: CaseJourney, attempt: number, at: number): void {
    const { random, log, policy } = this.#context;
    const by = this.#by(journey);
    if (journey.fate === "unreachable") {
      log.forCase(journey, at, by, { type: "RecordContactAttempt", channel: attemptChannels.draw(random), reached: false });
      if (attempt < policy.contactAttemptsBeforeUnreachable) {
        this.#next(journey, workingMoment(at + days(random.integer(2, 6)), random), { kind: "contact-attempt", attempt: attempt + 1 });
      } else {
        this.#next(journey, workingMoment(at + days(random.integer(1, 5)), random), { kind: "close", reason: "unreachable" });
      }
      return;
    }
    if (attempt === 1 && random.chance(0.3)) {
      log.forCase(journey, at, by, { type: "RecordContactAttempt", channel: attemptChannels.draw(random), reached: false });
      this.#next(journey, workingMoment(at + days(random.integer(1, 3)), random), { kind: "contact-attempt", attempt: 2 });
      return;
    }
    log.forCase(journey, at, by, { type: "RecordContactAttempt", channel: "phone", reached: true });
    if (journey.fate === "declined-after-contact") {
      log.forCase(journey, at, by, { type: "DeclineSocialPrescribing", reason: declineReasons.draw(random) });
      return this.#finish(journey);
    }
    this.#next(journey, workingMoment(at + days(random.integer(1, 10)), random), { kind: "conversation", number: 1 });
  }

  #conversation(journey: CaseJourney, number: 1 | 2, at: number): void {
    const { random, log } = this.#context;
    const by = this.#by(journey);
    if (number === 1) journey.needs = this.#needsFound(journey);
    log.forCase(journey, at, by, {
      type: "HoldConversation",
      mode: conversationModes.draw(random),
      minutes: random.integer(30, 90),
      needs: number === 1 ? journey.needs : [],
      strengths: random.sample(StrengthCategory.options, random.integer(1, 3)),
      ...(number === 1 ? { whatMattersRef: `${journey.caseId}-WM` } : {}),
    });
    journey.contactsHeld += 1;
    if (number === 1) {
      const lonely = journey.needs.includes("loneliness") || journey.needs.includes("social_isolation");
      journey.instruments = [
        "ONS4",
        ...(random.chance(0.5) ? (["WEMWBS"] as const) : []),
        ...(lonely || random.chance(0.25) ? (["UCLA3"] as const) : []),
      ];
      for (const instrument of journey.instruments) {
        log.forCase(journey, at, by, {
          type: "AssessWellbeing",
          instrument,
          timepoint: "baseline",
          items: instrumentAnswers(instrument, journey.wellbeing.level, random),
        });
      }
      if (journey.secondConversation) {
        this.#next(journey, workingMoment(at + days(random.integer(7, 14)), random), { kind: "conversation", number: 2 });
        return;
      }
    }
    this.#agreePlan(journey, at);
  }

  /** The referral's reasons, plus needs the conversation brings out. */
  #needsFound(journey: CaseJourney): NeedCategory[] {
    const { random, needs } = this.#context;
    const found = [...journey.reasons];
    for (const reason of journey.reasons) {
      const companion = needsOftenFoundTogether[reason];
      if (companion !== undefined && random.chance(0.35)) found.push(companion);
    }
    if (random.chance(0.15)) found.push(needs.draw(random));
    return [...new Set(found)].slice(0, 16);
  }

  #agreePlan(journey: CaseJourney, at: number): void {
    const { random, log, settings } = this.#context;
    const { journeys } = settings;
    const by = this.#by(journey);
    const goalCount = Math.min(random.integer(journeys.goalsPerPlan.min, journeys.goalsPerPlan.max), journey.needs.length);
    journey.goals = journey.needs.slice(0, goalCount).map((need, index) => ({ goalId: `G${index + 1}`, need }));
    log.forCase(journey, at, by, { type: "AgreePlan", goals: journey.goals });
    if (journey.consentToShare) log.forCase(journey, at, by, { type: "SendFeedbackToReferrer" });

    const connectionCount = random.integer(journeys.connectionsPerPlan.min, journeys.connectionsPerPlan.max);
    const targets = Array.from({ length: connectionCount }, (_, index) => journey.goals[index % journey.goals.length]!);
    if (targets.length > 0)
      this.#next(journey, workingMoment(at + days(random.integer(1, 7)), random), { kind: "connect", goals: targets });

    // Sessions left after the conversations, spaced to finish inside the episode.
    const available = journey.episodeEndsAt - at - days(3);
    let followUps = journey.contactsPlanned - journey.contactsHeld;
    let spacing = followUps > 0 ? Math.min(days(random.integer(10, 21)), Math.floor(available / followUps / DAY_MS) * DAY_MS) : 0;
    if (followUps > 0 && spacing < DAY_MS) {
      followUps = Math.max(0, Math.floor(available / DAY_MS));
      spacing = DAY_MS;
    }
    journey.followUps = followUps;
    journey.followUpSpacing = spacing;
    journey.disengageAt = journey.disengages && followUps > 0 ? random.integer(1, followUps) : null;
    journey.revisionAt = followUps >= 3 && random.chance(0.12) ? Math.ceil(followUps / 2) : null;
    if (followUps > 0) this.#scheduleFollowUp(journey, 1, at);
    else this.#next(journey, workingMoment(at + days(random.integer(21, 35)), random), { kind: "conclude", reason: null });
  }

  #scheduleFollowUp(journey: CaseJourney, number: number, at: number): void {
    const { random, log } = this.#context;
    const due = at + journey.followUpSpacing;
    log.forCase(journey, at, this.#by(journey), { type: "ScheduleFollowUp", followUpId: `F${number}`, dueOn: dateOf(due) });
    this.#next(journey, workingMoment(due, random), { kind: "follow-up", number });
  }

  #followUp(journey: CaseJourney, number: number, at: number): void {
    const { random, log } = this.#context;
    const by = this.#by(journey);
    const lifeEvent = random.uniform();
    if (lifeEvent < 0.012) return this.#close(journey, lifeEvent < 0.003 ? "died" : "moved_away", at);
    if (journey.disengageAt === number) return this.#chase(journey, 1, at);
    log.forCase(journey, at, by, { type: "CompleteFollowUp", followUpId: `F${number}`, mode: followUpModes.draw(random) });
    journey.contactsHeld += 1;
    if (number === journey.revisionAt) this.#revisePlan(journey, at);
    if (number === Math.ceil(journey.followUps / 2) && random.chance(0.5)) {
      const goal = random.pick(journey.goals);
      log.forCase(journey, at, by, { type: "RecordGoalProgress", goalId: goal.goalId, progress: "some_progress" });
      journey.progress.set(goal.goalId, "some_progress");
    }
    if (number < journey.followUps) return this.#scheduleFollowUp(journey, number + 1, at);
    if (journey.lingers) this.#next(journey, journey.episodeEndsAt, { kind: "conclude", reason: "episode_length_reached" });
    else this.#conclude(journey, null, at);
  }

  /** A goal the first plan left out (or a new need) joins the plan, and the worker connects it. */
  #revisePlan(journey: CaseJourney, at: number): void {
    const { random, log, needs } = this.#context;
    if (journey.goals.length >= 20) return;
    const planned = new Set(journey.goals.map((goal) => goal.need));
    const need = journey.needs.find((candidate) => !planned.has(candidate)) ?? needs.draw(random);
    if (planned.has(need)) return;
    const goal: Goal = { goalId: `G${journey.goals.length + 1}`, need };
    journey.goals = [...journey.goals, goal];
    log.forCase(journey, at, this.#by(journey), { type: "RevisePlan", goals: journey.goals });
    this.#next(journey, workingMoment(at + days(random.integer(1, 5)), random), { kind: "connect", goals: [goal] });
  }

  /** A person who stops answering: unanswered attempts (within the scheme's limit), then closure as disengaged. */
  #chase(journey: CaseJourney, attempt: number, at: number): void {
    const { random, log, policy } = this.#context;
    log.forCase(journey, at, this.#by(journey), { type: "RecordContactAttempt", channel: attemptChannels.draw(random), reached: false });
    if (attempt < Math.min(2, policy.contactAttemptsBeforeUnreachable)) {
      this.#next(journey, workingMoment(at + days(random.integer(3, 6)), random), { kind: "chase", attempt: attempt + 1 });
    } else {
      this.#next(journey, workingMoment(at + days(random.integer(3, 7)), random), { kind: "close", reason: "disengaged" });
    }
  }

  #connect(journey: CaseJourney, goals: readonly Goal[], at: number): void {
    const { random, log } = this.#context;
    const by = this.#by(journey);
    const month = monthNumberOf(at);
    for (const goal of goals) {
      const candidates = providersOf(journey.pcn, supportForNeed[goal.need] ?? ["advice_information"]);
      if (candidates.length === 0) {
        if (!journey.noProvisionRecorded.has(goal.need)) {
          log.forCase(journey, at, by, { type: "RecordUnmetNeed", need: goal.need, reason: "no_provision" });
          journey.noProvisionRecorded.add(goal.need);
        }
        continue;
      }
      if (random.chance(0.05)) {
        log.forCase(journey, at, by, { type: "RecordUnmetNeed", need: goal.need, reason: random.pick(barriers) });
        continue;
      }
      const usedForGoal = new Set(
        journey.connections.filter((connection) => connection.goalId === goal.goalId).map((connection) => connection.provider),
      );
      const fresh = candidates.filter((provider) => !usedForGoal.has(provider));
      const pool = fresh.length > 0 ? fresh : candidates;
      const open = pool.filter((provider) => hasPlace(provider, month));
      if (open.length > 0) {
        const provider = random.pick(open);
        takePlace(provider, month);
        const connection = this.#makeConnection(journey, goal, provider, connectionModes.draw(random), at);
        this.#next(journey, workingMoment(at + days(random.integer(14, 35)), random), {
          kind: "connection-outcome",
          connection,
          phase: "first",
        });
        continue;
      }
      // Every suitable provider is full this month.
      const provider = random.pick(pool);
      if (random.chance(0.5)) {
        const connection = this.#makeConnection(journey, goal, provider, "referred", at);
        log.forCase(journey, at, by, { type: "RecordConnectionOutcome", connectionId: connection.connectionId, outcome: "waiting_list" });
        connection.outcome = "waiting_list";
        this.#providerReports(journey, connection, at, "waitlisted");
        log.forCase(journey, at, by, { type: "RecordUnmetNeed", need: goal.need, reason: "waiting_list", providerId: provider.id });
        this.#next(journey, workingMoment(at + days(random.integer(30, 60)), random), {
          kind: "connection-outcome",
          connection,
          phase: "waiting",
        });
      } else {
        log.forCase(journey, at, by, { type: "RecordUnmetNeed", need: goal.need, reason: "provider_full", providerId: provider.id });
      }
    }
  }

  #makeConnection(
    journey: CaseJourney,
    goal: Goal,
    provider: CommunityProvider,
    mode: "signposted" | "referred" | "accompanied",
    at: number,
  ): JourneyConnection {
    const { directory, settings } = this.#context;
    const connection: JourneyConnection = {
      connectionId: `C${journey.connections.length + 1}`,
      goalId: goal.goalId,
      provider,
      outcome: null,
      closedLoop: mode !== "signposted" && provider.directReferral && directory.chance(settings.providers.closedLoopShare),
    };
    journey.connections.push(connection);
    this.#context.log.forCase(journey, at, this.#by(journey), {
      type: "MakeConnection",
      connectionId: connection.connectionId,
      goalId: goal.goalId,
      providerId: provider.id,
      activity: provider.activity,
      mode,
    });
    if (directory.chance(settings.providers.activitySpendShare)) {
      this.#context.log.forCaseFromDirectory(journey, at, this.#by(journey), {
        type: "RecordActivityBudgetSpend",
        goalId: goal.goalId,
        connectionId: connection.connectionId,
        amountPence: directory.integer(5, 60) * 100,
      });
    }
    return connection;
  }

  /** What the provider reports on a closed-loop connection, in order, as it happens. */
  #providerReports(journey: CaseJourney, connection: JourneyConnection, at: number, ...updates: ProviderUpdate[]): void {
    if (!connection.closedLoop) return;
    for (const update of updates) {
      this.#context.log.forCaseFromDirectory(journey, at, connection.provider.id, {
        type: "RecordProviderUpdate",
        connectionId: connection.connectionId,
        update,
        ...(update === "declined" ? { reason: "at_capacity" as const } : {}),
      });
    }
  }

  #connectionOutcome(journey: CaseJourney, connection: JourneyConnection, phase: "first" | "waiting" | "settled", at: number): void {
    const { random, settings } = this.#context;
    const { journeys } = settings;
    let outcome: ConnectionOutcome;
    switch (phase) {
      case "first": {
        const draw = random.uniform();
        outcome =
          draw < journeys.connectionDidNotAttendRate
            ? "did_not_attend"
            : draw < journeys.connectionDidNotAttendRate + journeys.connectionDropOutRate
              ? "dropped_out"
              : "attended";
        break;
      }
      case "waiting": {
        // A place frees up for about half of those waiting, if the provider has one this month.
        const month = monthNumberOf(at);
        if (!random.chance(0.5) || !hasPlace(connection.provider, month)) {
          // Still no place: some providers then decline the referral rather than keep the person waiting.
          if (this.#context.directory.chance(0.5)) this.#providerReports(journey, connection, at, "declined");
          return;
        }
        takePlace(connection.provider, month);
        outcome = "attended";
        break;
      }
      case "settled":
        outcome = random.chance(0.6) ? "ongoing" : "completed";
        break;
    }
    this.#context.log.forCase(journey, at, this.#by(journey), {
      type: "RecordConnectionOutcome",
      connectionId: connection.connectionId,
      outcome,
    });
    connection.outcome = outcome;
    switch (outcome) {
      case "attended":
        this.#providerReports(journey, connection, at, "accepted", "attended");
        break;
      case "did_not_attend":
        this.#providerReports(journey, connection, at, "accepted", "did_not_attend");
        break;
      case "dropped_out":
        this.#providerReports(journey, connection, at, "accepted", "attended", "finished");
        break;
      case "completed":
        this.#providerReports(journey, connection, at, "finished");
        break;
      default:
        break;
    }
    if (outcome === "attended") {
      this.#next(journey, workingMoment(at + days(random.integer(28, 56)), random), {
        kind: "connection-outcome",
        connection,
        phase: "settled",
      });
    }
  }

  /** The closing review: follow-up measures, how each goal went, and the closure. */
  #conclude(journey: CaseJourney, reason: ClosureReason | null, at: number): void {
    const { random, log } = this.#context;
    const by = this.#by(journey);
    for (const instrument of journey.instruments) {
      log.forCase(journey, at, by, {
        type: "AssessWellbeing",
        instrument,
        timepoint: "follow_up",
        items: instrumentAnswers(instrument, journey.wellbeing.level + journey.wellbeing.improvement, random),
      });
    }
    const supported = new Set(
      journey.connections
        .filter((connection) => connection.outcome === "attended" || connection.outcome === "ongoing" || connection.outcome === "completed")
        .map((connection) => connection.goalId),
    );
    let achieved = 0;
    for (const goal of journey.goals) {
      const progress: GoalProgress = supported.has(goal.goalId) && random.chance(0.3) ? "achieved" : finalProgress.draw(random);
      log.forCase(journey, at, by, { type: "RecordGoalProgress", goalId: goal.goalId, progress });
      journey.progress.set(goal.goalId, progress);
      if (progress === "achieved") achieved += 1;
    }
    const closure: ClosureReason =
      reason ??
      (achieved * 2 >= journey.goals.length && achieved > 0
        ? "goals_met"
        : supported.size > 0
          ? "connected_to_support"
          : random.chance(0.5)
            ? "referred_elsewhere"
            : "other");
    this.#close(journey, closure, at);
  }

  #close(journey: CaseJourney, reason: ClosureReason, at: number): void {
    this.#context.log.forCase(journey, at, this.#by(journey), { type: "CloseCase", reason });
    this.#finish(journey);
  }
}

/** A referral as drawn, before it becomes a command. */
export interface ReferralBody {
  readonly pcnId: string;
  readonly practiceId: string;
  readonly source: ReferralSource;
  readonly referrerId?: string;
  readonly reasons: NeedCategory[];
  readonly consent: { readonly contact: boolean; readonly shareOutcomeWithReferrer: boolean; readonly evaluation: boolean };
}

/** Who records intake and admin in a PCN: its referral hub. */
export function intake(pcn: SimulatedPcn): string {
  return `${pcn.id}-hub`;
}
