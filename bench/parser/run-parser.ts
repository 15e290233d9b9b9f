// One parser run in a fresh process, so that peak RSS and JIT state belong to that parser
// alone: reads a stream file, splits it into chunks, times the parse, prints one JSON line.
//   node dist/bench/parser/run-parser.js PARSER FILE CHUNK_BYTES [--passes N] [--digest]
// With --passes N the stream is parsed N times, each by a new parser, and the last pass
// is the one timed and reported: the warm mode, a parser as it runs in a daemon that has
// been parsing for a while (its code compiled, the heap grown), where the default single
// pass also counts the engine's warm-up. With --digest the stanzas are also hashed (see
// canonical-digest.ts); that run is for checking, not timing.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { StanzaDigest } from './canonical-digest.js';
import { JS_PARSERS, type StanzaTree } from './js-parsers.js';

export interface ParserRunResult {
  /** Wall-clock time of the parse. */
  ms: number;
  /** CPU time of the whole process during the parse (GC and compiler threads included),
   * which waiting for a CPU busy with other users' work does not inflate. */
  cpuMs: number;
  stanzas: number;
  /** Stanzas per element name, e.g. { message: 5327, presence: 1961 }. */
  names: Record<string, number>;
  peakRssKiB: number;
  digest?: string;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { passes: { type: 'string', default: '1' }, digest: { type: 'boolean', default: false } },
  });
  const [parserName, file, chunkArg] = positionals;
  const load = parserName === undefined ? undefined : JS_PARSERS[parserName];
  const chunkBytes = Number(chunkArg);
  const passes = Number(values.passes);
  if (load === undefined || file === undefined || !(chunkBytes > 0) || !(Number.isInteger(passes) && passes > 0)) {
    console.error(`usage: run-parser.js ${Object.keys(JS_PARSERS).join('|')} FILE CHUNK_BYTES [--passes N] [--digest]`);
    process.exit(2);
  }
  const factory = await load();
  const bytes = readFileSync(file);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    chunks.push(bytes.subarray(offset, offset + chunkBytes));
  }

  const parseOnce = (): Omit<ParserRunResult, 'peakRssKiB'> => {
    const names: Record<string, number> = {};
    let stanzas = 0;
    const digest = values.digest ? new StanzaDigest() : undefined;
    const parser = factory((stanza: StanzaTree) => {
      stanzas += 1;
      names[stanza.name] = (names[stanza.name] ?? 0) + 1;
      digest?.add(stanza);
    });
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    return {
      ms, cpuMs: (cpu.user + cpu.system) / 1000, stanzas, names,
      ...(digest === undefined ? {} : { digest: digest.hex() }),
    };
  };

  let last = parseOnce();
  for (let pass = 1; pass < passes; pass += 1) last = parseOnce();
  const result: ParserRunResult = { ...last, peakRssKiB: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
