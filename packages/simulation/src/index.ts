// The public API of @linkwork/simulation, one named export at a time.

export { simulate, simulateHistoryFile, generateCommands } from "./simulate.js";
export type { SimulateOptions, SimulateFileOptions, SimulateFileError, SimulationProgress, GeneratedSimulation } from "./simulate.js";
export { SimulationSettings, Scheme, simulationSettings, simulationPolicy, NATIONAL_PCNS } from "./simulation-settings.js";
export type { SimulationSettingsInput } from "./simulation-settings.js";
export { simulationEndsAt } from "./simulation-calendar.js";
export type { SimulationError } from "./simulation-error.js";
export type { SimulationSummary, TrueEffectSummary } from "./simulation-summary.js";
export type { SimulationCommand } from "./simulation-command.js";
export { counterfactualRate, expectedRate, trueEffectOverWindow, trueEffectAfterIndex } from "./healthcare-usage-model.js";
export type { PersonTruth, UsageProfile, UsageRole } from "./healthcare-usage-model.js";
export { trueReferralRate, declineMultiplier, listShares, EquitySimulationSettings } from "./equity-model.js";
export type { SimulatedPersonRecord } from "./network-simulation.js";
export { openSourceMix, gpOnlySourceMix, defaultNeedsMix, supportForNeed } from "./referral-mix.js";
export { simulateStaggeredPanel, StaggeredPanelSettings } from "./staggered-practice-panel.js";
export type { PanelPractice, StaggeredPanelSettingsInput } from "./staggered-practice-panel.js";
