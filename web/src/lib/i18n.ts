// Message lookup for the UI language: English or French, picked from navigator.languages
// unless the person chose one in Settings. Placeholders are filled by name and counts use
// the language's plural rules, so no sentence is ever assembled from fragments.
import { en, type MessageKey, type MessageTable, type Plural } from './messages/en.js';
import { fr } from './messages/fr.js';

export type Language = 'en' | 'fr';

const TABLES: Record<Language, MessageTable> = { en, fr };

/** Each language named in itself, as language menus do. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

export type TextKey = { [K in MessageKey]: MessageTable[K] extends string ? K : never }[MessageKey];
type PluralKey = Exclude<MessageKey, TextKey>;
export type Params = Record<string, string | number>;

let language: Language = 'en';
let pluralRules = new Intl.PluralRules('en');

/** The first supported language in the browser's preference order, else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'fr') return base;
  }
  return 'en';
}

export function setLanguage(next: Language): void {
  language = next;
  pluralRules = new Intl.PluralRules(next);
  document.documentElement.lang = next;
}

export function currentLanguage(): Language {
  return language;
}

function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function t(key: TextKey, params?: Params): string {
  return fill(TABLES[language][key] as string, params);
}

export function tn(key: PluralKey, count: number, params?: Params): string {
  const table = TABLES[language][key] as Plural;
  const form = pluralRules.select(count) === 'one' ? table.one : table.other;
  return fill(form, { ...params, count: count.toLocaleString(language) });
}

/** Intl objects cost far more to make than to use (lists sort and format on every render):
 *  one per language and options, made on first use. */
const formatters = new Map<string, Intl.Collator | Intl.DateTimeFormat | Intl.NumberFormat>();

function formatter<T extends Intl.Collator | Intl.DateTimeFormat | Intl.NumberFormat>(kind: string, options: object, make: () => T): T {
  const key = `${language} ${kind} ${JSON.stringify(options)}`;
  let made = formatters.get(key) as T | undefined;
  if (!made) formatters.set(key, (made = make()));
  return made;
}

/** Compares names the way the UI language sorts them (accents, case). */
export function collator(): Intl.Collator {
  const options: Intl.CollatorOptions = { sensitivity: 'base', numeric: true };
  return formatter('collator', options, () => new Intl.Collator(language, options));
}

/** Dates and times the way the UI language writes them. */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return formatter('date', options, () => new Intl.DateTimeFormat(language, options));
}

/** Numbers (and units) the way the UI language writes them. */
export function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return formatter('number', options, () => new Intl.NumberFormat(language, options));
}

/** A file size, "2.5 MB", in the UI language's units ("2,5 Mo" in French). */
export function formatSize(bytes: number): string {
  const [value, unit] = bytes >= 1e9 ? [bytes / 1e9, 'gigabyte'] : bytes >= 1e6 ? [bytes / 1e6, 'megabyte'] : bytes >= 1e3 ? [bytes / 1e3, 'kilobyte'] : [bytes, 'byte'];
  return numberFormat({ style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
