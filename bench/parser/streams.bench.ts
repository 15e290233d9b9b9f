// Parser throughput on the generated login and dense streams: every contender, each
// chunk size, median of several fresh-process runs (cold: each process's first parse;
// with --passes 2, warm: its second). See bench/README.md.
//   node dist/bench/parser/streams.bench.js [--runs 5] [--passes 1] [--chunks 16384,4096,65536]
//        [--streams login,dense] [--parsers expat-c,foyer-native,...]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { C_COUNTER, OUT_DIR, contenders, type Contender } from './contenders.js';
import { generateDenseStream } from './dense-stream.js';
import { generateLoginStream } from './login-stream.js';
import { assertSameStanzas, measure, runOnce, type Measurement } from './measure.js';
import {
  currentLoad, describeMachine, describeRuns, emitJson, machineLine, markdownTable, resultName, verdict,
} from './report.js';
import type { GeneratedStream } from './stream-writer.js';

const GENERATORS: Record<string, () => GeneratedStream> = {
  login: generateLoginStream,
  dense: generateDenseStream,
};
const FOYER = 'foyer-native';
const JS_PEERS = ['node-expat', 'ltx', 'saxes'];

interface StreamFile { name: string; file: string; bytes: number; stanzas: number; sha256: string }
interface Case { stream: string; chunkBytes: number; results: Measurement[] }

function list(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function writeStreams(names: readonly string[]): StreamFile[] {
  mkdirSync(OUT_DIR, { recursive: true });
  return names.map((name) => {
    const generate = GENERATORS[name];
    if (generate === undefined) throw new Error(`unknown stream ${name}`);
    const stream = generate();
    const file = join(OUT_DIR, `${name}.xml`);
    writeFileSync(file, stream.bytes);
    const sha256 = createHash('sha256').update(stream.bytes).digest('hex');
    console.log(`stream ${name}: ${stream.bytes.length} bytes, ${stream.stanzas} stanzas, sha256 ${sha256.slice(0, 16)}…`);
    return { name, file, bytes: stream.bytes.length, stanzas: stream.stanzas, sha256 };
  });
}

/** Every tree-building parser must deliver the same trees, not just as many. */
function assertSameTrees(stream: StreamFile, parsers: readonly Contender[]): void {
  const digests = parsers.filter((p) => p.name !== C_COUNTER)
    .map((p) => ({ parser: p.name, digest: runOnce(p, stream.file, 4096, { digest: true }).digest }));
  if (new Set(digests.map((d) => d.digest)).size > 1) {
    throw new Error(`STANZA TREES DIFFER on ${stream.name}:\n${digests.map((d) => `  ${d.parser}: ${d.digest}`).join('\n')}`);
  }
  console.log(`stream ${stream.name}: ${digests.length} parsers deliver identical trees`);
}

function table(stream: StreamFile, chunkBytes: number, results: readonly Measurement[]): string {
  const byName = new Map(results.map((r) => [r.parser, r]));
  const counter = byName.get(C_COUNTER);
  const nodeExpat = byName.get('node-expat');
  const rows = results.map((r) => [
    r.parser,
    r.ms.toFixed(0),
    (stream.bytes / 1e3 / r.ms).toFixed(1),
    (stream.stanzas / r.ms).toFixed(1),
    (r.peakRssKiB / 1024).toFixed(1),
    counter === undefined ? '' : `${((counter.ms / r.ms) * 100).toFixed(0)}%`,
    nodeExpat === undefined ? '' : `${(nodeExpat.ms / r.ms).toFixed(2)}×`,
    r.cpuMs.toFixed(0),
    counter === undefined ? '' : `${((counter.cpuMs / r.cpuMs) * 100).toFixed(0)}%`,
  ]);
  return `\n### ${stream.name} (${(stream.bytes / 1e6).toFixed(1)} MB, ${stream.stanzas} stanzas), ${chunkBytes / 1024} KiB chunks\n\n`
    + markdownTable(
      ['parser', 'ms', 'MB/s', 'kstanzas/s', 'peak RSS MiB', 'of C', '× node-expat', 'CPU ms', 'of C (CPU)'], rows,
    );
}

/** The issue's targets for Foyer's parser, checked on every case measured, on wall-clock
 * medians and, since other users' load inflates those, on CPU-time medians too. */
function targets(cases: readonly Case[]): string[] {
  const lines: string[] = [];
  const check = (label: string, what: string, ratio: (clock: 'ms' | 'cpuMs') => number,
    target: string, passes: (ratio: number) => boolean, format: (ratio: number) => string): void => {
    const [wall, cpu] = [ratio('ms'), ratio('cpuMs')];
    lines.push(`${label}: ${what} (target ${target}) — wall ${verdict(passes(wall))} ${format(wall)},`
      + ` CPU ${verdict(passes(cpu))} ${format(cpu)}`);
  };
  const times = (value: number): string => `${value.toFixed(2)}×`;
  for (const { stream, chunkBytes, results } of cases) {
    const get = (name: string): Measurement | undefined => results.find((r) => r.parser === name);
    const foyer = get(FOYER);
    if (foyer === undefined) continue;
    const label = `${stream} @ ${chunkBytes / 1024} KiB`;
    const counter = get(C_COUNTER);
    if (counter !== undefined) {
      check(label, `${FOYER}'s throughput as a share of the C counter's`, (clock) => counter[clock] / foyer[clock],
        '≥ 60%', (share) => share >= 0.6, (share) => `${(share * 100).toFixed(0)}%`);
    }
    for (const peer of JS_PEERS.map(get)) {
      if (peer === undefined) continue;
      const isNodeExpat = peer.parser === 'node-expat';
      check(label, `${FOYER}'s speed over ${peer.parser}`, (clock) => peer[clock] / foyer[clock],
        isNodeExpat ? '≥ 3×' : '> 1×, faster', isNodeExpat ? (speedup) => speedup >= 3 : (speedup) => speedup > 1, times);
    }
  }
  return lines;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      passes: { type: 'string', default: '1' },
      chunks: { type: 'string', default: '16384,4096,65536' },
      streams: { type: 'string', default: 'login,dense' },
      parsers: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const passes = Number(values.passes);
  const chunkSizes = list(values.chunks).map(Number);
  const machine = describeMachine();
  console.log(`# parser streams bench — ${machineLine(machine)}`);
  console.log(`${describeRuns(runs, passes)}; C counter = bench/expat-count.c\n`);

  const streams = writeStreams(list(values.streams));
  const parsers = contenders(values.parsers === undefined ? undefined : list(values.parsers));
  for (const stream of streams) assertSameTrees(stream, parsers);

  const cases: Case[] = [];
  for (const stream of streams) {
    for (const chunkBytes of chunkSizes) {
      const results = measure(parsers, stream.file, chunkBytes, runs, passes);
      assertSameStanzas(`${stream.name} @ ${chunkBytes} B`, stream.stanzas, results);
      cases.push({ stream: stream.name, chunkBytes, results });
      console.log(table(stream, chunkBytes, results));
    }
  }
  const verdicts = targets(cases);
  if (verdicts.length > 0) console.log(`\n### targets for ${FOYER}\n\n${verdicts.map((l) => `- ${l}`).join('\n')}`);
  const loadAfter = currentLoad();
  console.log(`\nload average at the end: ${loadAfter.join(' ')}`);
  emitJson(resultName('parser-streams', passes), {
    machine, loadAfter, runs, passes,
    streams: streams.map(({ name, bytes, stanzas, sha256 }) => ({ name, bytes, stanzas, sha256 })),
    cases, targets: verdicts,
  });
}

main();
