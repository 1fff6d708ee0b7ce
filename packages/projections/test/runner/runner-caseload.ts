import * as E from "fp-ts/lib/Either.js";
import { DAY_MS, eventIdFor, linkwork, type EventStore } from "@linkwork/core";
import { gpRecordEntryId } from "@linkwork/core/gp-record";
import {
  ClosureReason,
  ConnectionOutcome,
  ContactChannel,
  ConversationMode,
  DeclineReason,
  HealthcareSetting,
  NationalNeed,
  NationalSupport,
  ReferralSource,
} from "@linkwork/core/vocabulary";
import { createSeededRandom, type SeededRandom } from "../../src/statistics/seeded-random.js";

/**
 * A simulated caseload: `people` people, each referred once per round, whose cases walk some way
 * along the social prescribing path (referral, contact, conversation, wellbeing, plan, connection,
 * follow-up, closure) and then end, with healthcare usage and reference data around them. A GP
 * record drain acknowledges each case's new entries every fourth step (12 days), the last after
 * the round's closures, so every case ends with its entries sent, as a service draining its
 * outbox does. Deterministic for a seed. More rounds over the same people give a longer history of
 * the same population, which is what the bench's memory comparison needs.
 */
export interface CaseloadPlan {
  readonly people: number;
  readonly rounds: number;
  readonly seed: number;
  readonly pcns?: number;
}
// Early enough that the bench's 50 rounds (200 days each, about 27 years) end before today: a reader
// refuses an event dated after its clock (OCCURRED_IN_FUTURE), and after 1948-07-05 (docs/events.md).
const start = Date.parse("1995-01-02T09:00:00Z");

function instant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function pick<T>(random: SeededRandom, options: readonly T[]): T {
  return options[random.index(options.length)]!;
}

/** A valid UUID (v4 layout) from a counter, so command ids are reproducible. */
function uuid(counter: number): string {
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

/** Steps after which the drain acknowledges what the cases' events since the last drain caused. */
const DRAIN_EVERY_STEPS = 4;

/**
 * The GP record entry id of the event a command causes at `index` (the handler's own derivation:
 * event ids from the command id, entry ids from the case and event ids).
 */
function entryIdOf(caseId: string, command: { readonly commandId: string; readonly occurredAt: string }, index: number): string {
  return gpRecordEntryId(caseId, eventIdFor(command.commandId, index, command.occurredAt));
}

/** The commands of a caseload, in the order they are handled: rounds, then steps, then people, so streams interleave. */
export function caseloadCommands(plan: CaseloadPlan): Record<string, unknown>[] {
  const random = createSeededRandom(plan.seed);
  const pcns = plan.pcns ?? Math.max(1, Math.ceil(plan.people / 50));
  const commands: Record<string, unknown>[] = [];
  let counter = 0;
  const common = (ms: number) => ({ commandId: uuid(++counter), occurredAt: instant(ms), recordedBy: "worker-admin" });

  for (let pcn = 0; pcn < pcns; pcn++) {
    commands.push({
      type: "RecordPcnListSize",
      pcnId: `U${String(pcn).padStart(5, "0")}`,
      ...common(start),
      registeredPatients: 30_000 + random.integer(0, 40_000),
    });
    for (let worker = 0; worker < 2; worker++) {
      commands.push({
        type: "RegisterLinkWorker",
        linkWorkerId: `lw_p${pcn}w${worker}`,
        ...common(start),
        pcnId: `U${String(pcn).padStart(5, "0")}`,
        fte: random.integer(10, 20) / 20,
      });
    }
  }

  for (let round = 0; round < plan.rounds; round++) {
    const roundStart = start + round * 200 * DAY_MS;
    const rejected = Array.from({ length: plan.people }, () => random.integer(0, 9) === 0);
    // How far each person's case goes this round: 1 (referral only) to 12 (closed after a follow-up);
    // a rejected one stops at 2. A case stopping short ends at its next step (declined before a
    // conversation, closed after one), so a person holds one open case at a time, as in a real scheme.
    const depth = rejected.map((isRejected) => (isRejected ? 2 : random.integer(1, 12)));
    const shares: boolean[] = [];
    // Each person's entries not yet acknowledged (their case of this round).
    const pending: string[][] = Array.from({ length: plan.people }, () => []);
    for (let step = 0; step < 12; step++) {
      for (let person = 0; person < plan.people; person++) {
        if (step > depth[person]! || (step === depth[person] && rejected[person])) continue;
        const pcn = person % pcns;
        const caseId = `case_p${person}r${round}`;
        const at = roundStart + step * 3 * DAY_MS + person * 60_000;
        const base = { caseId, ...common(at) };
        if (step === depth[person]) {
          commands.push(
            step <= 3
              ? { type: "DeclineSocialPrescribing", ...base, reason: pick(random, DeclineReason.options) }
              : { type: "CloseCase", ...base, reason: pick(random, ["unreachable", "disengaged", "moved_away"] as const) },
          );
          // The decline or closure is an entry, after the referrer's feedback when they may have it (case/decide.ts).
          pending[person]!.push(entryIdOf(caseId, base, shares[person] === true ? 1 : 0));
          continue;
        }
        const need = pick(random, NationalNeed.options);
        switch (step) {
          case 0: {
            const referral = {
              type: "ReceiveReferral",
              ...base,
              personId: `person_p${person}`,
              pcnId: `U${String(pcn).padStart(5, "0")}`,
              practiceId: `P${String(pcn).padStart(3, "0")}0${person % 3}`,
              source: pick(random, ReferralSource.options),
              referrerId: `ref_r${person % 7}`,
              reasons: [need],
              consent: { contact: true, shareOutcomeWithReferrer: random.integer(0, 1) === 1 },
            };
            shares[person] = referral.consent.shareOutcomeWithReferrer;
            commands.push(referral);
            commands.push({
              type: "RecordHealthcareUsage",
              personId: `person_p${person}`,
              ...common(at),
              setting: pick(random, HealthcareSetting.options),
              periodStart: date(roundStart - 90 * DAY_MS),
              periodEnd: date(roundStart - DAY_MS),
              count: random.integer(0, 6),
            });
            break;
          }
          case 1:
            commands.push(
              rejected[person]
                ? { type: "RejectReferral", ...base, reason: "outside_area" }
                : { type: "AcceptReferral", ...base, linkWorkerId: `lw_p${pcn}w${person % 2}` },
            );
            break;
          case 2:
            commands.push({ type: "RecordContactAttempt", ...base, channel: pick(random, ContactChannel.options), reached: true });
            break;
          case 3:
            commands.push({
              type: "HoldConversation",
              ...base,
              mode: pick(random, ConversationMode.options),
              minutes: random.integer(20, 90),
              needs: [need],
            });
            break;
          case 4:
            commands.push({
              type: "AssessWellbeing",
              ...base,
              instrument: "ONS4",
              timepoint: "baseline",
              items: [0, 0, 0, 0].map(() => random.integer(0, 10)),
            });
            break;
          case 5:
            commands.push({ type: "AgreePlan", ...base, goals: [{ goalId: "g1", need }] });
            break;
          case 6:
            commands.push({
              type: "MakeConnection",
              ...base,
              connectionId: "k1",
              goalId: "g1",
              providerId: `prov_p${random.integer(0, 20)}`,
              activity: pick(random, NationalSupport.options),
              mode: "referred",
            });
            break;
          case 7:
            commands.push({
              type: "RecordConnectionOutcome",
              ...base,
              connectionId: "k1",
              outcome: pick(random, ConnectionOutcome.options),
            });
            break;
          case 8:
            commands.push({ type: "ScheduleFollowUp", ...base, followUpId: "f1" });
            break;
          case 9:
            commands.push({ type: "CompleteFollowUp", ...base, followUpId: "f1", mode: pick(random, ConversationMode.options) });
            break;
          case 10:
            commands.push({
              type: "AssessWellbeing",
              ...base,
              instrument: "ONS4",
              timepoint: "follow_up",
              items: [0, 0, 0, 0].map(() => random.integer(0, 10)),
            });
            break;
          case 11:
            commands.push({ type: "CloseCase", ...base, reason: pick(random, ClosureReason.options) });
            break;
        }
        // The entry the step's command causes, if any: its first event, or after the referrer's feedback for a closure (case/decide.ts).
        if ((step === 1 && !rejected[person]) || step === 3 || step === 4 || step === 6 || step === 10) {
          pending[person]!.push(entryIdOf(caseId, base, 0));
        } else if (step === 11) {
          pending[person]!.push(entryIdOf(caseId, base, shares[person] === true ? 1 : 0));
        }
      }
      if (step % DRAIN_EVERY_STEPS !== DRAIN_EVERY_STEPS - 1) continue;
      // The drain: an hour after each person's step, one acknowledgement of what their case caused since the last.
      for (let person = 0; person < plan.people; person++) {
        const entryIds = pending[person]!;
        if (entryIds.length === 0) continue;
        const at = roundStart + step * 3 * DAY_MS + person * 60_000 + 3_600_000;
        commands.push({
          type: "AcknowledgeGpRecordEntries",
          caseId: `case_p${person}r${round}`,
          ...common(at),
          recordedBy: "gp-sync",
          entryIds,
        });
        pending[person] = [];
      }
    }
  }
  return commands;
}

/**
 * Handles a caseload's commands through `linkwork(store)`. The plan only issues commands the decider
 * accepts, so `refused` is 0 unless the domain's rules change (tests check it).
 */
export async function recordCaseload(
  store: EventStore,
  plan: CaseloadPlan,
): Promise<{ readonly handled: number; readonly refused: number }> {
  // Fifty rounds end in 2022; the clock check stays off so a plan of more rounds still records.
  const app = linkwork(store, { maxClockSkewMs: Number.POSITIVE_INFINITY });
  let handled = 0;
  let refused = 0;
  for (const command of caseloadCommands(plan)) {
    const result = await app.handle(command);
    if (E.isLeft(result)) refused += 1;
    else handled += 1;
  }
  return { handled, refused };
}
