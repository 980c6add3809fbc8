// i18n.js - the words of the interface, German first, English switchable.
//
// t('key', {n: 3}) looks the key up in the current language (falling back to
// German), and replaces {n}. label(kind, code) names a coded value (a measure
// category, a WZ section...). The choice persists in localStorage.
import { de } from './i18n-de.js';

// German is in the main script; English comes as its own chunk when chosen
// (ready() before the first drawing, setLang on the switch).
const tables = { de };
const loaders = { en: () => import('./i18n-en.js').then((m) => m.en) };
const STORAGE_KEY = 'lotse.lang';
const listeners = new Set();

function initial() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (tables[saved] || loaders[saved])) return saved;
  } catch {
    /* storage may be off: German */
  }
  return 'de';
}

let lang = initial();
document.documentElement.lang = lang;

export function currentLang() {
  return lang;
}

/* Loads the current language's words unless they are here. */
export async function ready() {
  if (!tables[lang]) {
    try {
      tables[lang] = await loaders[lang]();
    } catch {
      lang = 'de'; // German is always here
      document.documentElement.lang = lang;
    }
  }
}

export async function setLang(next) {
  if ((!tables[next] && !loaders[next]) || next === lang) return;
  if (!tables[next]) tables[next] = await loaders[next]();
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* the choice then lasts for this page only */
  }
  document.documentElement.lang = next;
  listeners.forEach((fn) => fn(next));
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function lookup(table, key) {
  let v = table;
  for (const part of key.split('.')) {
    if (v == null) return undefined;
    v = v[part];
  }
  return v;
}

export function t(key, vars) {
  let s = lookup(tables[lang], key);
  if (s === undefined) s = lookup(de, key);
  if (s === undefined) return key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/* The label of a coded value; the code itself when no label is known. */
export function label(kind, code) {
  if (code === null || code === undefined || code === '') return '';
  const s = lookup(tables[lang], `codes.${kind}.${code}`) ?? lookup(de, `codes.${kind}.${code}`);
  return s === undefined ? String(code) : s;
}

/* The codes of a kind, in the order the table lists them. */
export function codes(kind) {
  return Object.keys(lookup(de, `codes.${kind}`) || {});
}

let regionNames = null;
/* A country's name in the current language (Intl knows them all). */
export function countryName(code) {
  if (code === 'XK') return lang === 'de' ? 'Kosovo' : 'Kosovo';
  try {
    if (!regionNames || regionNames.lang !== lang) {
      regionNames = { lang, dn: new Intl.DisplayNames([lang], { type: 'region' }) };
    }
    return regionNames.dn.of(code) || code;
  } catch {
    return code;
  }
}

export function formatDate(iso) {
  if (!iso) return '';
  const [y, m, d] = String(iso).slice(0, 10).split('-');
  if (!d) return String(iso);
  return lang === 'de' ? `${d}.${m}.${y}` : `${y}-${m}-${d}`;
}

export function formatDateTime(iso) {
  if (!iso) return '';
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return String(iso);
  return when.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

export function formatEuro(cents) {
  if (cents === null || cents === undefined) return '';
  return (cents / 100).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
  });
}

export function formatPercent(basisPoints) {
  if (basisPoints === null || basisPoints === undefined) return '';
  return (
    (basisPoints / 100).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', {
      maximumFractionDigits: 2,
    }) + ' %'
  );
}

/*
 * The API's field messages are English; the common ones are said in German too.
 * Anything else is shown as the API wrote it.
 */
const serverMessages = [
  [/^is required$/, 'msg.required'],
  [/^must be one of: (.*)$/, 'msg.oneOf'],
  [/^must not be in the future$/, 'msg.notFuture'],
  [/^must not be in the past$/, 'msg.notPast'],
  [/^must be a date as YYYY-MM-DD$/, 'msg.date'],
  [/^must be a date as DD\.MM\.YYYY or YYYY-MM-DD$/, 'msg.date'],
  [/^must be 1 to (\d+) characters$/, 'msg.length'],
  [/^must be at most (\d+) characters$/, 'msg.maxLength'],
  [/^must be an email address$/, 'msg.email'],
  [/^must not be before (\w+)$/, 'msg.notBefore'],
  [/^is not an ISO 3166-1 alpha-2 country code$/, 'msg.country'],
  [/^must be true or false$/, 'msg.boolean'],
];

export function serverMessage(message) {
  if (lang === 'en' || typeof message !== 'string') return message;
  for (const [re, key] of serverMessages) {
    const m = re.exec(message);
    if (m) return t(key, { n: m[1], list: m[1], field: m[1] });
  }
  return message;
}
