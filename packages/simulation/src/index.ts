// The public API of @linkwork/simulation, one named export at a time (docs/simulation.md).

// Running a simulation
export {
  /** Runs the simulation through the real command handler into a store and counts what was written. */
  simulate,
  /** Runs the simulation and writes its history file as it goes, in memory that follows the open cases. */
  simulateHistoryFile,
  /** The commands a run issues, in order, without a store (with the policy and the truth). */
  generateCommands,
} from "./simulate.js";
export type {
  /** The store `simulate` writes to and its progress callback. */
  SimulateOptions,
  /** Where `simulateHistoryFile` writes, and what it reports as it goes. */
  SimulateFileOptions,
  /** Why a history file could not be simulated: the simulation's error, or the file's. */
  SimulateFileError,
  /** Days of simulated time done, and commands handled so far. */
  SimulationProgress,
  /** A run's commands without handling them, and the truth behind them. */
  GeneratedSimulation,
} from "./simulate.js";

// Settings
export {
  /** The zod schema of a run's settings, with their defaults. */
  SimulationSettings,
  /** The scheme simulated: "open" or "gp-only" (GPs and practice staff). */
  Scheme,
  /** Validates settings and fills in the defaults; a bad setting is VALIDATION_FAILED naming its path. */
  simulationSettings,
  /** The scheme policy a run's commands are decided under. */
  simulationPolicy,
  /** PCNs in England, the network `--scale national` simulates. */
  NATIONAL_PCNS,
} from "./simulation-settings.js";
export type {
  /** Settings as written, defaults optional. */
  SimulationSettingsInput,
} from "./simulation-settings.js";
export {
  /** The instant a run of `months` from `startDate` ends. */
  simulationEndsAt,
} from "./simulation-calendar.js";

// Results
export type {
  /** Why a run stopped: bad settings, or a refused command named with its place in the run. */
  SimulationError,
} from "./simulation-error.js";
export type {
  /** What a run wrote, counted from the accepted events, and the truth behind it. */
  SimulationSummary,
  /** The true effect: as set, as realised, and per person. */
  TrueEffectSummary,
} from "./simulation-summary.js";
export type {
  /** A command the simulator issues, exactly as handed to `linkwork(store).handle`. */
  SimulationCommand,
} from "./simulation-command.js";

// The truth an evaluation is checked against
export {
  /** Expected GP appointments in a month without the service. */
  counterfactualRate,
  /** Expected GP appointments in a month as simulated, the true effect included. */
  expectedRate,
  /** The true effect on one person over whole calendar months after the index month. */
  trueEffectOverWindow,
  /** The true effect on one person over the days after their index date. */
  trueEffectAfterIndex,
} from "./healthcare-usage-model.js";
export type {
  /** A person's usage profile and the effect it received, which an evaluator never sees. */
  PersonTruth,
  /** One person's GP use as the simulator draws it. */
  UsageProfile,
  /** The role a person plays in an evaluation. */
  UsageRole,
} from "./healthcare-usage-model.js";

// Equity
export {
  /** The true share of the list referred a year in a group of a field. */
  trueReferralRate,
  /** The decline multiplier of a group of one field. */
  declineMultiplier,
  /** Each field's share of the list by group, summing to 1. */
  listShares,
  /** The zod schema of the equity settings: list shares and relative referral and decline. */
  EquitySimulationSettings,
} from "./equity-model.js";
export type {
  /** A referred person's equity fields, as a person register would hold them. */
  SimulatedPersonRecord,
} from "./network-simulation.js";

// Referral mixes
export {
  /** An open scheme's referral routes and their weights. */
  openSourceMix,
  /** A GP-only scheme's referral routes: GPs and practice staff. */
  gpOnlySourceMix,
  /** The needs named on referrals and their weights. */
  defaultNeedsMix,
  /** The kinds of community support that can meet each need, most usual first. */
  supportForNeed,
} from "./referral-mix.js";

// A staggered start across practices, for validating the staggered estimator (docs/statistics.md)
export {
  /** Simulates a practice-by-quarter panel with a staggered start; writes no history. */
  simulateStaggeredPanel,
  /** The zod schema of the panel's settings. */
  StaggeredPanelSettings,
} from "./staggered-practice-panel.js";
export type {
  /** One practice of the panel: its start, its mean use each quarter and the truth. */
  PanelPractice,
  /** The panel's settings as written, defaults optional. */
  StaggeredPanelSettingsInput,
} from "./staggered-practice-panel.js";
