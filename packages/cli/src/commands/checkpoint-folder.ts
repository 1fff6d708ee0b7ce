import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { writeFileAtomically, type Checkpoint, type CheckpointStore, type GlobalPosition, type StoreError } from "@linkwork/core";

/** A checkpoint file: the position as decimal digits (a bigint), and the read model's snapshot. */
const CheckpointFile = z.strictObject({ position: z.string().regex(/^\d{1,30}$/), snapshot: z.string().optional() });

const unavailable = (message: string): StoreError => ({ code: "STORE_UNAVAILABLE", message, retryable: false });

/** The file in DIR holding one checkpoint. */
export const checkpointFile = (dir: string, name: string): string => join(dir, `${name}.checkpoint.json`);

/**
 * `linkwork replay --checkpoint DIR`: one file per read model in DIR (`<name>.checkpoint.json`),
 * each written whole or not at all (writeFileAtomically), holding the position reached and the read
 * model's snapshot. A replay killed part way restarts from them: the runner checks the lines up to
 * the position again (the one verdict) and applies only what follows. One replay at a time per
 * folder: compare-and-set is against what this process read or wrote.
 */
export function checkpointFolder(dir: string): CheckpointStore {
  const known = new Map<string, GlobalPosition | null>();
  const fileOf = (name: string) => checkpointFile(dir, name);

  async function read(name: string): Promise<E.Either<StoreError, Checkpoint | null>> {
    let text: string;
    try {
      text = await readFile(fileOf(name), "utf8");
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException).code === "ENOENT") return E.right(null);
      return E.left(unavailable(`cannot read ${fileOf(name)}: ${(thrown as Error).message}`));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = CheckpointFile.safeParse(json);
    if (!parsed.success) return E.left(unavailable(`${fileOf(name)} is not a checkpoint: delete it to replay from the start`));
    const { position, snapshot } = parsed.data;
    return E.right({ position: BigInt(position), ...(snapshot === undefined ? {} : { snapshot }) });
  }

  return {
    async get(name) {
      const checkpoint = await read(name);
      if (E.isRight(checkpoint)) known.set(name, checkpoint.right?.position ?? null);
      return checkpoint;
    },
    async compareAndSet(name, expected, next) {
      const actual = known.has(name) ? (known.get(name) ?? null) : null;
      if (actual !== expected) {
        return E.left({
          code: "CHECKPOINT_CONFLICT",
          message: `checkpoint ${name} is at ${String(actual)}, not ${String(expected)}`,
          name,
          expected,
          actual,
        });
      }
      try {
        await mkdir(dir, { recursive: true });
        const file = { position: String(next.position), ...(next.snapshot === undefined ? {} : { snapshot: next.snapshot }) };
        await writeFileAtomically(fileOf(name), JSON.stringify(file));
      } catch (thrown) {
        return E.left(unavailable(`cannot write ${fileOf(name)}: ${(thrown as Error).message}`));
      }
      known.set(name, next.position);
      return E.right(undefined);
    },
    async reset(name) {
      known.set(name, null);
      try {
        await rm(fileOf(name), { force: true });
      } catch (thrown) {
        return E.left(unavailable(`cannot reset ${fileOf(name)}: ${(thrown as Error).message}`));
      }
      return E.right(undefined);
    },
  };
}
