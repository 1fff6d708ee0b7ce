import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { printable } from "@linkwork/core";
import { PersonId } from "@linkwork/core/personal-data";
import { subjectAccess, subjectAccessHtml } from "@linkwork/projections/disclosure";
import { runFailed, usageError, type CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { parseFlags, textFlag } from "./flag-values.js";
import { existingFile, outputFolder, overwrittenInput } from "./output-path.js";
import { writeReportFiles } from "../output/report-file.js";

/** `linkwork subject-access`'s flags, as commander hands them over. */
export const SubjectAccessFlags = z.object({
  person: textFlag("the person's id"),
  out: textFlag("a folder"),
  quiet: z.boolean().default(false),
});

/**
 * Writes everything a history holds about one person to `subject-access.json` and
 * `subject-access.html` in the output folder (docs/cli.md). The person's id is never printed.
 */
export async function subjectAccessCommand(file: string, options: Record<string, unknown>, io: CliIo): Promise<E.Either<CliError, number>> {
  const parsed = parseFlags(SubjectAccessFlags, options);
  if (E.isLeft(parsed)) return parsed;
  const flags = parsed.right;
  // Checked here rather than in the schema: a flag's error echoes its value, and a person id is never printed.
  // The person id's own shape: a name or an NHS number is refused (exit 2), not searched for through the whole history.
  if (!PersonId.safeParse(flags.person).success) return E.left(usageError("--person: must be a person id as events carry it"));
  const found = await existingFile(io.cwd, file);
  if (E.isLeft(found)) return found;
  // Before the history is read: a file standing where the folder should be, or the history named like an output.
  const outDir = await outputFolder(io.cwd, flags.out, "--out");
  if (E.isLeft(outDir)) return outDir;
  const names = ["subject-access.json", "subject-access.html"] as const;
  for (const name of names) {
    const input = await overwrittenInput(join(outDir.right, name), [{ path: found.right.path, named: "the history read" }]);
    if (input !== undefined)
      return E.left(usageError(`--out: ${printable(join(flags.out, name))} is ${input.named}: it must not be written over`));
  }
  const record = await subjectAccess({ file: found.right.path }, flags.person);
  if (E.isLeft(record)) {
    const failure = record.left;
    return E.left(
      failure.code === "LINE_INVALID"
        ? runFailed(`${failure.message} (run \`linkwork validate ${file}\` to list every problem)`)
        : runFailed(failure.code === "PERSON_NOT_FOUND" ? `${file}: no event names the person given by --person` : failure.message),
    );
  }
  const json = `${JSON.stringify(record.right, null, 2)}\n`;
  try {
    await writeReportFiles(outDir.right, [
      { name: names[0], content: json },
      { name: names[1], content: subjectAccessHtml(record.right) },
    ]);
    if (!flags.quiet) {
      const where = names.map((name) => printable(join(flags.out, name))).join(" and ");
      io.stderr.write(
        `linkwork subject-access: ${record.right.events} events in ${record.right.streams.length} streams written to ${where}\n`,
      );
    }
  } catch (thrown) {
    return E.left(usageError(`--out: cannot write to ${printable(flags.out)}: ${(thrown as Error).message}`));
  }
  return E.right(0);
}
