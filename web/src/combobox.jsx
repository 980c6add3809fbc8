// combobox.jsx - choosing target countries by typing part of a name or a code:
// the ARIA 1.2 combobox with a list box, usable with the keyboard alone. The
// chosen countries are a list of buttons that remove them.
import { useMemo, useRef, useState } from 'preact/hooks';
import { countryName, currentLang, t } from './i18n.js';
import { useCountryCodes } from './countries.js';
import { announce } from './live.js';

const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function CountryPicker({ id, label, required, value, onChange, onBlur, describedBy, invalid, hint, error, disabled }) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef(null);
  const lang = currentLang();
  const countryCodes = useCountryCodes();

  const all = useMemo(
    () =>
      countryCodes.map((code) => ({ code, name: countryName(code), folded: fold(countryName(code)) })).sort((a, b) =>
        a.name.localeCompare(b.name, lang),
      ),
    [lang, countryCodes],
  );
  const results = useMemo(() => {
    const q = fold(query.trim());
    if (!q) return [];
    const starts = [];
    const contains = [];
    for (const c of all) {
      if (value.includes(c.code)) continue;
      if (c.code.toLowerCase() === q || c.folded.startsWith(q)) starts.push(c);
      else if (c.folded.includes(q)) contains.push(c);
    }
    return [...starts, ...contains].slice(0, 12);
  }, [query, all, value]);

  const listId = `${id}-list`;
  const expanded = open && query.trim() !== '';
  const optionId = (i) => `${id}-opt-${i}`;

  function pick(c) {
    onChange([...value, c.code]);
    setQuery('');
    setOpen(false);
    setActive(0);
    announce(t('combo.added', { item: c.name }));
    inputRef.current && inputRef.current.focus();
  }

  function remove(code) {
    onChange(value.filter((x) => x !== code));
    announce(t('combo.removed', { item: countryName(code) }));
    inputRef.current && inputRef.current.focus();
  }

  function onKeyDown(e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, Math.max(results.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      if (expanded && results[active]) {
        e.preventDefault(); // choosing a country does not submit the form
        pick(results[active]);
      } else if (query.trim()) {
        e.preventDefault();
      }
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
      } else if (query) {
        setQuery('');
      }
    }
  }

  return (
    <div class="combo">
      <label for={id}>
        {label}
        {required}
      </label>
      {hint}
      {error}
      {value.length > 0 && (
        <ul class="chips" aria-label={t('combo.selected')}>
          {value.map((code) => (
            <li key={code}>
              <button
                type="button"
                class="chip"
                disabled={disabled}
                aria-label={t('form.removeItem', { item: `${countryName(code)} (${code})` })}
                onClick={() => remove(code)}
              >
                {countryName(code)} ({code}) <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="combo-box">
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          autocomplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded ? 'true' : 'false'}
          aria-controls={listId}
          aria-activedescendant={expanded && results[active] ? optionId(active) : undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
          placeholder={t('combo.placeholder')}
          value={query}
          disabled={disabled}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setTimeout(() => setOpen(false), 150);
            onBlur && onBlur();
          }}
        />
        {expanded && results.length > 0 && (
        <ul id={listId} role="listbox" aria-label={label} class="combo-list">
          {results.map((c, i) => (
              <li
                key={c.code}
                id={optionId(i)}
                role="option"
                aria-selected={i === active ? 'true' : 'false'}
                class={i === active ? 'active' : ''}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(c)}
              >
                {c.name} ({c.code})
              </li>
            ))}
        </ul>
        )}
        <p class="visually-hidden" role="status">
          {expanded ? (results.length ? t('combo.results', { n: results.length }) : t('combo.none')) : ''}
        </p>
      </div>
    </div>
  );
}
