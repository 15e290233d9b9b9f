// A file shared in a message (CONTRACTS-2 "Attachments"; chat owns this module and its
// XEP-0066 / XEP-0446 stanza form).

export interface Attachment { url: string; name: string; mediaType: string; size: number; width?: number; height?: number }
