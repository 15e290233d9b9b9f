// Plain text → text nodes and links. Only http(s), mailto and xmpp URLs become links, and
// only after the URL parser agrees on the scheme; everything else ("javascript:", "data:",
// HTML-looking text) stays text. Links open in a new tab without handing it this page.
import { h, isSafeUrl } from './dom.js';

const CANDIDATE = /\b(?:https?:\/\/|mailto:|xmpp:)[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'"»”’]+$/;

/** Drops sentence punctuation and an unbalanced closing bracket from a URL's end. */
function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '');
  while (url.endsWith(')') && count(url, '(') < count(url, ')')) {
    url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
  }
  return url;
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

export function linkify(text: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trimUrl(match[0]);
    const start = match.index;
    if (!isSafeUrl(url)) continue;
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    nodes.push(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', dir: 'auto' }, url));
    last = start + url.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
