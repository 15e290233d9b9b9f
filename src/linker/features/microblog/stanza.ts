// Microblog posts and comments as Atom entries: building ours, parsing anyone's into the
// sanitised FeedPost / FeedComment the cache and the tabs use.
// References: XEP-0277 v0.6 (§3 publishing, §3.2 entry, §6 comments node, `link rel=replies`),
// XEP-0472 (social feed), RFC 4287 (Atom: §3.1 text constructs, §4.1.2 entry, §4.2.7 link),
// RFC 4685 (thr:in-reply-to), XEP-0060 §7.1.
import type { Element } from '../../../../native/expat-stream/index.js';
import { getChild, getChildren, getText, localName, serialize, xml } from '../../../xml/index.js';
import type { FeedComment, FeedLink, FeedPhoto, FeedPost, ItemAddress, PublishParams } from './events.js';
import { plainText, type RichNode } from './rich-text.js';
import { safeImageUrl, safeLinkUrl, sanitizeHtml, sanitizeXhtml, textToRich, type SanitizeOptions } from './sanitize.js';

export const NS_MICROBLOG = 'urn:xmpp:microblog:0';
export const NS_MICROBLOG_NOTIFY = `${NS_MICROBLOG}+notify`;
export const COMMENTS_NODE_PREFIX = `${NS_MICROBLOG}:comments/`;
export const NS_ATOM = 'http://www.w3.org/2005/Atom';
export const NS_XHTML = 'http://www.w3.org/1999/xhtml';
export const NS_THREAD = 'http://purl.org/syndication/thread/1.0';
/** Movim's like: a comment whose title is this heart. */
export const LIKE_MARK = '♥';

/** Bytes of a serialised item past which it is skipped, not parsed (a post with photos links them). */
export const MAX_POST_BYTES = 64 * 1024;
export const MAX_COMMENT_BYTES = 8 * 1024;
export const MAX_TITLE_CHARS = 300;

export class ItemRefused extends Error {
  readonly code = 'E_FEED_ITEM_REFUSED';
}

export function commentsNodeOf(postId: string): string {
  return `${COMMENTS_NODE_PREFIX}${postId}`;
}

export function isCommentsNode(node: string): boolean {
  return node.startsWith(COMMENTS_NODE_PREFIX);
}

/** xmpp:service?;node=…;item=… (XEP-0277 §3.2, RFC 5122 with the XEP-0060 pubsub action). */
export function xmppItemUri(service: string, node: string, id?: string): string {
  const query = `;node=${encodeURIComponent(node)}${id === undefined ? '' : `;item=${encodeURIComponent(id)}`}`;
  return `xmpp:${service}?${query}`;
}

export function parseXmppNodeUri(uri: string): { service: string; node: string } | undefined {
  const match = /^xmpp:([^?]+)\?;node=([^;]+)/.exec(uri);
  if (!match) return undefined;
  try {
    return { service: decodeURIComponent(match[1]!), node: decodeURIComponent(match[2]!) };
  } catch {
    return undefined;
  }
}

// ---- Building ----

/** Simple formatting of typed text: paragraphs at blank lines, **bold**, *italic*, bare links. */
export function formatText(text: string): RichNode[] {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/).map((paragraph) => paragraph.trim()).filter(Boolean);
  return paragraphs.map((paragraph) => ({ tag: 'p' as const, children: paragraph.split('\n').flatMap((line, index) => [...(index > 0 ? [{ tag: 'br' as const }] : []), ...formatInline(line)]) }));
}

function formatInline(line: string): RichNode[] {
  const nodes: RichNode[] = [];
  const pattern = /\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]])/g;
  let last = 0;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    if (match.index > last) nodes.push(line.slice(last, match.index));
    if (match[1] !== undefined) nodes.push({ tag: 'strong', children: [match[1]] });
    else if (match[2] !== undefined) nodes.push({ tag: 'em', children: [match[2]] });
    else {
      const href = safeLinkUrl(match[3]);
      nodes.push(href ? { tag: 'a', href, children: [match[3]!] } : match[3]!);
    }
    last = pattern.lastIndex;
  }
  if (last < line.length) nodes.push(line.slice(last));
  return nodes;
}

function richToXhtml(nodes: readonly RichNode[]): Array<Element | string> {
  return nodes.map((node) => {
    if (typeof node === 'string') return node;
    const { tag, children, ...attrs } = node;
    return xml(tag, attrs as Record<string, string | number>, richToXhtml(children ?? []));
  });
}

export interface EntryInput {
  id: string;
  author: { jid: string; name: string | null };
  title?: string;
  content: RichNode[];
  published: Date;
  updated: Date;
  photos?: readonly FeedPhoto[];
  links?: readonly string[];
  /** The comments node announced with the post. */
  comments?: { service: string; node: string };
  /** For a comment: the post it answers (RFC 4685). */
  inReplyTo?: ItemAddress;
  /** The node and service the entry is published to, for its alternate link. */
  home: { service: string; node: string };
}

/** An Atom entry as XEP-0277 §3.2 shows it; content as XHTML, so other clients see the formatting. */
export function buildEntry(input: EntryInput): Element {
  return xml(
    'entry',
    { xmlns: NS_ATOM },
    xml('id', null, `tag:${input.home.service},${input.published.toISOString().slice(0, 10)}:posts-${input.id}`),
    xml('title', { type: 'text' }, input.title ?? ''),
    xml('author', null, input.author.name ? xml('name', null, input.author.name) : null, xml('uri', null, `xmpp:${input.author.jid}`)),
    xml('published', null, input.published.toISOString()),
    xml('updated', null, input.updated.toISOString()),
    input.content.length > 0 ? xml('content', { type: 'xhtml' }, xml('div', { xmlns: NS_XHTML }, richToXhtml(input.content))) : null,
    xml('link', { rel: 'alternate', type: 'text/html', href: xmppItemUri(input.home.service, input.home.node, input.id) }),
    (input.photos ?? []).map((photo) =>
      xml('link', { rel: 'enclosure', href: photo.url, type: photo.mediaType, length: photo.size ?? undefined, title: photo.name ?? undefined }),
    ),
    (input.links ?? []).map((url) => xml('link', { rel: 'related', href: url })),
    input.comments ? xml('link', { rel: 'replies', title: 'comments', href: xmppItemUri(input.comments.service, input.comments.node) }) : null,
    input.inReplyTo
      ? xml('in-reply-to', { xmlns: NS_THREAD, ref: `tag:${input.inReplyTo.service}:posts-${input.inReplyTo.id}`, href: xmppItemUri(input.inReplyTo.service, input.inReplyTo.node, input.inReplyTo.id) })
      : null,
  );
}

/** The entry for what a person typed in the composer (a new post, or an edit keeping `published`). */
export function entryFromParams(
  params: Pick<PublishParams, 'title' | 'text' | 'photos' | 'links'>,
  at: { id: string; author: string; home: { service: string; node: string }; published: Date; comments?: { service: string; node: string } },
): Element {
  return buildEntry({
    id: at.id,
    author: { jid: at.author, name: null },
    ...(params.title !== undefined ? { title: params.title } : {}),
    content: formatText(params.text),
    published: at.published,
    updated: new Date(),
    photos: params.photos ?? [],
    links: params.links ?? [],
    ...(at.comments ? { comments: at.comments } : {}),
    home: at.home,
  });
}

// ---- Parsing ----

/** A post as its Atom entry says it: the item's address comes from pubsub, the author may lack a JID. */
type ParsedEntry = Omit<FeedPost, keyof ItemAddress | 'author'> & { author: { jid: string | null; name: string | null } };

function atomChild(entry: Element, name: string): Element | undefined {
  return getChild(entry, name, NS_ATOM);
}

/** Text of an Atom text construct, whatever its type, as plain text. */
function textConstruct(element: Element | undefined, options: SanitizeOptions): string | null {
  if (!element) return null;
  const type = element.attrs.type ?? 'text';
  const text = type === 'xhtml' ? plainText(sanitizeXhtml(element, options).nodes) : type === 'html' ? plainText(sanitizeHtml(getText(element), options).nodes) : getText(element);
  const trimmed = text.trim().slice(0, MAX_TITLE_CHARS);
  return trimmed === '' ? null : trimmed;
}

/** RFC 3339 date in ms, or undefined. */
function parseDate(element: Element | undefined): number | undefined {
  if (!element) return undefined;
  const ms = Date.parse(getText(element).trim());
  return Number.isFinite(ms) ? ms : undefined;
}

function parseEntry(item: { payload: Element | undefined }, maxBytes: number, options: SanitizeOptions, now: number): ParsedEntry {
  const entry = item.payload;
  if (!entry || localName(entry) !== 'entry' || (entry.attrs.xmlns ?? '') !== NS_ATOM) throw new ItemRefused('not an Atom entry');
  const bytes = Buffer.byteLength(serialize(entry));
  if (bytes > maxBytes) throw new ItemRefused(`${bytes} bytes, over the ${maxBytes}-byte limit`);

  // Of several <content> elements (Movim may send text and xhtml), the richest wins.
  const contents = getChildren(entry, 'content', NS_ATOM);
  const content = contents.find((c) => c.attrs.type === 'xhtml') ?? contents.find((c) => c.attrs.type === 'html') ?? contents[0];
  let nodes: RichNode[] = [];
  let truncated = false;
  if (content) {
    const type = content.attrs.type ?? 'text';
    const sanitized = type === 'xhtml' ? sanitizeXhtml(content, options) : type === 'html' ? sanitizeHtml(getText(content), options) : { nodes: textToRich(getText(content)), truncated: false };
    nodes = sanitized.nodes;
    truncated = sanitized.truncated;
  } else {
    const summary = textConstruct(atomChild(entry, 'summary'), options);
    if (summary) nodes = textToRich(summary);
  }

  const author = atomChild(entry, 'author');
  // Atom's children of <author> inherit the entry's namespace, which getChild cannot see from here.
  const uri = author && textConstruct(getChild(author, 'uri'), {});
  const name = author ? textConstruct(getChild(author, 'name'), {}) : null;
  const updated = parseDate(atomChild(entry, 'updated'));
  const published = parseDate(atomChild(entry, 'published')) ?? updated ?? now;

  const photos: FeedPhoto[] = [];
  const links: FeedLink[] = [];
  let comments: ParsedEntry['comments'] = null;
  for (const link of getChildren(entry, 'link', NS_ATOM)) {
    const rel = link.attrs.rel ?? 'alternate';
    const href = link.attrs.href;
    if (rel === 'enclosure' && (link.attrs.type ?? '').startsWith('image/')) {
      const url = safeImageUrl(href, options.imageOrigins ?? []);
      const size = Number(link.attrs.length);
      if (url && photos.length < 20) photos.push({ url, mediaType: link.attrs.type!, name: link.attrs.title?.slice(0, 200) ?? null, size: Number.isSafeInteger(size) && size >= 0 ? size : null });
    } else if (rel === 'related') {
      const url = safeLinkUrl(href);
      if (url && links.length < 20) links.push({ url, title: link.attrs.title?.slice(0, 300) ?? null });
    } else if (rel === 'replies' && href && (link.attrs.title ?? 'comments') === 'comments') {
      comments = parseXmppNodeUri(href) ?? null;
    }
  }
  return {
    author: { jid: uri?.startsWith('xmpp:') ? uri.slice(5) : null, name },
    title: textConstruct(atomChild(entry, 'title'), options),
    content: nodes,
    published,
    updated: updated ?? published,
    photos,
    links,
    comments,
    truncated,
  };
}

/** A post of `node` on `service`; throws ItemRefused for what cannot be shown. */
export function parsePost(service: string, node: string, item: { id: string; payload: Element | undefined; publisher?: string | undefined }, options: SanitizeOptions, now = Date.now()): FeedPost {
  const entry = parseEntry(item, MAX_POST_BYTES, options, now);
  // On a PEP node the service is the author; on a shared node the server's publisher
  // attribute (expose_publisher) is: either way the Atom author cannot claim someone else.
  const pep = node === NS_MICROBLOG;
  const publisher = item.publisher?.split('/')[0];
  return {
    service,
    node,
    id: item.id,
    author: { jid: pep ? service : (publisher ?? entry.author.jid ?? service), name: entry.author.name },
    title: entry.title,
    content: entry.content,
    published: entry.published,
    updated: entry.updated,
    photos: entry.photos,
    links: entry.links,
    comments: entry.comments,
    truncated: entry.truncated,
  };
}

/** A comment (or like) of a comments node; author from the item's publisher when the server says. */
export function parseComment(service: string, node: string, item: { id: string; payload: Element | undefined; publisher?: string }, options: SanitizeOptions, now = Date.now()): FeedComment {
  const entry = parseEntry(item, MAX_COMMENT_BYTES, options, now);
  const text = plainText(entry.content).trim();
  const publisher = item.publisher?.split('/')[0];
  return {
    service,
    node,
    id: item.id,
    author: { jid: publisher ?? entry.author.jid ?? '', name: entry.author.name },
    content: entry.content,
    published: entry.published,
    isLike: entry.title === LIKE_MARK || text === LIKE_MARK,
  };
}
