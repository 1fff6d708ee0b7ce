import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Command, CommanderError, Option } from "commander";
import * as E from "fp-ts/lib/Either.js";
import { exitCodeOf, oneLine, type CliError } from "./commands/cli-error.js";
import { processIo, type CliIo } from "./commands/cli-io.js";
import { reportNames } from "./reports/report-name.js";

function packageVersion(): string {
  try {
    // src/main.ts and dist/main.js both sit one folder below package.json.
    const json = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof json.version === "string" ? json.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

const quietOption = () => new Option("-q, --quiet", "no progress bar and no messages on stderr other than errors");

/**
 * The commander program: every flag is taken as text here and validated with zod by its command.
 * Commands are imported when run, so `--help` does not load the simulator, the read models or ECharts.
 */
function program(io: CliIo, run: (work: () => Promise<E.Either<CliError, number>>) => Promise<void>): Command {
  const linkwork = new Command("linkwork")
    .description("Simulate, validate and replay Linkwork social prescribing histories (NDJSON history files).")
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // Errors are written once, as one line, by runCli.
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .helpCommand(true)
    .addHelpText(
      "after",
      "\nExit codes: 0 success; 1 problems found (validate) or the run failed on the data; 2 usage error.\nSee docs/cli.md for every flag.",
    );

  linkwork
    .command("simulate")
    .description("run the seeded referral-flow simulator and write its history file")
    .option("--seed <n>", "random seed, a 32-bit whole number (required): same seed and flags, same file")
    .option("--out <file>", "the NDJSON history file to write (required)")
    .option("--pcns <n>", "Primary Care Networks, 1-1250 (default 3)")
    .option("--scale <preset>", "national: the 1,250 PCNs of England (instead of --pcns); the file is written as the run goes")
    .option("--months <n>", "months simulated, 1-120 (default 12)")
    .option(
      "--intake-months <n>",
      "months during which referrals arrive; the rest lets open cases and follow-up windows play out (default: all)",
    )
    .option("--scheme <scheme>", "open (every referral route) or gp-only (default open)")
    .option("--true-effect <x>", "change in GP appointments per engaged person-year after referral (default -2)")
    .option("--start-date <date>", "first day simulated (default 2025-01-01)")
    .option(
      "--people <file>",
      "also write each referred person's equity fields, by pseudonym, as a person register would (never in the history)",
    )
    .addOption(quietOption())
    .addHelpText("after", "\nExample:\n  linkwork simulate --seed 7 --pcns 3 --months 12 --out history.ndjson")
    .action(async (options: Record<string, unknown>) =>
      run(async () => (await import("./commands/simulate.js")).simulateCommand(options, io)),
    );

  linkwork
    .command("validate")
    .description("check a history file line by line and list every problem with its line number")
    .argument("<file>", "the NDJSON history file")
    .addOption(quietOption())
    .addHelpText(
      "after",
      "\nExit code 0 when the file is clean, 1 when any line has a problem.\n\nExample:\n  linkwork validate history.ndjson",
    )
    .action(async (file: string, options: Record<string, unknown>) =>
      run(async () => (await import("./commands/validate.js")).validateCommand(file, options, io)),
    );

  linkwork
    .command("migrate")
    .description("create or upgrade the PostgreSQL schema of @linkwork/store-postgres (safe to run again)")
    .option("--database-url <uri>", "the server, e.g. postgres://user:password@host:5432/db (default: DATABASE_URL)")
    .option("--pglite <folder>", "an embedded PGlite database in this folder instead of a server")
    .option("--schema <name>", "the schema to migrate (default linkwork)")
    .addOption(quietOption())
    .addHelpText(
      "after",
      "\nExamples:\n  DATABASE_URL=postgres://localhost/linkwork linkwork migrate\n  linkwork migrate --pglite ./linkwork-data",
    )
    .action(async (options: Record<string, unknown>) =>
      run(async () => (await import("./commands/migrate.js")).migrateCommand(options, io)),
    );

  linkwork
    .command("replay")
    .description("replay a history file through the read models and write their reports")
    .argument("<file>", "the NDJSON history file")
    .option("--report <names>", `comma-separated: ${reportNames.join(",")} (default all but equity, which --people adds)`)
    .option("--format <format>", "table (terminal), json, csv or html (default table)")
    .option("--out <dir>", "folder to write the reports to (needed by csv and html)")
    .option("--as-of <instant>", "report as of this ISO date or instant (default: the last event's time)")
    .option("--retention-days <days>", "days the read models keep ended cases' detail, or all (default 92; all when --as-of is given)")
    .option("--index-date <step>", "demand-reduction: referral, acceptance or first-contact (default referral)")
    .option("--windows <months>", "demand-reduction: window lengths in months, comma-separated (default 6,12)")
    .option(
      "--setting <setting>",
      "demand-reduction: gp-appointment, ae-attendance, outpatient or emergency-admission (default gp-appointment)",
    )
    .option("--seed <n>", "demand-reduction and outcomes: bootstrap seed (default 1)")
    .option("--resamples <n>", "demand-reduction and outcomes: bootstrap resamples, 1-100000 (default 2000)")
    .option("--confidence <p>", "demand-reduction and outcomes: interval coverage, 0.5-0.999 (default 0.95)")
    .option("--frequent-attender <n>", "demand-reduction: GP appointments a year above which a person is a frequent attender (default 10)")
    .option(
      "--people <file>",
      "equity: each person's equity fields by pseudonym (as simulate --people writes them); adds equity to the default reports",
    )
    .option("--fte-target <n>", "capacity: FTE link workers per 10,000 registered patients (default 1)")
    .option("--caseload-benchmark <n>", "capacity: people supported per FTE a year (default 250)")
    .option("--trend-months <n>", "capacity: complete months the referral trend is fitted to, 3-120 (default 6)")
    .option("--forecast-months <n>", "capacity: how far ahead the forecast looks, 1-240 (default 24)")
    .option("--year-start-month <n>", "capacity: the month the year view's years start in, 1-12 (default 4: the NHS financial year)")
    .option(
      "--exact-counts",
      "csv and html: exact figures for operational use, without small-number suppression (1-7 shown as *, others rounded to 5); never share them",
    )
    .option(
      "--caseload-view <view>",
      "caseload: aggregate (counts only) or operational (also lists every open case by id; csv and html need --exact-counts) (default aggregate)",
    )
    .option(
      "--on-error <policy>",
      "stop at the first refused history line (exit 1, as validate reports it), or skip refused lines and say so on every report (default stop)",
    )
    .option("--checkpoint <dir>", "keep checkpoints and read-model snapshots in this folder, and resume from them after a stopped run")
    .option(
      "--workers <n>",
      "replay in this many partitions split by person (this thread and a worker thread for each other one), 1-64; not with --checkpoint or --on-error skip (default 1: one pass in this thread)",
    )
    .addOption(quietOption())
    .addHelpText(
      "after",
      "\nCSV and HTML are for sharing: counts from 1 to 7 are shown as * and others rounded to the nearest 5 (NHS England's rule), unless --exact-counts.\n\nExamples:\n  linkwork replay history.ndjson --report caseload,capacity,demand-reduction\n  linkwork replay history.ndjson --format html --out reports\n  linkwork replay history.ndjson --format csv --out reports --index-date first-contact --windows 6,12",
    )
    .action(async (file: string, options: Record<string, unknown>) =>
      run(async () => (await import("./commands/replay.js")).replayCommand(file, options, io)),
    );

  linkwork
    .command("evaluation-export")
    .description("write a history file for a named evaluator: ids replaced by keyed pseudonyms, dates kept to the day, week or month")
    .argument("<file>", "the NDJSON history file")
    .option("--recipient <name>", "who the export is for (required); recorded in <out>.manifest.json")
    .option("--out <file>", "the history file to write (required)")
    .option("--key-file <file>", "the recipient's key (32 bytes or more); default: the LINKWORK_EXPORT_KEY environment variable")
    .option("--dates <granularity>", "day, week or month (default day)")
    .option(
      "--opt-outs <file>",
      "pseudonyms of people with a national data opt-out, one a line (from the person register); they are left out",
    )
    .addOption(quietOption())
    .addHelpText(
      "after",
      '\nPeople without consent to evaluation in force, and those listed by --opt-outs, are left out; the manifest counts them.\nThe same key gives the same pseudonyms every time; another key gives unrelated ones. The key is never printed.\n\nExample:\n  openssl rand -base64 48 > evaluator.key\n  linkwork evaluation-export history.ndjson --recipient "University evaluation team" --key-file evaluator.key --out for-evaluator.ndjson',
    )
    .action(async (file: string, options: Record<string, unknown>) =>
      run(async () => (await import("./commands/evaluation-export.js")).evaluationExportCommand(file, options, io)),
    );

  linkwork
    .command("subject-access")
    .description("write everything a history holds about one person, as JSON and as a page they can read")
    .argument("<file>", "the NDJSON history file")
    .option("--person <id>", "the person's id as events carry it (required); never printed")
    .option("--out <dir>", "folder to write subject-access.json and subject-access.html to (required)")
    .addOption(quietOption())
    .addHelpText(
      "after",
      "\nTheir name, NHS number and contact details are not in the history: add them from the person register.\n\nExample:\n  linkwork subject-access history.ndjson --person 0b6d2f0e-4c1a-4d6e-9a53-2f7e1c9b8a10 --out request-42",
    )
    .action(async (file: string, options: Record<string, unknown>) =>
      run(async () => (await import("./commands/subject-access.js")).subjectAccessCommand(file, options, io)),
    );

  return linkwork;
}

/**
 * Runs the CLI on `argv` (the arguments after `linkwork`) and answers the exit code: 0 success,
 * 1 problems found or a run that failed on the data, 2 a usage error. Errors are one line on
 * stderr, never a stack trace; nothing here exits the process.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  let command = "linkwork";
  const fail = (error: CliError) => {
    io.stderr.write(`${command}: ${oneLine(error.message)}\n`);
    exitCode = exitCodeOf(error);
  };
  const run = async (work: () => Promise<E.Either<CliError, number>>) => {
    const result = await work();
    if (E.isLeft(result)) fail(result.left);
    else exitCode = result.right;
  };
  const linkwork = program(io, run);
  linkwork.hook("preSubcommand", (_program, subcommand) => {
    command = `linkwork ${subcommand.name()}`;
  });
  try {
    await linkwork.parseAsync([...argv], { from: "user" });
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      switch (thrown.code) {
        case "commander.helpDisplayed":
        case "commander.help":
        case "commander.version":
          // Help asked for (`--help`, `help replay`) exits 0; `linkwork` alone printed it to stderr as a usage error.
          return thrown.exitCode === 0 ? 0 : 2;
        default: {
          const hint = command === "linkwork" ? "run `linkwork --help`" : `run \`${command} --help\``;
          io.stderr.write(`${command}: ${oneLine(thrown.message.replace(/^error:\s*/, ""))} (${hint})\n`);
          return 2;
        }
      }
    }
    // A bug, not a user's mistake: still one line, with the stack only when asked for.
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    io.stderr.write(`${command}: internal error: ${oneLine(error.message)} (set LINKWORK_DEBUG=1 for the stack trace)\n`);
    if (process.env["LINKWORK_DEBUG"] === "1" && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
  return exitCode;
}

// Run as a program (`node --import tsx src/main.ts ...`, or dist/main.js), not when imported.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
