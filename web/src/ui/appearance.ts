// Applying and remembering the language and theme choices. A theme of "auto" leaves it to
// prefers-color-scheme in the stylesheet; an explicit one sets data-theme on <html>, which
// the stylesheet lets win.
import { pickLanguage, setLanguage } from '../lib/i18n.js';
import { savePreference, type LanguageChoice, type ThemeChoice } from '../lib/preferences.js';

export function applyLanguageChoice(choice: LanguageChoice, save = true): void {
  setLanguage(choice === 'auto' ? pickLanguage(navigator.languages) : choice);
  if (save) savePreference('language', choice);
}

export function applyThemeChoice(choice: ThemeChoice, save = true): void {
  const root = document.documentElement;
  if (choice === 'auto') delete root.dataset.theme;
  else root.dataset.theme = choice;
  if (save) savePreference('theme', choice);
}
