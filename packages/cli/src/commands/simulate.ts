import { mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { printable } from "@linkwork/core";
import { NATIONAL_PCNS, simulateHistoryFile, simulationEndsAt, simulationSettings, type SimulationSummary } from "@linkwork/simulation";
import { runFailed, usageError, type CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { choiceFlag, decimalFlag, parseFlags, textFlag, wholeNumberFlag } from "./flag-values.js";
import { isSameFile, outputFile } from "./output-path.js";
import { peopleFileWriter, type PeopleFileLine } from "./people-file.js";
import { progressBar } from "./progress.js";

/** `linkwork simulate`'s flags, as commander hands them over. */
export const SimulateFlags = z.object({
  seed: wholeNumberFlag(-2_147_483_648, 2_147_483_647),
  pcns: wholeNumberFlag(1, NATIONAL_PCNS).optional(),
  scale: choiceFlag(["national"]).optional(),
  months: wholeNumberFlag(1, 120).default(12),
  intakeMonths: wholeNumberFlag(1, 120).optional(),
  out: textFlag("the history file to write"),
  people: textFlag("the people file to write").optional(),
  scheme: choiceFlag(["open", "gp-only"]).default("open"),
  trueEffect: decimalFlag(-100, 100).optional(),
  startDate: textFlag("a date")
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2025-01-01")
    .optional(),
  quiet: z.boolean().default(false),
});
export type SimulateFlags = z.output<typeof SimulateFlags>;

const count = (value: number) => value.toLocaleString("en-GB");

function describe(summary: SimulationSummary, out: string): string {
  const closed = Object.values(summary.closed).reduce((total, value) => total + value, 0);
  const unmet = Object.values(summary.unmetNeeds).reduce((total, value) => total + value, 0);
  const effect = summary.trueEffect;
  const lines = [
    `Simulated ${summary.pcns} PCN${summary.pcns === 1 ? "" : "s"} from ${summary.startDate} to ${summary.endDate} (${summary.days} days), seed ${summary.seed}, ${summary.scheme} scheme`,
    `  history            ${count(summary.events)} events written to ${printable(out)}`,
    `  referrals          ${count(summary.referrals)}: ${count(summary.accepted)} accepted, ${count(summary.declined)} declined, ${count(summary.rejected)} rejected`,
    `  cases              ${count(closed)} closed, ${count(summary.openAtEnd)} open at the end`,
    `  connections        ${count(summary.connections)} made; ${count(unmet)} unmet needs recorded`,
    `  link workers       ${summary.linkWorkers.joined} joined, ${summary.linkWorkers.left} left, ${count(summary.linkWorkers.reassignments)} cases reassigned`,
    `  GP usage           ${count(summary.usageRecords)} records for ${count(summary.people)} referred and ${count(summary.comparisonPeople)} comparison people`,
    `  true effect        ${effect.perYear} GP appointments per engaged person-year (${count(effect.engagedPeople)} engaged people; realised ${effect.realisedPerEngagedPersonYear.toFixed(2)})`,
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * Runs the simulator, writing its history file as it goes. The summary goes to stdout, the progress
 * bar to stderr.
 */
export async function simulateCommand(options: Record<string, unknown>, io: CliIo): Promise<E.Either<CliError, number>> {
  const flags = parseFlags(SimulateFlags, options);
  if (E.isLeft(flags)) return flags;
  const { seed, months, intakeMonths, out, scheme, trueEffect, startDate, quiet, scale } = flags.right;
  if (scale !== undefined && flags.right.pcns !== undefined) {
    return E.left(usageError(`--scale ${scale} sets the PCNs (${String(NATIONAL_PCNS)}): give --pcns or --scale, not both`));
  }
  const pcns = scale === "national" ? NATIONAL_PCNS : (flags.right.pcns ?? 3);
  if (intakeMonths !== undefined && intakeMonths > months) {
    return E.left(usageError(`--intake-months: must be at most --months (${months}) (got "${String(options["intakeMonths"])}")`));
  }
  const settings = {
    seed,
    pcns,
    months,
    ...(intakeMonths === undefined ? {} : { intakeMonths }),
    scheme,
    ...(startDate === undefined ? {} : { startDate }),
    ...(trueEffect === undefined ? {} : { usage: { trueEffectPerYear: trueEffect } }),
  };
  // Settings first: a refused run creates no folder.
  const checked = simulationSettings(settings);
  if (E.isLeft(checked)) return E.left(usageError(`invalid simulation settings: ${checked.left.message}`));
  // One verdict: validate and replay refuse events dated after their clock (as the handler does), so
  // a run that would reach past today is refused here rather than written and refused later.
  const endsAt = simulationEndsAt(checked.right);
  if (endsAt > (io.now ?? Date.now)()) {
    const end = new Date(endsAt).toISOString().slice(0, 10);
    return E.left(
      usageError(
        `--start-date/--months: the run would end on ${end}, after today; validate and replay refuse events dated in the future: choose an earlier --start-date or fewer --months`,
      ),
    );
  }
  // Both files are checked before a run that can take minutes: a folder standing at either path
  // would otherwise fail it at the end, the people file after the history was already in place.
  const target = await outputFile(io.cwd, out, "--out");
  if (E.isLeft(target)) return target;
  const path = target.right;
  const peopleTarget = flags.right.people === undefined ? undefined : await outputFile(io.cwd, flags.right.people, "--people");
  if (peopleTarget !== undefined && E.isLeft(peopleTarget)) return peopleTarget;
  const peoplePath = peopleTarget?.right;
  // The two files are written side by side: one path for both would leave whichever finished last.
  if (peoplePath !== undefined && (await isSameFile(peoplePath, path)))
    return E.left(usageError("--people: must not be the history file (--out)"));
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (thrown) {
    return E.left(usageError(`--out: cannot create the folder for ${out}: ${(thrown as Error).message}`));
  }
  if (peoplePath !== undefined) {
    // Before the run, which can take minutes: a people file that cannot be written is refused first.
    try {
      await mkdir(dirname(peoplePath), { recursive: true });
    } catch (thrown) {
      return E.left(usageError(`--people: cannot create the folder for ${flags.right.people}: ${(thrown as Error).message}`));
    }
  }
  const progress = progressBar(io.stderr, { label: "simulating", unit: "days", quiet });
  let started = false;
  // Written as it goes (simulateHistoryFile), the people file too: memory follows what is open, so a national year fits.
  const people = peoplePath === undefined ? undefined : peopleFileWriter(peoplePath);
  const simulated = await simulateHistoryFile(settings, path, {
    // The summary printed needs the truth's figures, not every person's.
    keepTruth: false,
    ...(people === undefined ? {} : { onPerson: (person: PeopleFileLine) => people.add(person) }),
    onProgress: ({ day, days }) => {
      if (!started) {
        progress.start(days);
        started = true;
      }
      progress.update(day);
    },
  });
  progress.stop();
  if (E.isLeft(simulated)) {
    // No people file for a run that stopped, as no history file.
    await people?.abandon();
    const failure = simulated.left;
    switch (failure.code) {
      case "INVALID_SETTINGS":
        return E.left(usageError(`invalid simulation settings: ${failure.message}`));
      case "COMMAND_REFUSED":
        return E.left(runFailed(`the simulation stopped: ${failure.message}`));
      case "WRITE_FAILED":
        return E.left(runFailed(`cannot write ${out}: ${failure.message}`));
    }
  }
  if (people !== undefined) {
    try {
      await people.finish();
    } catch (thrown) {
      // One run, two files: a history without its people file is taken back, as the export's manifest is.
      await rm(path, { force: true });
      return E.left(runFailed(`cannot write the --people file: ${(thrown as Error).message}; nothing was written`));
    }
  }
  io.stdout.write(describe(simulated.right, out));
  if (flags.right.people !== undefined)
    io.stdout.write(
      `  people             ${count(people?.count ?? 0)} referred people's equity fields written to ${printable(flags.right.people)}\n`,
    );
  return E.right(0);
}
