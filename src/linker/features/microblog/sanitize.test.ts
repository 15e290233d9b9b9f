import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../xml/index.js';
import { LINK_SCHEMES, RICH_TAGS, VOID_TAGS, plainText, type RichNode } from './rich-text.js';
import { safeImageUrl, safeLinkUrl, sanitizeHtml, sanitizeXhtml, textToRich } from './sanitize.js';
import { XSS_PAYLOADS, sizeBombs } from './xss-corpus.js';

const UPLOAD_ORIGIN = 'http://upload.foyer.local:5280';
const options = { imageOrigins: [UPLOAD_ORIGIN] };

/** Every invariant the renderer relies on, checked over a whole tree. */
function assertSafe(nodes: readonly RichNode[], payload: string, insideLink = false): void {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    assert.ok(RICH_TAGS.has(node.tag), `${node.tag} not allowed (from ${payload})`);
    const keys = Object.keys(node).filter((key) => !['tag', 'children', 'href', 'src', 'alt', 'title', 'width', 'height', 'start'].includes(key));
    assert.deepEqual(keys, [], `unexpected fields in ${payload}`);
    if (node.href !== undefined) {
      assert.equal(node.tag, 'a');
      assert.ok(LINK_SCHEMES.has(new URL(node.href).protocol), `href ${node.href} from ${payload}`);
    }
    if (node.tag === 'a') {
      assert.ok(node.href, `link without href from ${payload}`);
      assert.ok(!insideLink, `nested link from ${payload}`);
    }
    if (node.src !== undefined) {
      const url = new URL(node.src);
      assert.ok(url.protocol === 'https:' || url.origin === UPLOAD_ORIGIN, `img ${node.src} from ${payload}`);
    }
    if (node.tag === 'img') assert.ok(node.src);
    if (VOID_TAGS.has(node.tag)) assert.equal(node.children, undefined);
    if (node.children) assertSafe(node.children, payload, insideLink || node.tag === 'a');
  }
}

function flatten(nodes: readonly RichNode[]): string {
  return JSON.stringify(nodes);
}

/** The tree's elements and attributes without its text (text is harmless: it is never parsed). */
function markupOf(nodes: readonly RichNode[]): string {
  return JSON.stringify(nodes, (_key, value: unknown) => (typeof value === 'string' && _key === '' ? value : Array.isArray(value) ? value.filter((node) => typeof node !== 'string') : value));
}

test('every payload of the XSS corpus comes out as allowed elements with safe URLs only', () => {
  for (const payload of XSS_PAYLOADS) {
    const { nodes } = sanitizeHtml(payload, options);
    assertSafe(nodes, payload);
    const json = flatten(nodes);
    assert.doesNotMatch(json, /javascript|vbscript|data:|onerror|onload|onclick|url\(|expression\(|srcset|evil\.example\/(x\.js|s\.css|e\.swf|bg\.png|a\.png)/i, payload);
  }
});

test('the corpus as XHTML (well-formed payloads) is held to the same rules', () => {
  let checked = 0;
  for (const payload of XSS_PAYLOADS) {
    let content;
    try {
      content = parseElement(`<content xmlns="http://www.w3.org/2005/Atom" type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${payload}</div></content>`);
    } catch {
      continue; // not well-formed XML: the stream parser would have refused the stanza
    }
    checked++;
    const { nodes } = sanitizeXhtml(content, options);
    assertSafe(nodes, payload);
    assert.doesNotMatch(markupOf(nodes), /javascript|vbscript|onerror|onload|url\(/i, payload);
  }
  assert.ok(checked >= 20, `only ${checked} payloads were well-formed XML`);
});

test('script, style and embedded content are dropped with their text; unknown wrappers keep theirs', () => {
  assert.deepEqual(sanitizeHtml('<p>hi<script>alert(1)</script> there</p>').nodes, [{ tag: 'p', children: ['hi there'] }]);
  assert.deepEqual(sanitizeHtml('<style>p{}</style><svg><text>t</text></svg>ok').nodes, ['ok']);
  assert.deepEqual(sanitizeHtml('<div><span class="x">kept</span></div>').nodes, ['kept\n']);
  assert.deepEqual(sanitizeHtml('<form><input value=x>label</form>after').nodes, ['after']);
});

test('formatting survives, renamed to the allowed names', () => {
  const { nodes } = sanitizeHtml('<h1>T</h1><p><b>b</b> <i>i</i> <del>d</del><br>x</p><ol start="3"><li>one</li></ol><pre><code>c</code></pre><blockquote>q</blockquote>');
  assert.deepEqual(nodes, [
    { tag: 'h2', children: ['T'] },
    { tag: 'p', children: [{ tag: 'strong', children: ['b'] }, ' ', { tag: 'em', children: ['i'] }, ' ', { tag: 's', children: ['d'] }, { tag: 'br' }, 'x'] },
    { tag: 'ol', start: 3, children: [{ tag: 'li', children: ['one'] }] },
    { tag: 'pre', children: [{ tag: 'code', children: ['c'] }] },
    { tag: 'blockquote', children: ['q'] },
  ]);
});

test('links keep safe targets only; an unsafe link becomes its text', () => {
  assert.deepEqual(sanitizeHtml('<a href="https://ex.example/a?b=1" title="t" target="_top">x</a>').nodes, [{ tag: 'a', href: 'https://ex.example/a?b=1', title: 't', children: ['x'] }]);
  assert.deepEqual(sanitizeHtml('<a href="xmpp:bob@ex.example?message">b</a>').nodes[0], { tag: 'a', href: 'xmpp:bob@ex.example?message', children: ['b'] });
  assert.deepEqual(sanitizeHtml('<a href="javascript:alert(1)">x</a>').nodes, ['x']);
  assert.deepEqual(sanitizeHtml('<a href="/relative">x</a>').nodes, ['x']);
  assert.equal(safeLinkUrl('mailto:a@b.example'), 'mailto:a@b.example');
  assert.equal(safeLinkUrl('java\nscript:alert(1)'), undefined);
  assert.equal(safeLinkUrl('\u0001javascript:alert(1)'), undefined);
  assert.equal(safeLinkUrl('https://a:b@ex.example/'), undefined);
});

test('images only from https: or the upload origin, with a sane announced size', () => {
  assert.equal(safeImageUrl('https://ex.example/p.jpg', []), 'https://ex.example/p.jpg');
  assert.equal(safeImageUrl(`${UPLOAD_ORIGIN}/file/a.jpg`, [UPLOAD_ORIGIN]), `${UPLOAD_ORIGIN}/file/a.jpg`);
  assert.equal(safeImageUrl('http://ex.example/p.jpg', [UPLOAD_ORIGIN]), undefined);
  assert.equal(safeImageUrl('data:image/png;base64,AAAA', []), undefined);
  assert.deepEqual(sanitizeHtml('<img src="https://ex.example/p.jpg" width="640" height="480" alt="a">').nodes, [{ tag: 'img', src: 'https://ex.example/p.jpg', alt: 'a', width: 640, height: 480 }]);
  assert.deepEqual(sanitizeHtml('<img src="https://ex.example/p.jpg" width="99999" height="4">').nodes, [{ tag: 'img', src: 'https://ex.example/p.jpg' }]);
});

test('malformed nesting cannot carry content out of a link or into a dropped element', () => {
  const { nodes } = sanitizeHtml('<a href="https://ok.example/">in <b>bold</a> out</b>');
  assertSafe(nodes, 'nesting');
  assert.equal(plainText(nodes), 'in bold out');
  assert.deepEqual(sanitizeHtml('<a href="https://a.example/"><a href="https://b.example/">x</a></a>').nodes.length, 2);
  // HTML's own repairs: a stray </p> is an empty paragraph, </br> a line break.
  assert.deepEqual(sanitizeHtml('</p></div>text<br></br>').nodes, [{ tag: 'p' }, 'text', { tag: 'br' }, { tag: 'br' }]);
});

test('comments and CDATA are dropped in HTML; CDATA in XHTML is only text', () => {
  assert.deepEqual(sanitizeHtml('a<!-- <img src=x onerror=alert(1)> -->b').nodes, ['ab']);
  const xhtml = parseElement('<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><![CDATA[<img src=x onerror=alert(1)>]]></div></content>');
  assert.deepEqual(sanitizeXhtml(xhtml).nodes, ['<img src=x onerror=alert(1)>']);
});

test('size bombs are cut off quickly and say so', () => {
  for (const bomb of sizeBombs()) {
    const started = process.hrtime.bigint();
    const result = sanitizeHtml(bomb, { maxNodes: 500, maxDepth: 16 });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assertSafe(result.nodes, 'bomb');
    assert.ok(flatten(result.nodes).length < 20_000);
    assert.ok(elapsedMs < 5_000, `took ${elapsedMs} ms`);
  }
  assert.equal(sanitizeHtml('<b>x</b>'.repeat(2000), { maxNodes: 100 }).truncated, true);
  let depth = 0;
  for (let nodes = sanitizeHtml('<blockquote>'.repeat(100) + 'x', { maxDepth: 8 }).nodes; nodes[0] && typeof nodes[0] !== 'string'; nodes = nodes[0].children ?? []) depth++;
  assert.equal(depth, 8);
});

test('plain text keeps its line breaks as <br> and nothing else', () => {
  assert.deepEqual(textToRich('a <b>\nc'), ['a <b>', { tag: 'br' }, 'c']);
});
