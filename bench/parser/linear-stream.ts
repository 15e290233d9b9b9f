// Streams of equal-sized big stanzas, for the linearity bench: one stream per stanza
// size, each about the same total length, alternating a chat message whose body is one
// unbroken base64 run and a vcard-temp result whose PHOTO BINVAL is wrapped at 76 columns.
// A parser whose cost per byte grows with stanza size shows it here.
//
// References: RFC 6121 §5 (messages), XEP-0054 vcard-temp
import { createRandom, type Random } from './prng.js';
import { StreamWriter, type GeneratedStream } from './stream-writer.js';
import { base64, id } from './xml-text.js';

const DOMAIN = 'family.example';
const ME = `me@${DOMAIN}/foyer-Xq3v`;

function messageOfSize(rng: Random, bytes: number): string {
  const head = `<message from='contact1@${DOMAIN}/phone' to='${ME}' type='chat' id='${id(rng)}'><body>`;
  const tail = '</body></message>';
  return head + base64(rng, Math.floor(((bytes - head.length - tail.length) * 3) / 4)) + tail;
}

function vcardOfSize(rng: Random, bytes: number): string {
  const head = `<iq type='result' from='contact2@${DOMAIN}' to='${ME}' id='${id(rng)}'><vCard xmlns='vcard-temp'>`
    + '<FN>Zoë</FN><PHOTO><TYPE>image/jpeg</TYPE><BINVAL>';
  const tail = '</BINVAL></PHOTO></vCard></iq>';
  // 77 characters (76 + newline) carry 57 bytes
  return head + base64(rng, Math.floor(((bytes - head.length - tail.length) * 57) / 77), true) + tail;
}

/** A stream of stanzas of about `stanzaBytes` each, `totalBytes` long in all. */
export function generateLinearStream(stanzaBytes: number, totalBytes: number, seed = 3): GeneratedStream {
  const rng = createRandom(seed);
  const writer = new StreamWriter(DOMAIN, id(rng, 16));
  const count = Math.max(2, Math.round(totalBytes / stanzaBytes));
  for (let i = 0; i < count; i += 1) {
    writer.stanza(i % 2 === 0 ? messageOfSize(rng, stanzaBytes) : vcardOfSize(rng, stanzaBytes));
  }
  return writer.finish(`linear-${stanzaBytes}`);
}
