// The caseload read model: open cases per link worker and per PCN, by stage, as of an instant.
export { caseloadProjection } from "./projection.js";
export { caseloadOpenCases, caseloadByLinkWorker, caseloadByPcn } from "./queries.js";
export { CaseloadSettings } from "./settings.js";
export type { CaseloadSettingsInput } from "./settings.js";
export type { CaseloadState } from "./state.js";
export { caseloadStages } from "./reports.js";
export type {
  CaseloadStage,
  CaseloadFigures,
  CaseloadReport,
  OpenCaseRow,
  LinkWorkerCaseloadRow,
  LinkWorkerEmployment,
  PcnCaseloadRow,
} from "./reports.js";
