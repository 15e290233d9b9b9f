// The shape of a file shared in a message, on its own so the web app can import it without
// the stanza code (which needs Node).
export interface Attachment {
  url: string;
  name: string;
  mediaType: string;
  size: number;
  width?: number;
  height?: number;
}
