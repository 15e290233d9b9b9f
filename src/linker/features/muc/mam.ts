// A room's message archive: pages of what was said in the room, asked of the room itself.
// References: XEP-0313 v1.1 §4 (query with a data form: FORM_TYPE, start), §4.2 (results as
// <result queryid id><forwarded/></result> messages from the archive's JID, then <fin/>),
// §6.1.1 (MUC archives: the query goes to the room JID), XEP-0059 §2.5 (RSM: <max/>,
// <before/> (empty: the last page), <after/>), XEP-0297 (forwarded + XEP-0203 delay).
import type { Element } from '../../../xml/element.js';
import { getBooleanAttr, getChild, getChildText, xml } from '../../../xml/element.js';
import { NS_DELAY } from './stanza.js';

export const NS_MAM = 'urn:xmpp:mam:2';
export const NS_RSM = 'http://jabber.org/protocol/rsm';
const NS_FORWARD = 'urn:xmpp:forward:0';
const NS_DATA_FORMS = 'jabber:x:data';

export interface RoomArchiveQuery {
  room: string;
  queryId: string;
  /** Messages before this archive id; '' for the newest page. */
  before?: string;
  /** Messages after this archive id (catching up, page by page). */
  after?: string;
  /** Messages from this time (ms) on: catching up since the last message seen. */
  start?: number;
  max: number;
}

export function buildRoomArchiveQuery(query: RoomArchiveQuery): Element {
  const field = (name: string, value: string, type?: string) => xml('field', { var: name, type }, xml('value', null, value));
  return xml('iq', { type: 'set', to: query.room },
    xml('query', { xmlns: NS_MAM, queryid: query.queryId },
      xml('x', { xmlns: NS_DATA_FORMS, type: 'submit' },
        field('FORM_TYPE', NS_MAM, 'hidden'),
        query.start !== undefined ? field('start', new Date(query.start).toISOString()) : null),
      xml('set', { xmlns: NS_RSM },
        xml('max', null, query.max),
        query.before !== undefined ? xml('before', null, query.before || null) : null,
        query.after !== undefined ? xml('after', null, query.after) : null)));
}

export interface ArchivedRoomMessage {
  archiveId: string;
  /** When the room archived it. */
  time: number;
  /** The archived groupchat message (from room@service/nick). */
  message: Element;
}

/** One result of our query; undefined for any other message or one not from the room. */
export function parseRoomArchiveResult(message: Element, queryId: string, room: string): ArchivedRoomMessage | undefined {
  const result = getChild(message, 'result', NS_MAM);
  if (!result || result.attrs.queryid !== queryId || !result.attrs.id || message.attrs.from !== room) return undefined;
  const forwarded = getChild(result, 'forwarded', NS_FORWARD);
  const inner = forwarded && getChild(forwarded, 'message');
  const stamp = forwarded && getChild(forwarded, 'delay', NS_DELAY)?.attrs.stamp;
  const time = stamp ? Date.parse(stamp) : NaN;
  if (!inner || !Number.isFinite(time)) return undefined;
  return { archiveId: result.attrs.id, time, message: inner };
}

export interface ArchivePageEnd {
  /** Nothing further in the direction asked. */
  complete: boolean;
  first: string | undefined;
  last: string | undefined;
}

export function parseArchiveFin(answer: Element): ArchivePageEnd {
  const fin = getChild(answer, 'fin', NS_MAM);
  const set = fin && getChild(fin, 'set', NS_RSM);
  return {
    complete: fin !== undefined && getBooleanAttr(fin, 'complete'),
    first: set && getChildText(set, 'first'),
    last: set && getChildText(set, 'last'),
  };
}
