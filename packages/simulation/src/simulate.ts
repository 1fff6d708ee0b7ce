import * as E from "fp-ts/lib/Either.js";
import { linkwork, type EventStore, type SchemePolicy } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import type { PersonTruth } from "./healthcare-usage-model.js";
import { NetworkSimulation } from "./network-simulation.js";
import { DAY_MS } from "@linkwork/core";
import { dateOf } from "./simulation-calendar.js";
import type { SimulationCommand } from "./simulation-command.js";
import { commandRefused, invalidSettings, type SimulationError } from "./simulation-error.js";
import { simulationPolicy, simulationSettings, type SimulationSettings, type SimulationSettingsInput } from "./simulation-settings.js";
import { SummaryTally, trueEffectSummary, type SimulationSummary } from "./simulation-summary.js";

export interface SimulationProgress {
  /** Days of simulated time done. */
  readonly day: number;
  readonly days: number;
  /** Commands handled so far. */
  readonly commands: number;
}

export interface SimulateOptions {
  /** Where the history goes; default a new in-memory store. */
  readonly store?: EventStore;
  /** Called as each simulated day is done, and once at the end. */
  readonly onProgress?: (progress: SimulationProgress) => void;
}

/** Settings validated, with the policy the run's commands are decided under. */
function prepared(input: SimulationSettingsInput): E.Either<SimulationError, { settings: SimulationSettings; policy: SchemePolicy }> {
  const settings = simulationSettings(input);
  if (E.isLeft(settings)) return E.left(invalidSettings(settings.left));
  const policy = simulationPolicy(settings.right);
  return E.isLeft(policy) ? E.left(invalidSettings(policy.left)) : E.right({ settings: settings.right, policy: policy.right });
}

/**
 * Runs the simulation through the real command handler (`linkwork(store, { policy })`), command by
 * command in simulated-time order, and counts what was written. Any refusal stops the run with
 * COMMAND_REFUSED naming the command: the simulator only issues commands the rules allow.
 */
export async function simulate(
  input: SimulationSettingsInput,
  options: SimulateOptions = {},
): Promise<E.Either<SimulationError, SimulationSummary>> {
  const ready = prepared(input);
  if (E.isLeft(ready)) return ready;
  const { settings, policy } = ready.right;
  const store = options.store ?? memoryEventStore();
  const simulation = new NetworkSimulation(settings, policy);
  // A cache large enough for every stream of a typical run, so no command re-reads its stream.
  // Simulated time is not the wall clock: a run may go years past today, so no skew check.
  const handler = linkwork(store, { policy, cacheSize: 200_000, maxClockSkewMs: Number.POSITIVE_INFINITY });
  const tally = new SummaryTally();
  const days = simulation.days;
  const onProgress = options.onProgress;
  let day = 0;
  for (const { at, command } of simulation.run()) {
    const handled = await handler.handle(command);
    if (E.isLeft(handled)) return E.left(commandRefused(tally.commands, command, handled.left));
    tally.commands += 1;
    // A command already in the store (same id) writes nothing: count only what this run wrote.
    if (!handled.right.duplicate) for (const event of handled.right.events) tally.count(event);
    if (onProgress !== undefined) {
      const today = Math.floor((at - simulation.startsAt) / DAY_MS);
      if (today > day) {
        day = today;
        onProgress({ day, days, commands: tally.commands });
      }
    }
  }
  onProgress?.({ day: days, days, commands: tally.commands });
  const truth = simulation.truth;
  return E.right({
    seed: settings.seed,
    scheme: settings.scheme,
    startDate: settings.startDate,
    endDate: dateOf(simulation.endsAt),
    days,
    commands: tally.commands,
    events: tally.events,
    pcns: settings.pcns,
    referrals: tally.referrals,
    accepted: tally.accepted,
    rejected: tally.rejected,
    declined: tally.declined,
    closed: tally.closed,
    openAtEnd: tally.referrals - tally.rejected - tally.declined - tally.closedTotal(),
    sources: tally.sources,
    connections: tally.connections,
    unmetNeeds: tally.unmetNeeds,
    feedbackToReferrers: tally.feedbackToReferrers,
    linkWorkers: { joined: tally.joined, left: tally.left, reassignments: tally.reassignments },
    people: truth.filter((person) => person.role === "referred").length,
    comparisonPeople: tally.comparisonPeople,
    usageRecords: tally.usageRecords,
    trueEffect: trueEffectSummary(settings.usage.trueEffectPerYear, settings.usage.windowMonths, truth),
  });
}

/** A run's commands without handling them: the deterministic command list and the truth behind it. */
export interface GeneratedSimulation {
  readonly settings: SimulationSettings;
  readonly policy: SchemePolicy;
  readonly commands: readonly SimulationCommand[];
  readonly truth: readonly PersonTruth[];
}

/**
 * The commands a run issues, in order, without a store. Handing them one by one to
 * `linkwork(store, { policy })` writes the same history `simulate` does.
 */
export function generateCommands(input: SimulationSettingsInput): E.Either<SimulationError, GeneratedSimulation> {
  const ready = prepared(input);
  if (E.isLeft(ready)) return ready;
  const { settings, policy } = ready.right;
  const simulation = new NetworkSimulation(settings, policy);
  const commands: SimulationCommand[] = [];
  for (const { command } of simulation.run()) commands.push(command);
  return E.right({ settings, policy, commands, truth: simulation.truth });
}
