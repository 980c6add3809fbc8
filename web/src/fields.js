// fields.js - what a form field is: how its value looks in the form and in the
// API, and the API's rules that can be checked while the user types.
//
// A field: {name, type, required, max, codes, nullable, createOnly, notFuture,
// notBefore, min, maxValue, maxItems, hint, showIf(values)}. Types: text,
// textarea, email, url, date, select, radio, checks, bool, lines, euro, percent,
// integer, countries, ref (one id), refs (several ids).
import { currentLang, t } from './i18n.js';

export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const emptyOf = (f) => {
  switch (f.type) {
    case 'checks':
    case 'countries':
    case 'refs':
      return [];
    case 'bool':
      return false;
    default:
      return '';
  }
};

/* The form's value of a field from the API's value. */
export function fromApi(f, v) {
  if (v === undefined || v === null) return emptyOf(f);
  switch (f.type) {
    case 'lines':
      return Array.isArray(v) ? v.join('\n') : String(v);
    case 'euro':
      return formatDecimal(v / 100, 2);
    case 'percent':
      return formatDecimal(v / 100, 2);
    case 'integer':
      return String(v);
    case 'checks':
    case 'countries':
    case 'refs':
      return Array.isArray(v) ? [...v] : [];
    case 'bool':
      return Boolean(v);
    case 'date':
      return String(v).slice(0, 10);
    default:
      return String(v);
  }
}

function formatDecimal(x, digits) {
  const s = x.toFixed(digits).replace(/\.?0+$/, '');
  return currentLang() === 'de' ? s.replace('.', ',') : s;
}

/* A decimal as typed (1.250,50 or 1,250.50 or 1250.5); NaN when it is none. */
export function parseDecimal(text) {
  let s = String(text).replace(/[\s€%]/g, '');
  if (s === '') return NaN;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const dec = lastComma > lastDot ? ',' : '.';
    const thousands = dec === ',' ? '.' : ',';
    s = s.split(thousands).join('').replace(dec, '.');
  } else if (lastComma >= 0) {
    s = /^\d{1,3}(,\d{3})+$/.test(s) && currentLang() === 'en' ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s) && currentLang() === 'de') {
    s = s.replace(/\./g, '');
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return NaN;
  return Number(s);
}

/* The API's value of a field from the form's value. */
export function toApi(f, v) {
  switch (f.type) {
    case 'lines':
      return String(v)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    case 'euro':
      return v === '' ? null : Math.round(parseDecimal(v) * 100);
    case 'percent':
      return v === '' ? null : Math.round(parseDecimal(v) * 100);
    case 'integer':
      return v === '' ? null : Number(v);
    case 'checks':
    case 'countries':
    case 'refs':
      return [...v];
    case 'bool':
      return Boolean(v);
    case 'select':
    case 'radio':
    case 'ref':
    case 'date':
      return v === '' ? null : v;
    default:
      return v === '' && f.nullable ? null : v;
  }
}

export function isEmpty(f, v) {
  if (Array.isArray(v)) return v.length === 0;
  if (f.type === 'bool') return false;
  return v === '' || v === null || v === undefined;
}

export function sameValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => x === b[i]);
  }
  return a === b;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_RE = /^https?:\/\/[^\s/]+\.[^\s]*$|^https?:\/\/[^\s/]+(\/\S*)?$/;

/*
 * The field's error as {key, vars, live} or null. live: shown while typing
 * (a "required" error waits until the user leaves the field or saves).
 */
export function check(f, v, values) {
  if (f.showIf && !f.showIf(values)) return null;
  if (f.required && isEmpty(f, v)) return { key: 'msg.required', live: false };
  if (isEmpty(f, v)) return null;
  const text = typeof v === 'string' ? v : '';
  switch (f.type) {
    case 'email':
      if (!EMAIL.test(text.trim())) return { key: 'msg.email', live: false };
      break;
    case 'url':
      if (!URL_RE.test(text.trim())) return { key: 'msg.url', live: false };
      break;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { key: 'msg.date', live: true };
      if (f.notFuture && text > today()) return { key: 'msg.notFuture', live: true };
      if (f.notPast && text < today()) return { key: 'msg.notPast', live: true };
      if (f.notBefore && values[f.notBefore] && text < values[f.notBefore])
        return { key: 'msg.notBeforeField', vars: { field: t(`field.${f.notBefore}`) }, live: true };
      break;
    case 'euro': {
      const x = parseDecimal(text);
      if (Number.isNaN(x) || x < 0 || Math.round(x * 100) !== Math.round(x * 100 * 1000) / 1000)
        return { key: 'msg.euro', live: false };
      if (x > 100000000) return { key: 'msg.range', vars: { min: 0, max: '100.000.000' }, live: true };
      break;
    }
    case 'percent': {
      const x = parseDecimal(text);
      if (Number.isNaN(x) || x < 0 || x > 100) return { key: 'msg.percent', live: false };
      break;
    }
    case 'integer': {
      if (!/^-?\d+$/.test(text.trim())) return { key: 'msg.integer', live: true };
      const n = Number(text);
      if ((f.min !== undefined && n < f.min) || (f.maxValue !== undefined && n > f.maxValue))
        return { key: 'msg.range', vars: { min: f.min, max: f.maxValue }, live: true };
      break;
    }
    case 'lines': {
      const lines = toApi(f, v);
      if (f.maxItems && lines.length > f.maxItems)
        return { key: 'msg.maxItems', vars: { n: f.maxItems }, live: true };
      if (f.max && lines.some((l) => l.length > f.max))
        return { key: 'msg.maxLength', vars: { n: f.max, len: Math.max(...lines.map((l) => l.length)) }, live: true };
      return null;
    }
    default:
      break;
  }
  if (Array.isArray(v) && f.maxItems && v.length > f.maxItems)
    return { key: 'msg.maxItems', vars: { n: f.maxItems }, live: true };
  if (f.max && text.length > f.max)
    return { key: 'msg.maxLength', vars: { n: f.max, len: text.length }, live: true };
  return null;
}

/* Every field's error, and the form's own rules (form.rules(values) -> {field: err}). */
export function checkAll(fields, values, rules) {
  const errors = {};
  for (const f of fields) {
    const e = check(f, values[f.name], values);
    if (e) errors[f.name] = e;
  }
  if (rules) {
    for (const [name, e] of Object.entries(rules(values) || {})) {
      if (e && !errors[name]) errors[name] = e;
    }
  }
  return errors;
}

export function initialValues(fields, record, defaults = {}) {
  const values = {};
  for (const f of fields) {
    if (record && record[f.name] !== undefined) values[f.name] = fromApi(f, record[f.name]);
    else if (defaults[f.name] !== undefined) values[f.name] = defaults[f.name];
    else values[f.name] = emptyOf(f);
  }
  return values;
}
