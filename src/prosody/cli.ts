#!/usr/bin/env node
// Command line for the box's first-boot script, so the box runs the same Prosody config as
// the tests:
//   node dist/src/prosody/cli.js write-config --domain D --data-dir DIR --cert C --key K --out FILE
//        [--c2s-port N] [--c2s-direct-tls-port N] [--http-port N] [--bind ADDR]...
//        [--log-file F] [--pid-file F] [--admin-socket F] [--umask 007] [--http-external-url URL]
//        [--run-as-root] [--version 0.12|13] [--modules-dir DIR]
//   (Foyer's own Prosody modules are written to --modules-dir, default <folder of --out>/foyer-modules)
//   node dist/src/prosody/cli.js gen-cert --domain D --out-dir DIR [--name EXTRA]...
// The data directory must exist (owned by the user Prosody runs as) before Prosody starts.
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSelfSignedCertificate } from './certificate.js';
import { renderProsodyConfig } from './config.js';
import { writeProsodyModules } from './plugins.js';
import { detectProsodyVersion, type ProsodyVersion } from './version.js';

const USAGE = `usage:
  cli.js write-config --domain D --data-dir DIR --cert C --key K --out FILE [--c2s-port 5222]
         [--c2s-direct-tls-port 5223] [--http-port 5280] [--bind 127.0.0.1]... [--log-file F]
         [--pid-file F] [--admin-socket F] [--umask 007] [--http-external-url URL] [--run-as-root]
         [--version 0.12|13] [--modules-dir DIR]
  cli.js gen-cert --domain D --out-dir DIR [--name EXTRA-NAME-OR-IP]...`;

export class UsageError extends Error {
  readonly code = 'E_PROSODY_USAGE';
}

export async function runCli(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  if (command === 'write-config') return writeConfig(rest);
  if (command === 'gen-cert') return genCert(rest);
  throw new UsageError(USAGE);
}

async function writeConfig(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args, strict: true,
    options: {
      domain: { type: 'string' }, 'data-dir': { type: 'string' }, cert: { type: 'string' },
      key: { type: 'string' }, out: { type: 'string' },
      'c2s-port': { type: 'string', default: '5222' },
      'c2s-direct-tls-port': { type: 'string', default: '5223' },
      'http-port': { type: 'string', default: '5280' },
      bind: { type: 'string', multiple: true },
      'log-file': { type: 'string' }, 'pid-file': { type: 'string' }, 'admin-socket': { type: 'string' }, umask: { type: 'string' },
      'http-external-url': { type: 'string' },
      'run-as-root': { type: 'boolean', default: false },
      version: { type: 'string' },
      'modules-dir': { type: 'string' },
    },
  });
  const domain = required(values.domain, '--domain');
  const dataDir = required(values['data-dir'], '--data-dir');
  const certificate = required(values.cert, '--cert');
  const key = required(values.key, '--key');
  const out = required(values.out, '--out');
  const pluginDir = values['modules-dir'] ?? join(dirname(out), 'foyer-modules');
  await writeProsodyModules(pluginDir);
  const config = renderProsodyConfig({
    domain, dataDir, certificate, key,
    c2sPort: port(values['c2s-port'], '--c2s-port'),
    c2sDirectTlsPort: port(values['c2s-direct-tls-port'], '--c2s-direct-tls-port'),
    httpPort: port(values['http-port'], '--http-port'),
    bindAddresses: values.bind ?? ['127.0.0.1'],
    runAsRoot: values['run-as-root'],
    logFile: values['log-file'], pidFile: values['pid-file'], adminSocket: values['admin-socket'], umask: values.umask,
    httpExternalUrl: values['http-external-url'], pluginDir,
    version: values.version === undefined ? await detectProsodyVersion() : version(values.version),
  });
  await writeFile(out, config);
  return `wrote ${out}`;
}

async function genCert(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args, strict: true,
    options: { domain: { type: 'string' }, 'out-dir': { type: 'string' }, name: { type: 'string', multiple: true } },
  });
  const generated = await generateSelfSignedCertificate({
    domain: required(values.domain, '--domain'),
    outDir: required(values['out-dir'], '--out-dir'),
    extraNames: values.name ?? [],
  });
  return `wrote ${generated.certificate} and ${generated.key}`;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required\n${USAGE}`);
  return value;
}

function port(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) throw new UsageError(`${flag}: not a port: ${value}`);
  return number;
}

function version(value: string): ProsodyVersion {
  if (value === '0.12' || value === '13') return value;
  throw new UsageError(`--version: expected 0.12 or 13, got ${value}`);
}

const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (message) => console.log(message),
    (error: Error) => {
      console.error(error.message);
      process.exitCode = error instanceof UsageError || error.name === 'TypeError' ? 2 : 1;
    },
  );
}
