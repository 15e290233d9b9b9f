// Pure TypeScript incremental tokenizer for restricted XMPP XML: the reference the native
// parser is tested against ("bindings match fallback"). Byte-driven so that it applies the
// stanza byte limit, UTF-8 validation and error order exactly as the native core does:
//   - before each byte: bytes since the last settled point (end of the XML declaration, of
//     the stream header, of a stanza, or of whitespace between stanzas) >= maxStanzaBytes
//     means policy-violation;
//   - invalid UTF-8 and characters outside XML 1.0 Char are reported at the byte where
//     they are found; markup errors as soon as a character makes the token impossible.
// References: XML 1.0 (fifth edition); RFC 6120 §11 (restricted XML); RFC 3629 (UTF-8).

import { type Element, setAttribute } from './element.js';
import { ErrorKind } from './errors.js';
import { isStreamRoot, NamespaceScope } from './namespaces.js';
import { isNameChar, isNameStartChar, isXmlChar, isXmlWhitespace } from './xml-names.js';

export type CoreEvent =
  | { type: 'stream-start'; attrs: Record<string, string> }
  | { type: 'stanza'; element: Element }
  | { type: 'stream-end' }
  | { type: 'error'; kind: number; detail: string };

const enum State {
  Prolog, Content, Epilog, TagOpen,
  StartName, InTag, AttrName, AfterAttrName, BeforeValue, Value, AfterValue, EmptyEnd,
  EndName, AfterEndName,
  RefStart, CharRefStart, DecimalRef, HexRef, EntityRef,
  Bang, Comment, CData, PiTarget, PiBody, PiQuestion,
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
const XML_DECL_BODY =
  /^[ \t\n]*version[ \t\n]*=[ \t\n]*(?:"[0-9A-Za-z_.:-]+"|'[0-9A-Za-z_.:-]+')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"([A-Za-z][A-Za-z0-9._-]*)"|'([A-Za-z][A-Za-z0-9._-]*)'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*$/;

interface Frame {
  name: string;
  element: Element;
  text: string;
}

export interface ReferenceCoreOptions {
  maxStanzaBytes: number;
  maxDepth: number;
  /** parseElement mode: the document's root element is itself the one stanza. */
  fragment: boolean;
}

export class ReferenceCore {
  readonly #options: ReferenceCoreOptions;
  #events: CoreEvent[] = [];
  #failed = false;
  // byte accounting
  #position = 0;
  #settled = 0;
  // UTF-8 decoding
  #pendingBytes = 0;
  #codePoint = 0;
  #lower = 0x80;
  #upper = 0xbf;
  #afterCR = false;
  #atDocumentStart = true;
  // tokenizer
  #state = State.Prolog;
  #tokenAtDocumentStart = false;
  #rootClosed = false;
  #stack: Frame[] = [];
  #scope = new NamespaceScope();
  #name = '';
  #attrs: Record<string, string> = {};
  #attrName = '';
  #value = '';
  #quote = 0;
  #refName = '';
  #refValue = 0;
  #refReturn = State.Content;
  #bang = '';
  #dashes = 0;
  #brackets = 0;
  #piTarget = '';
  #piBody = '';

  constructor(options: ReferenceCoreOptions) {
    this.#options = options;
  }

  /** Parses a chunk and returns the events it completed, in document order. */
  write(chunk: Uint8Array): CoreEvent[] {
    for (let i = 0; i < chunk.length && !this.#failed; i++) {
      if (this.#position - this.#settled >= this.#options.maxStanzaBytes) {
        this.#fail(ErrorKind.TooBig, `more than ${this.#options.maxStanzaBytes} bytes`);
        break;
      }
      this.#decodeByte(chunk[i]!);
      this.#position++;
    }
    return this.#takeEvents();
  }

  /** End of input: anything left open inside a stanza or a tag is truncated. */
  end(): CoreEvent[] {
    if (!this.#failed) {
      // A trailing ']' is text once no ']]>' can follow (the native core's expat does the same).
      if (this.#state === State.Content) this.#flushBrackets();
      if (this.#failed) return this.#takeEvents();
      if (this.#pendingBytes > 0) this.#fail(ErrorKind.InvalidUtf8, 'input ends inside a UTF-8 sequence');
      else if (!this.#isCleanEnd()) this.#fail(ErrorKind.Truncated, 'input ends inside a stanza or tag');
    }
    return this.#takeEvents();
  }

  #isCleanEnd(): boolean {
    const stanzaLevel = this.#options.fragment ? 0 : 1;
    if (this.#state === State.Prolog || this.#state === State.Epilog) return true;
    return this.#state === State.Content && this.#stack.length === stanzaLevel;
  }

  #takeEvents(): CoreEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #fail(kind: number, detail: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#events.push({ type: 'error', kind, detail });
  }

  #settle(): void {
    this.#settled = this.#position + 1;
  }

  #decodeByte(byte: number): void {
    if (this.#pendingBytes === 0) {
      if (byte < 0x80) return this.#character(byte);
      if (byte >= 0xc2 && byte <= 0xdf) {
        this.#begin(1, byte & 0x1f, 0x80, 0xbf);
      } else if (byte >= 0xe0 && byte <= 0xef) {
        this.#begin(2, byte & 0x0f, byte === 0xe0 ? 0xa0 : 0x80, byte === 0xed ? 0x9f : 0xbf);
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        this.#begin(3, byte & 0x07, byte === 0xf0 ? 0x90 : 0x80, byte === 0xf4 ? 0x8f : 0xbf);
      } else {
        this.#fail(ErrorKind.InvalidUtf8, `byte 0x${byte.toString(16)} cannot start a UTF-8 sequence`);
      }
      return;
    }
    if (byte < this.#lower || byte > this.#upper) {
      this.#fail(ErrorKind.InvalidUtf8, `byte 0x${byte.toString(16)} breaks a UTF-8 sequence`);
      return;
    }
    this.#codePoint = (this.#codePoint << 6) | (byte & 0x3f);
    this.#lower = 0x80;
    this.#upper = 0xbf;
    if (--this.#pendingBytes === 0) this.#character(this.#codePoint);
  }

  #begin(pending: number, bits: number, lower: number, upper: number): void {
    this.#pendingBytes = pending;
    this.#codePoint = bits;
    this.#lower = lower;
    this.#upper = upper;
  }

  /** One decoded character: XML Char check, BOM, line-end normalization (XML 1.0 §2.11). */
  #character(cp: number): void {
    if (!isXmlChar(cp)) {
      this.#fail(ErrorKind.InvalidChar, `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
      return;
    }
    const atStart = this.#atDocumentStart;
    this.#atDocumentStart = false;
    if (atStart && cp === 0xfeff) {
      this.#atDocumentStart = true;
      return;
    }
    if (cp === 0x0d) {
      this.#afterCR = true;
      this.#step(0x0a, atStart);
      return;
    }
    if (cp === 0x0a && this.#afterCR) {
      this.#afterCR = false;
      return;
    }
    this.#afterCR = false;
    this.#step(cp, atStart);
  }

  #step(cp: number, atStart: boolean): void {
    switch (this.#state) {
      case State.Prolog:
      case State.Epilog:
        if (cp === 0x3c) {
          this.#tokenAtDocumentStart = atStart;
          this.#state = State.TagOpen;
        } else if (!isXmlWhitespace(cp)) {
          this.#fail(ErrorKind.NotWellFormed, 'text outside the root element');
        }
        return;
      case State.Content:
        return this.#content(cp);
      case State.TagOpen:
        return this.#tagOpen(cp);
      case State.StartName:
        if (isNameChar(cp)) this.#name += String.fromCodePoint(cp);
        else this.#afterName(cp);
        return;
      case State.InTag:
      case State.AfterValue:
        if (isXmlWhitespace(cp)) this.#state = State.InTag;
        else if (this.#state === State.InTag && isNameStartChar(cp)) this.#beginAttribute(cp);
        else this.#afterName(cp);
        return;
      case State.AttrName:
        if (isNameChar(cp)) this.#attrName += String.fromCodePoint(cp);
        else if (isXmlWhitespace(cp)) this.#state = State.AfterAttrName;
        else if (cp === 0x3d) this.#state = State.BeforeValue;
        else this.#fail(ErrorKind.NotWellFormed, 'bad attribute name');
        return;
      case State.AfterAttrName:
        if (cp === 0x3d) this.#state = State.BeforeValue;
        else if (!isXmlWhitespace(cp)) this.#fail(ErrorKind.NotWellFormed, "expected '=' after an attribute name");
        return;
      case State.BeforeValue:
        if (cp === 0x22 || cp === 0x27) {
          this.#quote = cp;
          this.#value = '';
          this.#state = State.Value;
        } else if (!isXmlWhitespace(cp)) {
          this.#fail(ErrorKind.NotWellFormed, 'attribute value must be quoted');
        }
        return;
      case State.Value:
        return this.#attributeValue(cp);
      case State.EmptyEnd:
        if (cp === 0x3e) this.#completeStartTag(true);
        else this.#fail(ErrorKind.NotWellFormed, "expected '>' after '/'");
        return;
      case State.EndName:
        if (this.#name === '' ? isNameStartChar(cp) : isNameChar(cp)) this.#name += String.fromCodePoint(cp);
        else if (this.#name !== '' && isXmlWhitespace(cp)) this.#state = State.AfterEndName;
        else if (this.#name !== '' && cp === 0x3e) this.#completeEndTag();
        else this.#fail(ErrorKind.NotWellFormed, 'bad closing tag');
        return;
      case State.AfterEndName:
        if (cp === 0x3e) this.#completeEndTag();
        else if (!isXmlWhitespace(cp)) this.#fail(ErrorKind.NotWellFormed, 'bad closing tag');
        return;
      case State.RefStart:
      case State.CharRefStart:
      case State.DecimalRef:
      case State.HexRef:
      case State.EntityRef:
        return this.#reference(cp);
      case State.Bang:
        return this.#bangToken(cp);
      case State.Comment:
        if (this.#dashes >= 2) {
          if (cp === 0x3e) this.#fail(ErrorKind.Restricted, 'comment');
          else this.#fail(ErrorKind.NotWellFormed, "'--' inside a comment");
        } else {
          this.#dashes = cp === 0x2d ? this.#dashes + 1 : 0;
        }
        return;
      case State.CData:
        return this.#cdata(cp);
      case State.PiTarget:
      case State.PiBody:
      case State.PiQuestion:
        return this.#processingInstruction(cp);
    }
  }

  #content(cp: number): void {
    if (cp === 0x3c) {
      this.#flushBrackets();
      this.#state = State.TagOpen;
    } else if (cp === 0x26) {
      this.#flushBrackets();
      this.#refReturn = State.Content;
      this.#state = State.RefStart;
    } else if (cp === 0x5d) {
      this.#brackets++;
    } else if (cp === 0x3e && this.#brackets >= 2) {
      this.#fail(ErrorKind.NotWellFormed, "']]>' in text");
    } else {
      this.#flushBrackets();
      this.#text(cp);
    }
  }

  #flushBrackets(): void {
    for (; this.#brackets > 0 && !this.#failed; this.#brackets--) this.#text(0x5d);
    this.#brackets = 0;
  }

  #tagOpen(cp: number): void {
    const inContent = this.#stack.length > 0;
    if (cp === 0x2f) {
      if (inContent) {
        this.#name = '';
        this.#state = State.EndName;
      } else {
        this.#fail(ErrorKind.NotWellFormed, 'closing tag outside the root element');
      }
    } else if (cp === 0x3f) {
      this.#piTarget = '';
      this.#piBody = '';
      this.#state = State.PiTarget;
    } else if (cp === 0x21) {
      this.#bang = '';
      this.#state = State.Bang;
    } else if (isNameStartChar(cp) && !this.#rootClosed) {
      this.#name = String.fromCodePoint(cp);
      this.#attrs = {};
      this.#state = State.StartName;
    } else {
      this.#fail(ErrorKind.NotWellFormed, this.#rootClosed ? 'content after the root element' : "bad character after '<'");
    }
  }

  /** After a tag name or attribute value: whitespace, '>', '/>'. */
  #afterName(cp: number): void {
    if (isXmlWhitespace(cp)) this.#state = State.InTag;
    else if (cp === 0x3e) this.#completeStartTag(false);
    else if (cp === 0x2f) this.#state = State.EmptyEnd;
    else this.#fail(ErrorKind.NotWellFormed, 'bad character in a start tag');
  }

  #beginAttribute(cp: number): void {
    this.#attrName = String.fromCodePoint(cp);
    this.#state = State.AttrName;
  }

  #attributeValue(cp: number): void {
    if (cp === this.#quote) {
      if (Object.prototype.hasOwnProperty.call(this.#attrs, this.#attrName)) {
        this.#fail(ErrorKind.NotWellFormed, `duplicate attribute ${this.#attrName}`);
        return;
      }
      setAttribute(this.#attrs, this.#attrName, this.#value);
      this.#state = State.AfterValue;
    } else if (cp === 0x3c) {
      this.#fail(ErrorKind.NotWellFormed, "'<' in an attribute value");
    } else if (cp === 0x26) {
      this.#refReturn = State.Value;
      this.#state = State.RefStart;
    } else {
      // Attribute-value normalization (XML 1.0 §3.3.3): literal whitespace becomes a space.
      this.#value += isXmlWhitespace(cp) ? ' ' : String.fromCodePoint(cp);
    }
  }

  #reference(cp: number): void {
    switch (this.#state) {
      case State.RefStart:
        if (cp === 0x23) {
          this.#state = State.CharRefStart;
        } else if (isNameStartChar(cp)) {
          this.#refName = String.fromCodePoint(cp);
          this.#state = State.EntityRef;
        } else {
          this.#fail(ErrorKind.NotWellFormed, "bad character after '&'");
        }
        return;
      case State.CharRefStart:
        this.#refValue = 0;
        this.#refName = '';
        if (cp === 0x78) this.#state = State.HexRef;
        else if (cp >= 0x30 && cp <= 0x39) this.#digit(cp - 0x30, 10, State.DecimalRef);
        else this.#fail(ErrorKind.NotWellFormed, 'bad character reference');
        return;
      case State.DecimalRef:
      case State.HexRef: {
        if (cp === 0x3b && this.#refName !== '') return this.#resolvedReference(this.#refValue);
        const digit = cp >= 0x30 && cp <= 0x39 ? cp - 0x30 : (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x66 ? (cp | 0x20) - 0x57 : -1;
        const base = this.#state === State.HexRef ? 16 : 10;
        if (digit < 0 || digit >= base) this.#fail(ErrorKind.NotWellFormed, 'bad character reference');
        else this.#digit(digit, base, this.#state);
        return;
      }
      case State.EntityRef:
        if (isNameChar(cp)) {
          this.#refName += String.fromCodePoint(cp);
        } else if (cp === 0x3b) {
          const value = PREDEFINED_ENTITIES[this.#refName];
          if (value === undefined) this.#fail(ErrorKind.Restricted, `entity reference &${this.#refName};`);
          else this.#resolvedReference(value.charCodeAt(0));
        } else {
          this.#fail(ErrorKind.NotWellFormed, 'bad entity reference');
        }
        return;
    }
  }

  #digit(digit: number, base: number, state: State): void {
    // Clamp so that an endless run of digits stays a (too large) number.
    this.#refValue = Math.min(this.#refValue * base + digit, 0x110000);
    this.#refName = 'digits';
    this.#state = state;
  }

  #resolvedReference(cp: number): void {
    if (!isXmlChar(cp)) {
      this.#fail(ErrorKind.InvalidChar, `character reference to U+${cp.toString(16).toUpperCase()}`);
      return;
    }
    this.#state = this.#refReturn;
    if (this.#refReturn === State.Value) this.#value += String.fromCodePoint(cp);
    else this.#text(cp);
  }

  #bangToken(cp: number): void {
    this.#bang += String.fromCodePoint(cp);
    const inProlog = this.#stack.length === 0 && !this.#rootClosed;
    const inContent = this.#stack.length > 0;
    if (this.#bang === '--') {
      this.#dashes = 0;
      this.#state = State.Comment;
    } else if (inContent && this.#bang === '[CDATA[') {
      this.#brackets = 0;
      this.#state = State.CData;
    } else if (inProlog && this.#bang === 'DOCTYPE') {
      this.#fail(ErrorKind.Restricted, 'DOCTYPE');
    } else if (
      !'--'.startsWith(this.#bang) &&
      !(inContent && '[CDATA['.startsWith(this.#bang)) &&
      !(inProlog && 'DOCTYPE'.startsWith(this.#bang))
    ) {
      this.#fail(ErrorKind.NotWellFormed, "bad markup after '<!'");
    }
  }

  #cdata(cp: number): void {
    if (cp === 0x5d) {
      this.#brackets++;
    } else if (cp === 0x3e && this.#brackets >= 2) {
      this.#brackets -= 2;
      this.#flushBrackets();
      this.#state = State.Content;
    } else {
      this.#flushBrackets();
      this.#text(cp);
    }
  }

  #processingInstruction(cp: number): void {
    if (this.#state === State.PiTarget) {
      if (this.#piTarget === '' ? isNameStartChar(cp) : isNameChar(cp)) this.#piTarget += String.fromCodePoint(cp);
      else if (this.#piTarget !== '' && isXmlWhitespace(cp)) this.#state = State.PiBody;
      else if (this.#piTarget !== '' && cp === 0x3f) this.#state = State.PiQuestion;
      else this.#fail(ErrorKind.NotWellFormed, 'bad processing instruction target');
    } else if (this.#state === State.PiBody) {
      if (cp === 0x3f) this.#state = State.PiQuestion;
      else this.#piBody += String.fromCodePoint(cp);
    } else if (cp === 0x3e) {
      this.#completeProcessingInstruction();
    } else {
      this.#piBody += '?';
      if (cp === 0x3f) return;
      this.#piBody += String.fromCodePoint(cp);
      this.#state = State.PiBody;
    }
  }

  #completeProcessingInstruction(): void {
    if (this.#piTarget === 'xml' && this.#tokenAtDocumentStart) {
      const declaration = XML_DECL_BODY.exec(this.#piBody);
      if (!declaration) return this.#fail(ErrorKind.NotWellFormed, 'bad XML declaration');
      const encoding = declaration[1] ?? declaration[2];
      if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') {
        return this.#fail(ErrorKind.UnsupportedEncoding, encoding);
      }
      this.#settle();
      this.#state = State.Prolog;
    } else if (this.#piTarget.toLowerCase() === 'xml') {
      this.#fail(ErrorKind.NotWellFormed, 'XML declaration not at the start of the stream');
    } else {
      this.#fail(ErrorKind.Restricted, `processing instruction ${this.#piTarget}`);
    }
  }

  /** Character data at the current depth: stanza text, or whitespace between stanzas. */
  #text(cp: number): void {
    const top = this.#stack[this.#stack.length - 1]!;
    if (this.#stack.length === 1 && !this.#options.fragment) {
      if (isXmlWhitespace(cp)) this.#settle();
      else this.#fail(ErrorKind.StreamText, 'text between stanzas');
      return;
    }
    top.text += String.fromCodePoint(cp);
  }

  #completeStartTag(isEmpty: boolean): void {
    const name = this.#name;
    const attrs = this.#attrs;
    const namespaceError = this.#scope.open(name, attrs);
    if (namespaceError >= 0) return this.#fail(namespaceError, name);
    const depth = this.#stack.length;
    const element: Element = { name, attrs, children: [] };
    if (depth === 0 && !this.#options.fragment) {
      if (!isStreamRoot(name, attrs)) return this.#fail(ErrorKind.InvalidNamespace, name);
      this.#events.push({ type: 'stream-start', attrs });
      this.#settle();
    } else {
      const stanzaDepth = this.#options.fragment ? depth + 1 : depth;
      if (stanzaDepth > this.#options.maxDepth) return this.#fail(ErrorKind.TooDeep, `depth ${stanzaDepth}`);
      const parent = this.#stack[depth - 1];
      if (parent && stanzaDepth > 1) {
        if (parent.text !== '') parent.element.children.push(parent.text);
        parent.text = '';
        parent.element.children.push(element);
      }
    }
    this.#stack.push({ name, element, text: '' });
    this.#state = State.Content;
    if (isEmpty) this.#completeEndTag(name);
  }

  #completeEndTag(name = this.#name): void {
    const frame = this.#stack.pop()!;
    if (frame.name !== name) return this.#fail(ErrorKind.MismatchedTag, `</${name}> closes <${frame.name}>`);
    this.#scope.close();
    if (frame.text !== '') frame.element.children.push(frame.text);
    const depth = this.#stack.length;
    if (depth === 0) {
      this.#events.push(this.#options.fragment ? { type: 'stanza', element: frame.element } : { type: 'stream-end' });
      this.#rootClosed = true;
      this.#state = State.Epilog;
    } else {
      if (depth === 1 && !this.#options.fragment) this.#events.push({ type: 'stanza', element: frame.element });
      this.#state = State.Content;
    }
    if (depth <= 1) this.#settle();
  }
}
