// Settings on this device: language and theme overrides, and signing out.
import { h } from '../lib/dom.js';
import { LANGUAGE_NAMES, t } from '../lib/i18n.js';
import { loadPreferences, type LanguageChoice, type ThemeChoice } from '../lib/preferences.js';
import type { Screen } from './screen.js';
import { applyLanguageChoice, applyThemeChoice } from './appearance.js';

function select<T extends string>(id: string, label: string, current: T, options: ReadonlyArray<readonly [T, string]>, onChange: (value: T) => void): HTMLElement {
  const control = h('select', { id, name: id }, options.map(([value, text]) => h('option', { value, selected: value === current }, text)));
  control.addEventListener('change', () => onChange(control.value as T));
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

export const settingsScreen: Screen = (context) => {
  const preferences = loadPreferences();
  const error = h('p', { class: 'form-error', role: 'alert' });
  const logout = h('button', { type: 'button', class: 'button danger' }, t('settings.logout'));
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    try {
      await context.logout();
    } catch (failure) {
      logout.disabled = false;
      error.textContent = t('settings.logoutFailed', { reason: (failure as Error).message });
    }
  });
  const languages: ReadonlyArray<readonly [LanguageChoice, string]> = [
    ['auto', t('settings.languageAuto')],
    ['en', LANGUAGE_NAMES.en],
    ['fr', LANGUAGE_NAMES.fr],
  ];
  const themes: ReadonlyArray<readonly [ThemeChoice, string]> = [
    ['auto', t('settings.themeAuto')],
    ['light', t('settings.themeLight')],
    ['dark', t('settings.themeDark')],
  ];
  return {
    list: null,
    content: h(
      'section',
      { class: 'page', 'aria-labelledby': 'pane-title' },
      h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('settings.title')),
      select('setting-language', t('settings.language'), preferences.language, languages, (choice) => {
        applyLanguageChoice(choice);
        context.rerender();
        document.getElementById('setting-language')?.focus();
      }),
      select('setting-theme', t('settings.theme'), preferences.theme, themes, applyThemeChoice),
      logout,
      error,
    ),
    dispose: () => {},
  };
};
