// The entity capabilities verification string and the checks a disco#info result must pass
// before its ver can be trusted.
// References: XEP-0115 v1.6 §5.1 (generation: identities sorted by category/type/lang, then
// name; features sorted; forms sorted by FORM_TYPE, fields by var, values sorted; every item
// followed by '<'), §5.4 (processing: reject duplicates and malformed forms), XEP-0115 §5.2
// and §5.3 (worked examples, used in ver.test.ts).
import { createHash } from 'node:crypto';
import type { DiscoInfo } from '../disco/stanza.js';

/** IANA hash names (XEP-0115 §5.1) Node can compute; MD5 is not trusted. */
const HASHES: Record<string, string> = { 'sha-1': 'sha1', 'sha-224': 'sha224', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };

export function isSupportedCapsHash(hash: string): boolean {
  return hash in HASHES;
}

// XEP-0115 §5.1 orders by octets ("i;octet" collation), which is code unit order for the
// ASCII-heavy strings concerned and exact for Buffer comparison.
function byOctets(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function capsVerificationString(info: DiscoInfo): string {
  let s = '';
  const identities = info.identities
    .map((identity) => `${identity.category}/${identity.type}/${identity.lang ?? ''}/${identity.name ?? ''}`)
    .sort(byOctets);
  for (const identity of identities) s += `${identity}<`;
  for (const feature of [...info.features].sort(byOctets)) s += `${feature}<`;
  const forms = [...info.forms].sort((a, b) => byOctets(a.formType, b.formType));
  for (const form of forms) {
    s += `${form.formType}<`;
    for (const field of [...form.fields].sort((a, b) => byOctets(a.var, b.var))) {
      s += `${field.var}<`;
      for (const value of [...field.values].sort(byOctets)) s += `${value}<`;
    }
  }
  return s;
}

export function computeCapsVer(info: DiscoInfo, hash = 'sha-1'): string {
  const algorithm = HASHES[hash];
  if (!algorithm) throw new TypeError(`unsupported caps hash ${hash}`);
  return createHash(algorithm).update(capsVerificationString(info), 'utf8').digest('base64');
}

/** XEP-0115 §5.4 step 3: why this info must not be cached, or undefined when it may. */
export function capsInfoProblem(info: DiscoInfo): string | undefined {
  const identities = info.identities.map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}`);
  if (new Set(identities).size !== identities.length) return 'duplicate identity';
  if (new Set(info.features).size !== info.features.length) return 'duplicate feature';
  const formTypes = info.forms.map((form) => form.formType).filter((type) => type !== '');
  if (new Set(formTypes).size !== formTypes.length) return 'two forms with the same FORM_TYPE';
  return undefined;
}

/** The info only when it hashes to `ver` and passes the §5.4 checks. */
export function verifyCaps(info: DiscoInfo, ver: string, hash: string): { ok: true } | { ok: false; reason: string } {
  const problem = capsInfoProblem(info);
  if (problem) return { ok: false, reason: problem };
  // §5.4: forms without FORM_TYPE are left out of the hash.
  const hashed: DiscoInfo = { ...info, forms: info.forms.filter((form) => form.formType !== '') };
  const computed = computeCapsVer(hashed, hash);
  return computed === ver ? { ok: true } : { ok: false, reason: `ver mismatch: announced ${ver}, computed ${computed}` };
}
