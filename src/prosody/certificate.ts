// A self-signed certificate for the box's Prosody (and the tests' throwaway ones), made with
// the openssl CLI. Foyer pins it, so no CA is involved; it names the domain and every
// component so that STARTTLS, direct TLS and HTTPS all present a matching name.
//
// References: RFC 6125 (DNS-ID in subjectAltName), RFC 7590 (TLS in XMPP).
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { componentDomains, isDnsName } from './config.js';

export interface CertificateOptions {
  domain: string;
  outDir: string;
  /** More names, e.g. 'localhost' for tests; IP literals go in as IP SANs. */
  extraNames?: string[];
  days?: number;                  // default 3650: the box has no one to renew it
  openssl?: string;               // default 'openssl' from PATH
}

export interface GeneratedCertificate {
  certificate: string;            // PEM file paths
  key: string;
  certificatePem: string;
}

export class CertificateError extends Error {
  readonly code = 'E_PROSODY_CERT';
}

export function subjectAltNames(domain: string, extraNames: readonly string[] = []): string[] {
  const components = componentDomains(domain);
  const names = [domain, components.upload, components.groups, components.pubsub, ...extraNames];
  return [...new Set(names)].map((name) => {
    if (isIP(name) !== 0) return `IP:${name}`;
    if (!isDnsName(name)) throw new CertificateError(`not a DNS name: ${JSON.stringify(name)}`);
    return `DNS:${name}`;
  });
}

export async function generateSelfSignedCertificate(options: CertificateOptions): Promise<GeneratedCertificate> {
  const sans = subjectAltNames(options.domain, options.extraNames);
  await mkdir(options.outDir, { recursive: true });
  const certificate = join(options.outDir, `${options.domain}.crt`);
  const key = join(options.outDir, `${options.domain}.key`);
  const args = [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', certificate, '-days', String(options.days ?? 3650),
    '-subj', `/CN=${options.domain}`,
    '-addext', `subjectAltName=${sans.join(',')}`,
    '-addext', 'extendedKeyUsage=serverAuth,clientAuth',
  ];
  try {
    await promisify(execFile)(options.openssl ?? 'openssl', args, { timeout: 60_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new CertificateError(`openssl failed: ${(error as Error).message} ${stderr}`.trim());
  }
  await chmod(key, 0o600);
  return { certificate, key, certificatePem: await readFile(certificate, 'utf8') };
}
