// The sanitised form of a post's or comment's body, as stored in the cache and sent to tabs:
// a small tree, never an HTML string, so the browser builds it with DOM calls and there is
// nothing for it to parse. Shared with web/ (types and the allowlists both sides check).

export type RichTag =
  | 'p' | 'br' | 'strong' | 'em' | 'u' | 's' | 'sub' | 'sup' | 'code' | 'pre' | 'blockquote'
  | 'ul' | 'ol' | 'li' | 'h2' | 'h3' | 'h4' | 'hr' | 'a' | 'img';

export interface RichElement {
  tag: RichTag;
  /** a: an absolute http/https/xmpp/mailto URL. */
  href?: string;
  /** img: an absolute https: URL or one on the box's upload origin. */
  src?: string;
  alt?: string;
  title?: string;
  /** img: the size the author announced, to reserve space. */
  width?: number;
  height?: number;
  /** ol: the first number. */
  start?: number;
  children?: RichNode[];
}

export type RichNode = string | RichElement;

export const RICH_TAGS: ReadonlySet<string> = new Set<RichTag>([
  'p', 'br', 'strong', 'em', 'u', 's', 'sub', 'sup', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'hr', 'a', 'img',
]);

/** Elements that never have children. */
export const VOID_TAGS: ReadonlySet<string> = new Set<RichTag>(['br', 'hr', 'img']);

/** Schemes a link may use; anything else (javascript:, data:, vbscript:, file:…) is dropped. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'xmpp:', 'mailto:']);

/** The rel every link gets: no window.opener, no referrer, no endorsement. */
export const LINK_REL = 'noopener noreferrer nofollow';

/** The text of a tree without its markup (titles, notifications, previews). */
export function plainText(nodes: readonly RichNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (typeof node === 'string') text += node;
    else if (node.tag === 'br') text += '\n';
    else if (node.children) text += plainText(node.children);
  }
  return text;
}
