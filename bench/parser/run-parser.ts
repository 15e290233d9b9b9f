// One parser run in a fresh process, so that peak RSS and JIT state belong to that parser
// alone: reads a stream file, splits it into chunks, times the parse, prints one JSON line.
//   node dist/bench/parser/run-parser.js PARSER FILE CHUNK_BYTES [--digest]
// With --digest the stanzas are also hashed (see canonical-digest.ts); that run is for
// checking, not timing.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
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

function main(): void {
  const [parserName, file, chunkArg, flag] = process.argv.slice(2);
  const factory = parserName === undefined ? undefined : JS_PARSERS[parserName];
  const chunkBytes = Number(chunkArg);
  if (factory === undefined || file === undefined || !(chunkBytes > 0)) {
    console.error(`usage: run-parser.js ${Object.keys(JS_PARSERS).join('|')} FILE CHUNK_BYTES [--digest]`);
    process.exit(2);
  }
  const bytes = readFileSync(file);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    chunks.push(bytes.subarray(offset, offset + chunkBytes));
  }

  const names: Record<string, number> = {};
  let stanzas = 0;
  const digest = flag === '--digest' ? new StanzaDigest() : undefined;
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

  const result: ParserRunResult = {
    ms, cpuMs: (cpu.user + cpu.system) / 1000, stanzas, names, peakRssKiB: process.resourceUsage().maxRSS,
    ...(digest === undefined ? {} : { digest: digest.hex() }),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
