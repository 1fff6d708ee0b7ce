/** One comparison in the benchmark table: a measured figure against a baseline from the same run. */
export interface BenchRow {
  readonly name: string;
  readonly baseline: string;
  readonly ratio: number;
  readonly value: number;
  readonly unit: string;
  readonly baselineValue: number;
  readonly note?: string;
}
