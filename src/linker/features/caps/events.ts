// Events of the caps feature (shared with web/ and mqtt/ as types).
export type CapsEvent =
  | { name: 'caps.info-resolved'; payload: { jid: string; ver: string } }
  | { name: 'caps.verification-failed'; payload: { jid: string; ver: string; reason: string } };
