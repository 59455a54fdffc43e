/** The language switcher on every screen, each language named in itself. */
import { LANGS, isLang, languageName, type I18n, type Lang } from '../i18n/i18n.ts';

export function LangSwitch(props: { i18n: I18n; onChange(lang: Lang): void }) {
  return (
    <label class="lang-switch">
      <span>{props.i18n.t('lang.label')}</span>
      <select
        value={props.i18n.lang}
        onChange={(event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          if (isLang(value)) props.onChange(value);
        }}
      >
        {LANGS.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {languageName(lang)}
          </option>
        ))}
      </select>
    </label>
  );
}
