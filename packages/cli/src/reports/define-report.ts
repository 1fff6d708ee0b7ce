import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { AnyProjection, Projection, ProjectionRunner } from "@linkwork/projections";
import type { ChartFigure } from "../charts/svg-chart.js";
import { exactFigures, sharedFigures, sharedView, type FigureText } from "../disclosure/shared-view.js";
import { onePass } from "./one-pass-projection.js";
import { reportTitle, type ReportName } from "./report-name.js";
import type { ReportSettings } from "./report-settings.js";
import type { ReportView } from "./report-view.js";

/** Why a report could not be made: its settings were refused, or its query was. */
export interface ReportProblem {
  readonly report: ReportName;
  readonly message: string;
}

/**
 * A report once made: its read models' own output (what JSON writes), the view with exact figures
 * (the terminal table, and HTML and CSV given `--exact-counts`), and the view for sharing (HTML and
 * CSV by default: small numbers suppressed).
 */
export interface MadeReport<Name extends ReportName, Data> {
  readonly name: Name;
  readonly view: ReportView;
  readonly sharedView: ReportView;
  readonly data: Data;
}

/**
 * A made report whose shared view is worked out when first read, then kept: only CSV and HTML
 * without exact figures read it, and its secondary suppression was about 1.9 s of CPU of a 50-PCN
 * replay whose table or JSON never shows it (CPU profile of the reports of the 50-PCN year, 2026-12-05).
 */
function made<Name extends ReportName, Data>(name: Name, view: ReportView, shared: () => ReportView, data: Data): MadeReport<Name, Data> {
  let kept: ReportView | undefined;
  return {
    name,
    view,
    get sharedView() {
      return (kept ??= shared());
    },
    data,
  };
}

/**
 * One report's part in a replay: the projection the runner feeds, and how to make the report
 * from its state once the runner is done.
 */
export interface PreparedReport<Made> {
  readonly projection: AnyProjection;
  readonly finish: (runner: Pick<ProjectionRunner, "state">) => E.Either<ReportProblem, Made>;
}

/**
 * The heading of a report's notes in HTML: how to read it, or (demand reduction) which figure to
 * trust, in a box that stands out.
 */
export type NotesKind = "how-to-read" | "which-figure-to-trust";

/** A report as `defineReport` makes it: everything `buildReports` and the renderers need. */
export interface ReportDefinition<Name extends ReportName, Data> {
  readonly name: Name;
  /** `resumable`: the read model keeps its snapshot codec, for a replay whose checkpoints are kept (`--checkpoint`). */
  readonly prepare: (settings: ReportSettings, resumable?: boolean) => E.Either<ReportProblem, PreparedReport<MadeReport<Name, Data>>>;
  readonly charts: (data: Data) => readonly ChartFigure[];
  readonly notes: NotesKind;
}

/** What differs from one report to the next; `defineReport` adds the rest. */
export interface ReportSpec<Name extends ReportName, State, Data> {
  /** The read model's name: the report's name everywhere. */
  readonly name: Name;
  /** The read model, built with the report's settings (the replay runs a one-pass copy of it). */
  readonly readModel: (settings: ReportSettings) => E.Either<{ readonly message: string }, Projection<State>>;
  /** The read model's queries the report shows, as of the report's instant. */
  readonly query: (state: State, settings: ReportSettings) => E.Either<{ readonly message: string }, Data>;
  /**
   * What every format shows but the title (the name in words): description, summary, notes, tables.
   * Counts of people in the summary are written with `figures`, so a shared summary is suppressed
   * as its tables are.
   */
  readonly view: (data: Data, figures: FigureText) => Omit<ReportView, "title">;
  /** The HTML page's charts; none by default. */
  readonly charts?: (data: Data) => readonly ChartFigure[];
  readonly notes?: NotesKind;
}

/**
 * A report from what is particular to it: build its read model from the settings (a refusal is
 * the report's problem), feed it in the one shared replay, then query its state and make the view.
 */
export function defineReport<const Name extends ReportName, State, Data>(
  spec: ReportSpec<Name, State, Data>,
): ReportDefinition<Name, Data> {
  const { name } = spec;
  const title = reportTitle(name);
  const problem = (error: { readonly message: string }): ReportProblem => ({ report: name, message: error.message });
  return {
    name,
    charts: spec.charts ?? (() => []),
    notes: spec.notes ?? "how-to-read",
    prepare: (settings, resumable = false) =>
      pipe(
        spec.readModel(settings),
        E.mapLeft(problem),
        E.map((readModel) => {
          const projection = resumable ? readModel : onePass(readModel);
          return {
            projection,
            finish: (runner: Pick<ProjectionRunner, "state">) => {
              const state = runner.state(projection);
              if (state === undefined) return E.left(problem({ message: `the ${title.toLowerCase()} read model was not loaded` }));
              return pipe(
                spec.query(state, settings),
                E.mapLeft(problem),
                E.map((data) =>
                  made(
                    name,
                    { title, ...spec.view(data, exactFigures) },
                    () => sharedView({ title, ...spec.view(data, sharedFigures) }),
                    data,
                  ),
                ),
              );
            },
          };
        }),
      ),
  };
}
