// serialize() and parseElement(): escaping, round trips, and misuse.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type Element, parseElement, serialize, XmlStreamError } from './index.js';

const el = (name: string, attrs: Record<string, string> = {}, children: Array<Element | string> = []): Element => ({ name, attrs, children });

describe('serialize', () => {
  it('writes an empty element as a self-closing tag and escapes attributes and text', () => {
    assert.equal(serialize(el('a')), '<a/>');
    assert.equal(
      serialize(el('a', { b: `& < > " '` }, [`& < > " '`])),
      `<a b="&amp; &lt; &gt; &quot; &apos;">&amp; &lt; &gt; " '</a>`,
    );
  });

  it('writes tab, LF and CR in attributes and CR in text as character references', () => {
    assert.equal(serialize(el('a', { b: 'x\ty\nz\r' }, ['1\n2\r3\t'])), '<a b="x&#9;y&#10;z&#13;">1\n2&#13;3\t</a>');
  });

  it('replaces characters XML 1.0 cannot carry with U+FFFD', () => {
    assert.equal(serialize(el('a', { b: '\u0001' }, ['x\u0000y\uffff\ud800'])), '<a b="\ufffd">x\ufffdy\ufffd\ufffd</a>');
  });

  it('skips attributes set to undefined, as ltx does', () => {
    const attrs = { a: '1', b: undefined } as unknown as Record<string, string>;
    assert.equal(serialize(el('x', attrs)), '<x a="1"/>');
  });

  it('throws TypeError on a name that would break the markup', () => {
    assert.throws(() => serialize(el('a b')), TypeError);
    assert.throws(() => serialize(el('a', { 'x="1" y': '2' })), TypeError);
    assert.throws(() => serialize(el('')), TypeError);
  });
});

describe('parseElement(serialize(x)) round trips', () => {
  const tricky = [
    `& < > " '`,
    ']]>',
    'tab\there, newline\nthere, CR\rand CRLF\r\n',
    'astral 😀𝄞 and BMP é€日本 and U+FEFF \ufeff',
    '  leading and trailing spaces  ',
    '&amp; literally',
  ];
  for (const text of tricky) {
    it(`survives ${JSON.stringify(text)}`, () => {
      const element = el('message', { xmlns: 'jabber:client', to: text, 'xml:lang': 'en' }, [
        text,
        el('body', {}, [text]),
        el('x:y', { 'xmlns:x': 'urn:x', 'x:attr': text }),
      ]);
      assert.deepStrictEqual(parseElement(serialize(element)), element);
    });
  }

  it('round trips a deep tree', () => {
    let element = el('leaf', {}, ['bottom']);
    for (let i = 0; i < 40; i++) element = el(`n${i}`, { i: String(i) }, ['t', element, 'u']);
    assert.deepStrictEqual(parseElement(serialize(element)), element);
  });
});

describe('parseElement', () => {
  it('parses from a string or bytes, surrounding whitespace allowed', () => {
    const expected = el('iq', { type: 'get' }, [el('query', { xmlns: 'jabber:iq:roster' })]);
    assert.deepStrictEqual(parseElement(" <iq type='get'><query xmlns='jabber:iq:roster'/></iq>\n"), expected);
    assert.deepStrictEqual(parseElement(Buffer.from("<iq type='get'><query xmlns='jabber:iq:roster'/></iq>")), expected);
  });

  it('throws XmlStreamError with the condition', () => {
    const cases: Array<[string, string, string]> = [
      ['<a><b></a>', 'not-well-formed', 'E_XML_MISMATCHED_TAG'],
      ['<a><!-- x --></a>', 'restricted-xml', 'E_XML_RESTRICTED'],
      ['<a>', 'not-well-formed', 'E_XML_TRUNCATED'],
      ['', 'not-well-formed', 'E_XML_TRUNCATED'],
      ['<a/><b/>', 'not-well-formed', 'E_XML_NOT_WELL_FORMED'],
      ['<p:a/>', 'not-well-formed', 'E_XML_UNBOUND_PREFIX'],
    ];
    for (const [xml, condition, code] of cases) {
      assert.throws(
        () => parseElement(xml),
        (error: unknown) => error instanceof XmlStreamError && error.condition === condition && error.code === code,
        xml,
      );
    }
  });

  it('throws TypeError on input that is neither a string nor bytes', () => {
    assert.throws(() => parseElement(42 as unknown as string), TypeError);
  });
});
