// What every bench prints besides its figures: the machine they were taken on, and
// Markdown tables (pasted as they are into bench/README.md).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { OUT_DIR } from './contenders.js';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  node: string;
  expat: string;
  loadAverage: number[];
}

export function describeMachine(): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    date: new Date().toISOString(),
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    expat: execFileSync('pkg-config', ['--modversion', 'expat'], { encoding: 'utf8' }).trim(),
    loadAverage: currentLoad(),
  };
}

/** The 1, 5 and 15 minute load averages: how busy other users kept the machine. */
export function currentLoad(): number[] {
  return loadavg().map((load) => Math.round(load * 100) / 100);
}

export function machineLine(machine: Machine): string {
  return `${machine.date} · ${machine.cpu}, ${machine.cores} cores (shared with other users)`
    + ` · node ${machine.node} · libexpat ${machine.expat} · load average at start ${machine.loadAverage.join(' ')}`;
}

/** How each measurement was taken: `passes` 1 is a fresh process's first parse (cold), more
 * is the last of that many parses in one process (warm; see run-parser.ts). */
export function describeRuns(runs: number, passes: number): string {
  return passes === 1
    ? `median of ${runs} runs, one fresh process per run, its first parse timed (cold)`
    : `median of ${runs} runs, one fresh process per run, the last of ${passes} parses timed (warm)`;
}

/** The name of a bench's JSON output: warm results are kept apart from cold ones. */
export function resultName(bench: string, passes: number): string {
  return passes === 1 ? bench : `${bench}-warm`;
}

export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Prints the results as JSON and keeps a copy in bench/out/NAME.json. */
export function emitJson(name: string, results: unknown): void {
  const json = JSON.stringify(results, null, 2);
  writeFileSync(join(OUT_DIR, `${name}.json`), `${json}\n`);
  console.log(`\nJSON (also in bench/out/${name}.json):`);
  console.log(json);
}

export function verdict(passed: boolean): string {
  return passed ? 'PASS' : 'MISS';
}
