// Building blocks for the generated XMPP streams: escaped text and attributes, prose in
// several scripts (so the parsers decode 2-, 3- and 4-byte UTF-8 and character
// references), identifiers, timestamps and base64 payloads, all drawn from a seeded Random.
import type { Random } from './prng.js';

const WORDS = [
  'the', 'a', 'dinner', 'tonight', 'photos', 'from', 'grandma', 'school', 'weekend', 'train',
  'late', 'see', 'you', 'soon', 'love', 'call', 'me', 'when', 'home', 'birthday', 'cake',
  'garden', 'rain', 'holiday', 'beach', 'film', 'book', 'recipe', 'match', 'won', 'lost',
  'café', 'déjà', 'voilà', 'crème', 'brûlée', 'garçon', 'über', 'Straße', 'Grüße', 'niño',
  'mañana', 'señora', 'ça', 'où', 'été', 'fête', 'Ελλάδα', 'привет', 'спасибо', 'שלום',
  '你好', '谢谢', '晚饭', '周末', 'こんにちは', 'ありがとう', '猫', '안녕하세요', '가족',
  '😀', '🎉', '👍', '❤️', '🐱', '🍰', '👨‍👩‍👧', '🚆', '☀️', '🌧️',
  'R&D', '<3', 'x<y', 'a>b', '"quoted"', "it's", 'Q&A', '&', '<html>',
];

/** XML-escapes character data; with `rng`, also writes some non-ASCII characters as
 * character references (`&#x1F600;`, `&#233;`), as some servers and clients do. */
export function escapeText(text: string, rng?: Random): string {
  let out = '';
  for (const char of text) {
    switch (char) {
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      default: {
        const code = char.codePointAt(0)!;
        if (rng !== undefined && code > 0x7f && rng.chance(0.15)) {
          out += rng.chance(0.5) ? `&#x${code.toString(16).toUpperCase()};` : `&#${code};`;
        } else {
          out += char;
        }
      }
    }
  }
  return out;
}

/** Escapes an attribute value for a single-quoted attribute (the quoting Prosody uses). */
export function escapeAttr(value: string): string {
  return value.replace(/[&<>'"]/g, (char) => ATTR_ESCAPES[char]!);
}
const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;',
};

/** A sentence-like run of `count` words. */
export function words(rng: Random, count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) parts.push(rng.pick(WORDS));
  return parts.join(' ');
}

/** Prose of roughly `bytes` UTF-8 bytes, in sentences. */
export function prose(rng: Random, bytes: number): string {
  const sentences: string[] = [];
  let length = 0;
  while (length < bytes) {
    const sentence = `${words(rng, rng.between(4, 16))}.`;
    sentences.push(sentence);
    length += Buffer.byteLength(sentence) + 1;
  }
  return sentences.join(' ');
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function id(rng: Random, length = 16): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ID_ALPHABET[rng.int(ID_ALPHABET.length)];
  return out;
}

export function hex(rng: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += rng.int(16).toString(16);
  return out;
}

/** An XEP-0082 timestamp, `minutesAgo` before a fixed instant (not the clock: determinism). */
export function stamp(minutesAgo: number): string {
  return new Date(Date.UTC(2026, 10, 25, 12, 0, 0) - minutesAgo * 60_000).toISOString()
    .replace('.000Z', 'Z');
}

/** Base64 of `bytes` pseudo-random bytes, optionally wrapped every 76 characters (as
 * vCard-temp BINVAL often is). */
export function base64(rng: Random, bytes: number, wrap = false): string {
  const raw = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 1) raw[i] = rng.int(256);
  const encoded = raw.toString('base64');
  if (!wrap) return encoded;
  return encoded.replace(/.{76}/g, '$&\n');
}

const FIRST_NAMES = [
  'Alice', 'Bob', 'Chloé', 'Dmitri', 'Élodie', 'François', 'Günter', 'Hélène', 'Inès', 'José',
  'Kenji', 'Léa', 'Mei', 'Noé', 'Oona', 'Paulo', 'Quentin', 'Renée', 'Søren', 'Thảo',
  '王芳', '李雷', 'さくら', '민준', 'Zoë',
];

export function personName(rng: Random): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(FIRST_NAMES)}`;
}

/** A localpart derived from an index, stable across runs. */
export function localpart(index: number): string {
  return `contact${index}`;
}
