// Builds ltx-shaped element trees from SAX events, the work an application must add
// to an event-per-callback parser (node-expat, saxes) to get what Foyer's parser delivers:
// one `{ name, attrs, children }` tree per depth-1 element of the stream.

export interface TreeElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<TreeElement | string>;
}

export class StanzaTreeBuilder {
  private readonly open: TreeElement[] = [];
  private inStream = false;

  constructor(private readonly onStanza: (stanza: TreeElement) => void) {}

  startElement(name: string, attrs: Record<string, string>): void {
    if (!this.inStream) {
      this.inStream = true; // the stream header, not a stanza
      return;
    }
    const element: TreeElement = { name, attrs, children: [] };
    const parent = this.open[this.open.length - 1];
    if (parent !== undefined) parent.children.push(element);
    this.open.push(element);
  }

  endElement(): void {
    const element = this.open.pop();
    if (element === undefined) {
      this.inStream = false; // </stream:stream>
    } else if (this.open.length === 0) {
      this.onStanza(element);
    }
  }

  /** Adjacent text pieces (SAX parsers split text at entities and chunk ends) become one
   * string, as in Foyer's trees; whitespace between stanzas is dropped. */
  text(text: string): void {
    const parent = this.open[this.open.length - 1];
    if (parent === undefined) return;
    const children = parent.children;
    const last = children.length - 1;
    if (last >= 0 && typeof children[last] === 'string') children[last] += text;
    else children.push(text);
  }
}
