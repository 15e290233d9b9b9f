// Message archive queries (XEP-0313), for every archive: our account's (one-to-one history
// and catch-up, chat) and a room's (muc). One page at a time, backwards (history as the
// person scrolls up) or forwards from a known archive id or time (catching up).
// References: XEP-0313 v1.1 §4 (query with a data form: FORM_TYPE, with, start, end), §4.2
// (results as <result queryid id><forwarded/></result> messages from the archive, then
// <fin/>), §6.1.1 (a room's archive: the query goes to the room JID), XEP-0059 §2.5 (RSM:
// <max/>, <before/> (empty: the last page), <after/>), XEP-0297 (forwarded + XEP-0203 delay),
// XEP-0004 (data forms).
import type { Element } from '../../../xml/element.js';
import { getBooleanAttr, getChild, getChildText, xml } from '../../../xml/element.js';
import { NS_DATA_FORMS, NS_DELAY, NS_FORWARD, NS_RSM } from '../../namespaces.js';

export const NS_MAM = 'urn:xmpp:mam:2';

export interface MamQuery {
  queryId: string;
  /** The archive asked: a room's JID; unset for our own account's. */
  to?: string;
  /** Only the conversation with this bare JID. */
  with?: string;
  /** Messages before this archive id; '' for the newest page. */
  before?: string;
  /** Messages after this archive id (catching up). */
  after?: string;
  /** Messages from this time (ms) on: a room's catch-up since the last message seen. */
  start?: number;
  /** Messages up to this time (ms), for a conversation whose cached part has no archive id. */
  end?: number;
  max: number;
}

export function buildMamQuery(query: MamQuery): Element {
  const field = (name: string, value: string, type?: string) => xml('field', { var: name, type }, xml('value', null, value));
  return xml('iq', { type: 'set', to: query.to },
    xml('query', { xmlns: NS_MAM, queryid: query.queryId },
      xml('x', { xmlns: NS_DATA_FORMS, type: 'submit' },
        field('FORM_TYPE', NS_MAM, 'hidden'),
        query.with !== undefined ? field('with', query.with) : null,
        query.start !== undefined ? field('start', new Date(query.start).toISOString()) : null,
        query.end !== undefined ? field('end', new Date(query.end).toISOString()) : null),
      xml('set', { xmlns: NS_RSM },
        xml('max', null, query.max),
        query.before !== undefined ? xml('before', null, query.before || null) : null,
        query.after !== undefined ? xml('after', null, query.after) : null)));
}

export interface MamResult {
  archiveId: string;
  /** When the archive stored it. */
  time: number;
  message: Element;
}

/**
 * One archived message of our query; undefined for any other message, or for one whose
 * sender `isFromArchive` refuses (only the archive asked answers a query).
 */
export function parseMamResult(message: Element, queryId: string, isFromArchive: (from: string | undefined) => boolean): MamResult | undefined {
  const result = getChild(message, 'result', NS_MAM);
  if (!result || result.attrs.queryid !== queryId || !result.attrs.id || !isFromArchive(message.attrs.from)) return undefined;
  const forwarded = getChild(result, 'forwarded', NS_FORWARD);
  const inner = forwarded && getChild(forwarded, 'message');
  const stamp = forwarded && getChild(forwarded, 'delay', NS_DELAY)?.attrs.stamp;
  const time = stamp ? Date.parse(stamp) : NaN;
  if (!inner || !Number.isFinite(time)) return undefined;
  return { archiveId: result.attrs.id, time, message: inner };
}

export interface MamFin {
  /** The archive has nothing further in the direction asked. */
  complete: boolean;
  first: string | undefined;
  last: string | undefined;
}

export function parseMamFin(answer: Element): MamFin {
  const fin = getChild(answer, 'fin', NS_MAM);
  const set = fin && getChild(fin, 'set', NS_RSM);
  return {
    complete: fin !== undefined && getBooleanAttr(fin, 'complete'),
    first: set && getChildText(set, 'first'),
    last: set && getChildText(set, 'last'),
  };
}

/**
 * The times to keep a page of archived messages at, in archive order. Prosody stamps to the
 * second, so without this the messages of one second would sort by their (random) ids, and
 * pages of one second would interleave. Each time is its stamp, moved just enough to stay
 * in archive order: after `bounds.after` (a catch-up follows what is kept), or before
 * `bounds.before` (a history page precedes what is kept).
 */
export function orderedTimes(results: readonly Pick<MamResult, 'time'>[], bounds: { after: number } | { before: number }): number[] {
  if ('after' in bounds) {
    let previous = bounds.after;
    return results.map(({ time }) => (previous = Math.max(time, previous + 1)));
  }
  let next = bounds.before;
  return results.map(({ time }) => time).reverse().map((time) => (next = Math.min(time, next - 1))).reverse();
}
