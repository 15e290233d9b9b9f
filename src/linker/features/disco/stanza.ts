// Service discovery payloads: parse and build disco#info, parse disco#items.
// References: XEP-0030 v2.5 §3.1 (info query/result), §4.1 (items), XEP-0128 (extended
// info as data forms), XEP-0004 §3.2 (fields).
import type { Element } from '../../../../native/expat-stream/index.js';
import { getChild, getChildren, getText, xml } from '../../../xml/element.js';
import { NS_DATA_FORMS } from '../../namespaces.js';

export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';

export interface DiscoIdentity {
  category: string;
  type: string;
  name?: string;
  lang?: string;
}

/** An extended-info form; FORM_TYPE is kept apart from the other fields. */
export interface DiscoForm {
  formType: string;
  fields: Array<{ var: string; values: string[] }>;
}

export interface DiscoInfo {
  identities: DiscoIdentity[];
  features: string[];
  forms: DiscoForm[];
}

export interface DiscoItem {
  jid: string;
  node?: string;
  name?: string;
}

export function parseDiscoInfo(query: Element): DiscoInfo {
  return {
    identities: getChildren(query, 'identity').map((identity) => ({
      category: identity.attrs.category ?? '',
      type: identity.attrs.type ?? '',
      ...(identity.attrs.name !== undefined && { name: identity.attrs.name }),
      ...(identity.attrs['xml:lang'] !== undefined && { lang: identity.attrs['xml:lang'] }),
    })),
    features: getChildren(query, 'feature').flatMap((feature) => (feature.attrs.var === undefined ? [] : [feature.attrs.var])),
    forms: getChildren(query, 'x', NS_DATA_FORMS).map(parseForm),
  };
}

function parseForm(form: Element): DiscoForm {
  let formType = '';
  const fields: DiscoForm['fields'] = [];
  for (const field of getChildren(form, 'field')) {
    const values = getChildren(field, 'value').map(getText);
    if (field.attrs.var === 'FORM_TYPE') formType = values[0] ?? '';
    else if (field.attrs.var !== undefined) fields.push({ var: field.attrs.var, values });
  }
  return { formType, fields };
}

export function buildDiscoInfo(info: DiscoInfo, node?: string): Element {
  return xml('query', { xmlns: NS_DISCO_INFO, node },
    info.identities.map((identity) => xml('identity', {
      category: identity.category, type: identity.type, name: identity.name, 'xml:lang': identity.lang,
    })),
    info.features.map((feature) => xml('feature', { var: feature })),
    info.forms.map((form) => xml('x', { xmlns: NS_DATA_FORMS, type: 'result' },
      xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', null, form.formType)),
      form.fields.map((field) => xml('field', { var: field.var }, field.values.map((value) => xml('value', null, value)))))));
}

export function parseDiscoItems(query: Element): DiscoItem[] {
  return getChildren(query, 'item').flatMap((item) => (item.attrs.jid === undefined ? [] : [{
    jid: item.attrs.jid,
    ...(item.attrs.node !== undefined && { node: item.attrs.node }),
    ...(item.attrs.name !== undefined && { name: item.attrs.name }),
  }]));
}

/** The payload of a disco result, or undefined when the answer has none. */
export function queryOf(result: Element, xmlns: string): Element | undefined {
  return getChild(result, 'query', xmlns);
}
