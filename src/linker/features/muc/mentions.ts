// Whether a room message names someone: shared by the daemon (the muc.mentioned event) and
// the web app (highlighting), so both agree. No imports: the web bundle includes it.

/** Whether a message body mentions this nick as a word (case-insensitive, `@` optional). */
export function mentionsNick(body: string, nick: string): boolean {
  if (nick.trim() === '') return false;
  const escaped = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])@?${escaped}($|[^\\p{L}\\p{N}_])`, 'iu').test(body);
}
