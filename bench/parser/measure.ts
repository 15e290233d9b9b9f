// Runs contenders over a stream file, several times each in fresh processes, interleaved
// round by round so that load from other users of the machine spreads over all of them,
// and checks that they all delivered the same stanzas.
import { spawnSync } from 'node:child_process';
import type { Contender, RunOptions } from './contenders.js';
import type { ParserRunResult } from './run-parser.js';

export interface Measurement {
  parser: string;
  runsMs: number[];
  /** Medians over the runs. */
  ms: number;
  cpuMs: number;
  peakRssKiB: number;
  stanzas: number;
  names: Record<string, number>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function runOnce(contender: Contender, file: string, chunkBytes: number, options?: RunOptions): ParserRunResult {
  const [command, ...args] = contender.argv(file, chunkBytes, options);
  const child = spawnSync(command!, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) {
    throw new Error(`${contender.name} failed on ${file} (exit ${child.status ?? child.signal}):\n${child.stderr}`);
  }
  return JSON.parse(child.stdout) as ParserRunResult;
}

/** Throws, naming the culprits, unless every measurement has `expectedStanzas` stanzas
 * and the same per-name counts. */
export function assertSameStanzas(label: string, expectedStanzas: number, measurements: readonly Measurement[]): void {
  const reference = JSON.stringify(Object.entries(measurements[0]!.names).sort());
  const wrong = measurements.filter((measurement) => measurement.stanzas !== expectedStanzas
    || JSON.stringify(Object.entries(measurement.names).sort()) !== reference);
  if (wrong.length > 0) {
    const lines = measurements.map((m) => `  ${m.parser}: ${m.stanzas} ${JSON.stringify(m.names)}`);
    throw new Error(`STANZA COUNTS DIFFER on ${label} (expected ${expectedStanzas}):\n${lines.join('\n')}`);
  }
}

export function measure(
  contenders: readonly Contender[], file: string, chunkBytes: number, runs: number, passes = 1,
): Measurement[] {
  const results = new Map<string, ParserRunResult[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < runs; round += 1) {
    for (const contender of contenders) {
      const result = runOnce(contender, file, chunkBytes, { passes });
      const previous = results.get(contender.name)!;
      if (previous.length > 0 && previous[0]!.stanzas !== result.stanzas) {
        throw new Error(`${contender.name} counted ${result.stanzas} stanzas, then ${previous[0]!.stanzas}`);
      }
      previous.push(result);
    }
  }
  return contenders.map((contender) => {
    const runsOf = results.get(contender.name)!;
    return {
      parser: contender.name,
      runsMs: runsOf.map((r) => Math.round(r.ms * 10) / 10),
      ms: median(runsOf.map((r) => r.ms)),
      cpuMs: median(runsOf.map((r) => r.cpuMs)),
      peakRssKiB: median(runsOf.map((r) => r.peakRssKiB)),
      stanzas: runsOf[0]!.stanzas,
      names: runsOf[0]!.names,
    };
  });
}
