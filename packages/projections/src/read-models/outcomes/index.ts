// The outcomes read model: wellbeing score changes per instrument, from baseline to the latest later assessment.
export { outcomesProjection } from "./projection.js";
export { outcomesCodec } from "./snapshot.js";
export { outcomesReport } from "./queries.js";
export { OutcomesSettings, OutcomesProjectionSettings } from "./settings.js";
export type { OutcomesSettingsInput, OutcomesProjectionSettingsInput } from "./settings.js";
export type { OutcomesState } from "./state.js";
export type { OutcomesReport, InstrumentOutcomes, ScoreChange, Proportion } from "./reports.js";
export { ScoreDirection, standardScoreDirections } from "./score-direction.js";
