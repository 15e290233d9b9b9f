// A digest of the stanzas a parser delivered, to check that every parser delivers the
// same trees, not just the same number of them (a parser dropping text would otherwise
// look fast). Only name, attributes in document order and children count; adjacent text
// pieces are joined first, since parsers may split text differently.
import { createHash, type Hash } from 'node:crypto';
import type { StanzaTree } from './js-parsers.js';

function canonical(element: StanzaTree): unknown[] {
  const children: unknown[] = [];
  let text: string | undefined;
  for (const child of element.children) {
    if (typeof child === 'string') {
      text = (text ?? '') + child;
      continue;
    }
    if (text !== undefined) children.push(text);
    text = undefined;
    children.push(canonical(child));
  }
  if (text !== undefined) children.push(text);
  return [element.name, Object.entries(element.attrs), children];
}

export class StanzaDigest {
  private readonly hash: Hash = createHash('sha256');

  add(stanza: StanzaTree): void {
    this.hash.update(JSON.stringify(canonical(stanza)));
    this.hash.update('\n');
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}
