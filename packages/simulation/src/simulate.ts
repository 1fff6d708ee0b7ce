import * as E from "fp-ts/lib/Either.js";
import { caseStream, linkwork, personStream, writeFileAtomically, type EventStore, type SchemePolicy } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import type { PersonTruth } from "./healthcare-usage-model.js";
import { NetworkSimulation, type SimulatedPersonRecord } from "./network-simulation.js";
import { DAY_MS } from "@linkwork/core";
import { dateOf } from "./simulation-calendar.js";
import type { SimulationCommand } from "./simulation-command.js";
import { commandRefused, invalidSettings, type SimulationError } from "./simulation-error.js";
import { simulationPolicy, simulationSettings, type SimulationSettings, type SimulationSettingsInput } from "./simulation-settings.js";
import { SummaryTally, type SimulationSummary } from "./simulation-summary.js";
import { lineChannel } from "./line-channel.js";
import { streamingHistory } from "./streaming-history.js";

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
  /** Called with each referred person's equity fields, as a person register would hold them (never in the history). */
  readonly onPerson?: (person: SimulatedPersonRecord) => void;
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
  return run(
    ready.right.settings,
    ready.right.policy,
    options.store ?? memoryEventStore(),
    options.onProgress,
    undefined,
    undefined,
    options.onPerson,
  );
}

/** Where `simulateHistoryFile` writes, and what it reports as it goes. */
export interface SimulateFileOptions {
  /** Called as each simulated day is done, and once at the end. */
  readonly onProgress?: (progress: SimulationProgress) => void;
  /**
   * Streams the command handler keeps folded. Default: every stream the run can write (with room to
   * spare), so no stream is read back and the history holds only each open stream's version. Given,
   * the history holds each open stream's lines, and a stream the cache lets go is read back from them.
   */
  readonly cacheSize?: number;
  /** Called with each referred person's equity fields, as a person register would hold them (never in the history). */
  readonly onPerson?: (person: SimulatedPersonRecord) => void;
  /**
   * Keep every person's ground truth for the summary's `trueEffect.people` (default true). False
   * leaves it empty, the figures folded as people are drawn, so memory does not grow with the
   * people of the run (a national year has about 1.4 million).
   */
  readonly keepTruth?: boolean;
}

/** Why a history file could not be simulated: the simulation's error, or the file's. */
export type SimulateFileError = SimulationError | { readonly code: "WRITE_FAILED"; readonly message: string };

/**
 * Runs the simulation and writes its history file as it goes (streaming-history.ts): the same bytes
 * as `simulate` into a store followed by `writeHistoryFile`, with memory that follows what is open
 * (open cases, people whose usage is still being recorded) rather than the history, so a national
 * year fits. The file appears whole or not at all (written atomically, as exports are).
 */
export async function simulateHistoryFile(
  input: SimulationSettingsInput,
  path: string,
  options: SimulateFileOptions = {},
): Promise<E.Either<SimulateFileError, SimulationSummary & { readonly peakHeldEvents: number }>> {
  const ready = prepared(input);
  if (E.isLeft(ready)) return ready;
  const { settings, policy } = ready.right;
  const history = streamingHistory({ rereadable: options.cacheSize !== undefined });
  const usageRecords = 2 * settings.usage.windowMonths + 1;
  const recorded = new Map<string, number>();
  const file = lineChannel();
  const written = writeFileAtomically(path, file).then(
    () => null,
    (thrown: unknown) => {
      file.abandon();
      return thrown instanceof Error ? thrown.message : String(thrown);
    },
  );
  let peakHeldEvents = 0;
  // A stream the run is done with is let go, by the history and the handler's cache: a case once it
  // ends with its GP record entries acknowledged (its last command), a person after their last usage record.
  const afterCommand = async (command: SimulationCommand, last: boolean, release: (streamId: string) => void): Promise<void> => {
    const done = (streamId: string) => {
      history.forget(streamId);
      release(streamId);
    };
    peakHeldEvents = Math.max(peakHeldEvents, history.heldEvents);
    if (last && "caseId" in command) done(caseStream(command.caseId));
    if (command.type === "RecordHealthcareUsage") {
      const count = (recorded.get(command.personId) ?? 0) + 1;
      if (count >= usageRecords) {
        recorded.delete(command.personId);
        done(personStream(command.personId));
      } else recorded.set(command.personId, count);
    }
    if (history.pendingLines >= LINES_PER_CHUNK) await file.put(history.takeLines());
  };
  let outcome: E.Either<SimulationError, SimulationSummary>;
  try {
    outcome = await run(
      settings,
      policy,
      history.store,
      options.onProgress,
      afterCommand,
      options.cacheSize,
      options.onPerson,
      options.keepTruth,
    );
  } catch (thrown) {
    // Only the file's channel throws here: its writer failed.
    file.fail(thrown);
    return E.left({ code: "WRITE_FAILED", message: (await written) ?? String(thrown) });
  }
  if (E.isLeft(outcome)) {
    // No file for a run that stopped: the atomic write is abandoned.
    file.fail(new Error(outcome.left.message));
    await written;
    return outcome;
  }
  await file.put(history.takeLines());
  file.close();
  const failure = await written;
  if (failure !== null) return E.left({ code: "WRITE_FAILED", message: failure });
  return E.right({ ...outcome.right, peakHeldEvents });
}

const LINES_PER_CHUNK = 4096;

/**
 * The run itself, command by command into `store`; `afterCommand` sees each command, whether it is its case's last, with
 * the handler's `release` for streams the run is done with.
 */
async function run(
  settings: SimulationSettings,
  policy: SchemePolicy,
  store: EventStore,
  onProgress: ((progress: SimulationProgress) => void) | undefined,
  afterCommand?: (command: SimulationCommand, last: boolean, release: (streamId: string) => void) => Promise<void>,
  cacheSize?: number,
  onPerson?: (person: SimulatedPersonRecord) => void,
  keepTruth = true,
): Promise<E.Either<SimulationError, SimulationSummary>> {
  const simulation = new NetworkSimulation(settings, policy, onPerson, keepTruth);
  // By default a cache for every stream of the run, so no command re-reads its stream (the cache
  // holds each stream's state and command ids, not its events).
  // Simulated time is not the wall clock: a run may go years past today, so no skew check.
  const handler = linkwork(store, { policy, cacheSize: cacheSize ?? simulation.streamBound, maxClockSkewMs: Number.POSITIVE_INFINITY });
  const tally = new SummaryTally();
  const days = simulation.days;
  let day = 0;
  for (const { at, command, last } of simulation.run()) {
    const handled = await handler.handle(command);
    if (E.isLeft(handled)) return E.left(commandRefused(tally.commands, command, handled.left));
    tally.commands += 1;
    // A command already in the store (same id) writes nothing: count only what this run wrote.
    if (!handled.right.duplicate) for (const event of handled.right.events) tally.count(event);
    if (afterCommand !== undefined) await afterCommand(command, last === true, (streamId) => handler.release(streamId));
    if (onProgress !== undefined) {
      const today = Math.floor((at - simulation.startsAt) / DAY_MS);
      if (today > day) {
        day = today;
        onProgress({ day, days, commands: tally.commands });
      }
    }
  }
  onProgress?.({ day: days, days, commands: tally.commands });
  const truth = simulation.truthTally;
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
    people: truth.referred,
    comparisonPeople: tally.comparisonPeople,
    usageRecords: tally.usageRecords,
    trueEffect: truth.summary(settings.usage.trueEffectPerYear, simulation.truth),
  });
}

/** A run's commands without handling them: the deterministic command list and the truth behind it. */
export interface GeneratedSimulation {
  readonly settings: SimulationSettings;
  readonly policy: SchemePolicy;
  readonly commands: readonly SimulationCommand[];
  readonly truth: readonly PersonTruth[];
  /** Each referred person's equity fields, in referral order (what a person register would hold). */
  readonly people: readonly SimulatedPersonRecord[];
}

/**
 * The commands a run issues, in order, without a store. Handing them one by one to
 * `linkwork(store, { policy })` writes the same history `simulate` does.
 */
export function generateCommands(input: SimulationSettingsInput): E.Either<SimulationError, GeneratedSimulation> {
  const ready = prepared(input);
  if (E.isLeft(ready)) return ready;
  const { settings, policy } = ready.right;
  const people: SimulatedPersonRecord[] = [];
  const simulation = new NetworkSimulation(settings, policy, (person) => people.push(person));
  const commands: SimulationCommand[] = [];
  for (const { command } of simulation.run()) commands.push(command);
  return E.right({ settings, policy, commands, truth: simulation.truth, people });
}
