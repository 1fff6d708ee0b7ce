import { readFile, rm, stat } from "node:fs/promises";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { printable, writeFileAtomically } from "@linkwork/core";
import { PersonId } from "@linkwork/core/personal-data";
import { writeEvaluationExport, type DisclosureFailure } from "@linkwork/projections/disclosure";
import { publishCount, publishedValue } from "../disclosure/small-number-suppression.js";
import { runFailed, usageError, type CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { choiceFlag, parseFlags, textFlag } from "./flag-values.js";
import { existingFile, isSameFile, outputFile, overwrittenInput, resolvePath, type CommandInput } from "./output-path.js";

/** The environment variable a recipient key may come from, when no --key-file is given. */
export const EXPORT_KEY_VARIABLE = "LINKWORK_EXPORT_KEY";
/** A key file larger than this is not a key (keys are 32 bytes and up; a few hundred at most). */
const MAX_KEY_FILE_BYTES = 4096;
/** An opt-out list larger than this is refused: about a million pseudonyms, so memory stays bounded. */
const MAX_OPT_OUT_FILE_BYTES = 40 * 1024 * 1024;

/** `linkwork evaluation-export`'s flags, as commander hands them over. */
export const EvaluationExportFlags = z.object({
  recipient: textFlag("the recipient").max(200, "must be at most 200 characters"),
  out: textFlag("the file to write"),
  keyFile: textFlag("a key file").optional(),
  optOuts: textFlag("a file of pseudonyms").optional(),
  dates: choiceFlag(["day", "week", "month"]).default("day"),
  quiet: z.boolean().default(false),
});

/** The recipient's key: from --key-file, else from the environment; never echoed. */
async function keyBytes(flags: z.output<typeof EvaluationExportFlags>, io: CliIo): Promise<E.Either<CliError, Uint8Array | string>> {
  if (flags.keyFile !== undefined) {
    const path = resolvePath(io.cwd, flags.keyFile);
    try {
      const found = await stat(path);
      if (!found.isFile()) return E.left(usageError(`--key-file: ${flags.keyFile} is not a file`));
      if (found.size > MAX_KEY_FILE_BYTES)
        return E.left(
          usageError(`--key-file: ${flags.keyFile} is ${found.size} bytes: a key file holds one key (at most ${MAX_KEY_FILE_BYTES} bytes)`),
        );
      return E.right(await readFile(path));
    } catch (thrown) {
      const code = (thrown as NodeJS.ErrnoException).code;
      return E.left(
        usageError(code === "ENOENT" ? `--key-file: no such file: ${flags.keyFile}` : `--key-file: cannot read ${flags.keyFile}`),
      );
    }
  }
  const fromEnvironment = io.env?.[EXPORT_KEY_VARIABLE];
  if (fromEnvironment === undefined || fromEnvironment.length === 0) {
    return E.left(usageError(`give the recipient's key with --key-file FILE or in the ${EXPORT_KEY_VARIABLE} environment variable`));
  }
  return E.right(fromEnvironment);
}

/**
 * The people with a national data opt-out, from --opt-outs: one pseudonym a line, as the embedder
 * wrote them from the person register after checking with NHS England's service. A line that is
 * not a pseudonym is a usage error naming its number, never echoing it.
 */
async function optOutList(
  flags: z.output<typeof EvaluationExportFlags>,
  io: CliIo,
): Promise<E.Either<CliError, ReadonlySet<string> | undefined>> {
  if (flags.optOuts === undefined) return E.right(undefined);
  const path = resolvePath(io.cwd, flags.optOuts);
  let text: string;
  try {
    const found = await stat(path);
    if (!found.isFile()) return E.left(usageError(`--opt-outs: ${printable(flags.optOuts)} is not a file`));
    if (found.size > MAX_OPT_OUT_FILE_BYTES) {
      return E.left(usageError(`--opt-outs: ${printable(flags.optOuts)} is over ${MAX_OPT_OUT_FILE_BYTES / 1024 / 1024} MB`));
    }
    text = await readFile(path, "utf8");
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    return E.left(
      usageError(
        code === "ENOENT" ? `--opt-outs: no such file: ${printable(flags.optOuts)}` : `--opt-outs: cannot read ${printable(flags.optOuts)}`,
      ),
    );
  }
  const people = new Set<string>();
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "") continue;
    // The person id's own schema: a line no history could hold (a typo) is refused, not silently matched to nobody.
    if (!PersonId.safeParse(line).success) return E.left(usageError(`--opt-outs: line ${index + 1} is not a person's pseudonym`));
    people.add(line);
  }
  return E.right(people);
}

/** A count as the manifest shares it: small numbers suppressed, others rounded (docs/reports.md). */
function sharedCount(count: number): number | "*" {
  return publishedValue(publishCount(count)) ?? "*";
}

function exportFailure(file: string, failure: DisclosureFailure): CliError {
  switch (failure.code) {
    case "KEY_TOO_SHORT":
      return usageError(failure.message);
    case "LINE_INVALID":
      return runFailed(`${failure.message} (run \`linkwork validate ${file}\` to list every problem)`);
    case "SOURCE_UNREADABLE":
    case "STORE_FAILED":
    case "EXPORT_INVALID":
    case "PERSON_NOT_FOUND":
    case "REGISTER_FAILED":
      return runFailed(failure.message);
    case "WRITE_FAILED":
      return usageError(`--out: ${failure.message}`);
  }
}

/**
 * Writes an evaluation export of a history file for a named recipient (docs/cli.md): a history file
 * whose ids are keyed pseudonyms and whose dates are kept to the day, week or month, and beside it
 * `<out>.manifest.json` saying for whom and how it was made. Nothing is written on any refusal.
 */
export async function evaluationExportCommand(
  file: string,
  options: Record<string, unknown>,
  io: CliIo,
): Promise<E.Either<CliError, number>> {
  const parsed = parseFlags(EvaluationExportFlags, options);
  if (E.isLeft(parsed)) return parsed;
  const flags = parsed.right;
  const found = await existingFile(io.cwd, file);
  if (E.isLeft(found)) return found;
  const key = await keyBytes(flags, io);
  if (E.isLeft(key)) return key;
  const optOuts = await optOutList(flags, io);
  if (E.isLeft(optOuts)) return optOuts;
  const optedOut = optOuts.right;
  // The export and its manifest are checked against every file read, before the history is: an
  // --out naming the key file would put the export where the key was, and OUT.manifest.json can be
  // the history itself.
  const inputs: CommandInput[] = [
    { path: found.right.path, named: "the history it is made from" },
    ...(flags.keyFile === undefined ? [] : [{ path: resolvePath(io.cwd, flags.keyFile), named: "the --key-file" }]),
    ...(flags.optOuts === undefined ? [] : [{ path: resolvePath(io.cwd, flags.optOuts), named: "the --opt-outs list" }]),
  ];
  if (await isSameFile(resolvePath(io.cwd, flags.out), found.right.path)) {
    return E.left(usageError("--out: the export must not overwrite the history it is made from"));
  }
  const target = await outputFile(io.cwd, flags.out, "--out", inputs);
  if (E.isLeft(target)) return target;
  const out = target.right;
  // Only its inputs are checked here: a manifest that cannot be written takes the export back (below).
  const manifestPath = `${out}.manifest.json`;
  const manifestInput = await overwrittenInput(manifestPath, inputs);
  if (manifestInput !== undefined)
    return E.left(
      usageError(`--out: its manifest ${printable(flags.out)}.manifest.json is ${manifestInput.named}: it must not be written over`),
    );
  const written = await writeEvaluationExport({ file: found.right.path }, out, {
    recipient: flags.recipient,
    key: key.right,
    dates: flags.dates,
    ...(optedOut === undefined ? {} : { nationalDataOptOut: (personId: string) => optedOut.has(personId) }),
  });
  if (E.isLeft(written)) return E.left(exportFailure(file, written.left));
  const manifest = {
    recipient: flags.recipient,
    dates: flags.dates,
    events: written.right.events,
    pseudonymised:
      "person, case, link worker, goal, connection and follow-up ids, who recorded each event, event, command and correlation ids: HMAC-SHA-256 under the recipient's key",
    leftOut: "referrer ids, references to the local record (noteRef, whatMattersRef), command digests",
    kept: "PCN, practice and provider ids (organisations), codes, counts and scores",
    peopleLeftOut: {
      withoutConsentToEvaluation: sharedCount(written.right.leftOut.withoutConsent),
      nationalDataOptOut:
        flags.optOuts === undefined ? "not checked (no --opt-outs list given)" : sharedCount(written.right.leftOut.optedOut),
      rule: "counts from 1 to 7 are shown as *, others rounded to the nearest 5 (NHS England's disclosure control)",
    },
  };
  try {
    await writeFileAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (thrown) {
    // An export without its manifest is not an export: take it back, so nothing is left on a refusal.
    await rm(out, { force: true });
    const code = (thrown as NodeJS.ErrnoException).code ?? "failed";
    return E.left(usageError(`--out: cannot write the manifest ${printable(flags.out)}.manifest.json (${code}); nothing was written`));
  }
  if (!flags.quiet) {
    io.stderr.write(
      `linkwork evaluation-export: ${written.right.events.toLocaleString("en-GB")} events for ${printable(flags.recipient)}, dates to the ${flags.dates}, written to ${printable(flags.out)} (and ${printable(flags.out)}.manifest.json)\n`,
    );
  }
  return E.right(0);
}
