import type { ItemRange } from "./instrument.js";

/** The sum of the answers (the caller has checked them against the instrument's items). */
export function sumOf(answers: readonly number[]): number {
  let total = 0;
  for (const answer of answers) total += answer;
  return total;
}

/** `count` copies of one item range, frozen so a shared instrument cannot be changed. */
export function repeatedItems(count: number, range: ItemRange): readonly ItemRange[] {
  return Object.freeze(Array.from({ length: count }, () => range));
}
