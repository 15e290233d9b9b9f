// The programs a bench times, each as a command line run once per measurement in its own
// process: the plain-C libexpat counter (built here from bench/expat-count.c) and every
// parser of js-parsers.ts through run-parser.js.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JS_PARSERS } from './js-parsers.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const OUT_DIR = join(REPO_ROOT, 'bench', 'out');
export const C_COUNTER = 'expat-c';

export interface RunOptions {
  /** Parse the stream this many times in the process and time the last (default 1, cold). */
  passes?: number;
  /** Also hash the stanzas (JS parsers only), to check that parsers agree. */
  digest?: boolean;
}

export interface Contender {
  name: string;
  /** The command line for one run. */
  argv(file: string, chunkBytes: number, options?: RunOptions): string[];
}

/** Compiles bench/expat-count.c against the system libexpat; returns its path. */
function buildCounter(): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const output = join(OUT_DIR, 'expat-count');
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'expat'], { encoding: 'utf8' })
    .trim().split(/\s+/).filter((flag) => flag !== '');
  execFileSync('cc', ['-O2', '-o', output, join(REPO_ROOT, 'bench', 'expat-count.c'), ...flags], {
    stdio: 'inherit',
  });
  return output;
}

/** All contenders, or those named in `only`, the C counter first. */
export function contenders(only?: readonly string[]): Contender[] {
  const runParser = fileURLToPath(new URL('./run-parser.js', import.meta.url));
  const all: Contender[] = [];
  const wanted = (name: string): boolean => only === undefined || only.includes(name);
  if (wanted(C_COUNTER)) {
    const counter = buildCounter();
    all.push({
      name: C_COUNTER,
      argv: (file, chunkBytes, options) => [counter, file, String(chunkBytes), String(options?.passes ?? 1)],
    });
  }
  for (const name of Object.keys(JS_PARSERS).filter(wanted)) {
    all.push({
      name,
      argv: (file, chunkBytes, options) => [
        process.execPath, runParser, name, file, String(chunkBytes), '--passes', String(options?.passes ?? 1),
        ...(options?.digest === true ? ['--digest'] : []),
      ],
    });
  }
  const unknown = (only ?? []).filter((name) => !all.some((contender) => contender.name === name));
  if (unknown.length > 0) throw new Error(`unknown parser(s): ${unknown.join(', ')}`);
  return all;
}
