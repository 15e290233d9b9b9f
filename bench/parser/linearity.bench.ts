// Whether a parser's cost per byte stays flat as stanzas grow from 1 KiB to 1000 KiB
// (big base64 bodies and vCard photos): time per KiB for each stanza size, median of
// several fresh-process runs over streams of the same total length (cold, or warm with
// --passes 2). See bench/README.md.
//   node dist/bench/parser/linearity.bench.js [--runs 5] [--passes 1] [--chunk 16384]
//        [--sizes 1,10,100,1000] [--total-kib 8192] [--parsers expat-c,foyer-native,...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OUT_DIR, contenders } from './contenders.js';
import { generateLinearStream } from './linear-stream.js';
import { assertSameStanzas, measure, type Measurement } from './measure.js';
import {
  currentLoad, describeMachine, describeRuns, emitJson, machineLine, markdownTable, resultName, verdict,
} from './report.js';

const FOYER = 'foyer-native';
/** How much more a byte may cost in a bigger stanza than in a smaller one and still count as flat. */
const FLAT_TOLERANCE = 1.5;

interface SizeCase { stanzaKiB: number; bytes: number; stanzas: number; results: Measurement[] }

type Clock = 'ms' | 'cpuMs';

function microsPerKiB(sizeCase: SizeCase, parser: string, clock: Clock): number {
  const result = sizeCase.results.find((r) => r.parser === parser)!;
  return (result[clock] * 1000) / (sizeCase.bytes / 1024);
}

/** The worst ratio, over pairs of sizes, of the bigger stanza's cost per byte to the
 * smaller's: 1 or less is linear; per-stanza overhead only makes small stanzas dearer. */
function worstGrowth(cases: readonly SizeCase[], parser: string, clock: Clock): number {
  let worst = 0;
  cases.forEach((small, i) => {
    for (const big of cases.slice(i + 1)) {
      worst = Math.max(worst, microsPerKiB(big, parser, clock) / microsPerKiB(small, parser, clock));
    }
  });
  return worst;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      passes: { type: 'string', default: '1' },
      chunk: { type: 'string', default: '16384' },
      sizes: { type: 'string', default: '1,10,100,1000' },
      'total-kib': { type: 'string', default: '8192' },
      parsers: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const passes = Number(values.passes);
  const chunkBytes = Number(values.chunk);
  const totalBytes = Number(values['total-kib']) * 1024;
  const sizes = values.sizes.split(',').map(Number).sort((a, b) => a - b);
  const machine = describeMachine();
  console.log(`# parser linearity bench — ${machineLine(machine)}`);
  console.log(`${describeRuns(runs, passes)}, ${chunkBytes / 1024} KiB chunks, streams of ~${totalBytes / 1024 / 1024} MiB\n`);

  const parsers = contenders(values.parsers?.split(','));
  mkdirSync(OUT_DIR, { recursive: true });
  const cases: SizeCase[] = sizes.map((stanzaKiB) => {
    const stream = generateLinearStream(stanzaKiB * 1024, totalBytes);
    const file = join(OUT_DIR, `${stream.name}.xml`);
    writeFileSync(file, stream.bytes);
    const results = measure(parsers, file, chunkBytes, runs, passes);
    assertSameStanzas(stream.name, stream.stanzas, results);
    console.log(`stanzas of ${stanzaKiB} KiB: ${stream.stanzas} in ${stream.bytes.length} bytes, measured`);
    return { stanzaKiB, bytes: stream.bytes.length, stanzas: stream.stanzas, results };
  });

  for (const clock of ['ms', 'cpuMs'] as const) {
    const rows = parsers.map(({ name }) => [
      name,
      ...cases.map((c) => microsPerKiB(c, name, clock).toFixed(2)),
      `${worstGrowth(cases, name, clock).toFixed(2)}×`,
    ]);
    console.log(`\n### µs per KiB by stanza size, ${clock === 'ms' ? 'wall-clock' : 'CPU'} time (${chunkBytes / 1024} KiB chunks)\n`);
    console.log(markdownTable(['parser', ...sizes.map((s) => `${s} KiB`), 'worst growth'], rows));
  }
  const growth = (clock: Clock): string => {
    const worst = worstGrowth(cases, FOYER, clock);
    return `${verdict(worst <= FLAT_TOLERANCE)} ${worst.toFixed(2)}×`;
  };
  const target = parsers.some((p) => p.name === FOYER)
    ? `${FOYER}: worst growth of the cost per byte with stanza size (target ≤ ${FLAT_TOLERANCE}×, flat) — `
      + `wall ${growth('ms')}, CPU ${growth('cpuMs')}`
    : undefined;
  if (target !== undefined) console.log(`\n- ${target}`);
  const loadAfter = currentLoad();
  console.log(`\nload average at the end: ${loadAfter.join(' ')}`);
  emitJson(resultName('parser-linearity', passes), { machine, loadAfter, runs, passes, chunkBytes, cases, target });
}

main();
