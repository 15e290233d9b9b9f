// Which Prosody release is installed. The config differs between Debian 12's 0.12 and
// Debian 13's 13.x in a few places (see config.ts), so it is rendered for the version found.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { luaString } from './lua.js';

export type ProsodyVersion = '0.12' | '13';

export class ProsodyVersionError extends Error {
  readonly code = 'E_PROSODY_VERSION';
}

/** Maps the release line printed by `prosodyctl about` ("Prosody 0.12.3", "Prosody 13.0.2"). */
export function parseProsodyVersion(aboutOutput: string): ProsodyVersion {
  const release = /^Prosody (\S+)/m.exec(aboutOutput)?.[1];
  if (release === undefined) throw new ProsodyVersionError(`no "Prosody <version>" line in: ${aboutOutput.slice(0, 200)}`);
  if (release.startsWith('0.12.')) return '0.12';
  const major = Number(release.split('.')[0]);
  // Nightly builds report "trunk"; they are newer than 13.
  if (release === 'trunk' || (Number.isInteger(major) && major >= 13)) return '13';
  throw new ProsodyVersionError(`Prosody ${release} is not supported (need 0.12 or 13+)`);
}

/**
 * Runs `prosodyctl about` against a near-empty config in a scratch folder, so that neither the
 * system-wide /etc/prosody config nor its data directory is read.
 */
export function detectProsodyVersion(prosodyctl = 'prosodyctl'): Promise<ProsodyVersion> {
  // Tests start many servers; the installed release does not change under a running process.
  let detected = detectedVersions.get(prosodyctl);
  if (!detected) {
    detected = runProsodyctlAbout(prosodyctl);
    detectedVersions.set(prosodyctl, detected);
    detected.catch(() => detectedVersions.delete(prosodyctl));
  }
  return detected;
}

const detectedVersions = new Map<string, Promise<ProsodyVersion>>();

async function runProsodyctlAbout(prosodyctl: string): Promise<ProsodyVersion> {
  const scratch = await mkdtemp(join(tmpdir(), 'foyer-prosody-version-'));
  try {
    const config = join(scratch, 'empty.cfg.lua');
    // As root, prosodyctl would switch to the 'prosody' user, who cannot read a private folder.
    const runAsRoot = process.getuid?.() === 0 ? 'run_as_root = true\n' : '';
    await writeFile(config, `data_path = ${luaString(scratch)}\ncertificates = ${luaString(scratch)}\n${runAsRoot}`);
    const { stdout } = await promisify(execFile)(prosodyctl, ['--config', config, 'about'], { timeout: 30_000 });
    return parseProsodyVersion(stdout);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
