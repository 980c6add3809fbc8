// ui.jsx - the pieces every page is built of: labelled fields with their
// errors, the error summary, status messages and tables.
import { useEffect, useRef } from 'preact/hooks';
import { codes, countryName, formatDate, label, serverMessage, t } from './i18n.js';
import { CountryPicker } from './combobox.jsx';

export function fieldId(formId, name) {
  return `${formId}-${name}`;
}

/* The text of a field's error ({key, vars} from fields.js, or {server: text}). */
export function errorText(e) {
  if (!e) return '';
  if (e.server !== undefined) return serverMessage(e.server);
  return t(e.key, e.vars);
}

/*
 * One field: its label, hint, input and error, wired with for/id,
 * aria-describedby and aria-invalid.
 */
export function Field({ formId, field: f, value, error, onInput, onBlur, options, disabled }) {
  const id = fieldId(formId, f.name);
  const hintId = `${id}-hint`;
  const errId = `${id}-error`;
  const labelText = f.label ? t(f.label) : t(`field.${f.name}`);
  const hint = f.hint === false ? null : t(`hint.${f.name}`) !== `hint.${f.name}` ? t(`hint.${f.name}`) : null;
  const hintText = f.type === 'lines' ? [hint, t('form.linesHint')].filter(Boolean).join(' ') : hint;
  const describedBy = [hintText ? hintId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: f.name,
    disabled,
    'aria-describedby': describedBy,
    'aria-invalid': error ? 'true' : undefined,
    'aria-required': f.required ? 'true' : undefined,
    onBlur: () => onBlur && onBlur(f.name),
  };
  const req = f.required ? <span class="req"> ({t('form.required')})</span> : null;
  const hintEl = hintText ? (
    <p class="hint" id={hintId}>
      {hintText}
    </p>
  ) : null;
  const errEl = error ? (
    <p class="field-error" id={errId}>
      <span class="visually-hidden">{t('msg.errorPrefix')}</span>
      {errorText(error)}
    </p>
  ) : null;
  const wrapClass = `field field-${f.type}${error ? ' has-error' : ''}`;

  if (f.type === 'checks' || f.type === 'refs' || f.type === 'radio') {
    const items =
      f.type === 'refs'
        ? options || []
        : codes(f.codes).map((c) => ({ value: c, label: label(f.codes, c) }));
    const selected = f.type === 'radio' ? [value] : value || [];
    const inputType = f.type === 'radio' ? 'radio' : 'checkbox';
    return (
      <fieldset class={wrapClass} id={id} tabindex="-1" aria-describedby={describedBy}>
        <legend>
          {labelText}
          {req}
        </legend>
        {hintEl}
        {errEl}
        <div class={`choices${items.length > 6 ? ' choices-many' : ''}`}>
          {items.length === 0 && <p class="hint">{t('list.empty')}</p>}
          {items.map((item) => (
            <label class="choice" key={item.value}>
              <input
                type={inputType}
                name={`${formId}-${f.name}`}
                value={item.value}
                checked={selected.includes(item.value)}
                disabled={disabled}
                aria-invalid={error ? 'true' : undefined}
                onChange={(e) => {
                  if (f.type === 'radio') onInput(f.name, item.value);
                  else
                    onInput(
                      f.name,
                      e.currentTarget.checked
                        ? [...selected, item.value]
                        : selected.filter((x) => x !== item.value),
                    );
                }}
                onBlur={() => onBlur && onBlur(f.name)}
              />{' '}
              {item.label}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }

  if (f.type === 'countries') {
    return (
      <div class={wrapClass}>
        <CountryPicker
          id={id}
          label={labelText}
          required={req}
          value={value || []}
          onChange={(v) => onInput(f.name, v)}
          onBlur={() => onBlur && onBlur(f.name)}
          describedBy={describedBy}
          invalid={!!error}
          hint={hintEl}
          error={errEl}
          disabled={disabled}
        />
      </div>
    );
  }

  if (f.type === 'bool') {
    return (
      <div class={`${wrapClass} field-check`}>
        <input
          type="checkbox"
          {...common}
          checked={!!value}
          onChange={(e) => onInput(f.name, e.currentTarget.checked)}
        />
        <label for={id}>{labelText}</label>
        {hintEl}
        {errEl}
      </div>
    );
  }

  let input;
  const onText = (e) => onInput(f.name, e.currentTarget.value);
  switch (f.type) {
    case 'textarea':
    case 'lines':
      input = <textarea {...common} rows={f.rows || (f.type === 'lines' ? 4 : 5)} value={value} onInput={onText} />;
      break;
    case 'select':
    case 'ref': {
      const items =
        f.type === 'ref'
          ? options || []
          : codes(f.codes).map((c) => ({ value: c, label: label(f.codes, c) }));
      input = (
        <select {...common} value={value} onChange={onText}>
          {(!f.required || value === '') && <option value="">{t('form.none')}</option>}
          {items.map((item) => (
            <option key={item.value} value={item.value}>
              {item.label}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'date':
      input = <input type="date" {...common} value={value} onInput={onText} onChange={onText} />;
      break;
    case 'email':
      input = <input type="email" autocomplete="off" {...common} value={value} onInput={onText} />;
      break;
    case 'url':
      input = <input type="url" {...common} value={value} onInput={onText} />;
      break;
    case 'euro':
    case 'percent':
    case 'integer':
      input = <input type="text" inputmode="decimal" {...common} value={value} onInput={onText} />;
      break;
    case 'password':
      input = <input type="password" autocomplete="new-password" {...common} value={value} onInput={onText} />;
      break;
    default:
      input = <input type="text" {...common} value={value} onInput={onText} />;
  }
  return (
    <div class={wrapClass}>
      <label for={id}>
        {labelText}
        {req}
      </label>
      {hintEl}
      {errEl}
      {input}
    </div>
  );
}

/* A field's value as text, for tables and the conflict view. */
export function display(f, v) {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0) || v === '') return '–';
  switch (f.type) {
    case 'select':
    case 'radio':
      return label(f.codes, v);
    case 'checks':
      return v.map((c) => label(f.codes, c)).join(', ');
    case 'countries':
      return v.map((c) => `${countryName(c)} (${c})`).join(', ');
    case 'bool':
      return v ? t('list.yes') : t('list.no');
    case 'date':
      return formatDate(v);
    case 'euro':
      return `${v} €`;
    case 'percent':
      return `${v} %`;
    default:
      return Array.isArray(v) ? v.join(', ') : String(v);
  }
}

/*
 * The error summary at the top of a form (WCAG 3.3.1): every error with a
 * link that moves the focus to its field. It takes the focus when it appears.
 */
export function ErrorSummary({ formId, errors, fields, general, focusKey }) {
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current) ref.current.focus();
  }, [focusKey]);
  const items = [];
  for (const f of fields) {
    if (errors[f.name]) items.push({ name: f.name, f, text: errorText(errors[f.name]) });
  }
  for (const g of general || []) items.push({ name: null, text: g });
  if (items.length === 0) return null;
  const labelOf = (f) => (f.label ? t(f.label) : t(`field.${f.name}`));
  return (
    <div class="error-summary" ref={ref} tabindex="-1" role="group" aria-labelledby={`${formId}-summary-title`}>
      <h2 id={`${formId}-summary-title`}>
        {items.length === 1 ? t('form.errorsTitleOne') : t('form.errorsTitle', { n: items.length })}
      </h2>
      <ul>
        {items.map((item, i) => (
          <li key={i}>
            {item.name ? (
              <a
                href={`#${fieldId(formId, item.name)}`}
                onClick={(e) => {
                  e.preventDefault();
                  const el = document.getElementById(fieldId(formId, item.name));
                  if (el) {
                    const target = el.matches('fieldset') ? el.querySelector('input') || el : el;
                    target.focus();
                    el.scrollIntoView({ block: 'center' });
                  }
                }}
              >
                {labelOf(item.f)}: {item.text}
              </a>
            ) : (
              item.text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Status({ kind = 'info', children }) {
  if (!children) return null;
  return <div class={`status status-${kind}`}>{children}</div>;
}

/*
 * The 412 view: what someone else saved meanwhile, a row each (field / mine /
 * theirs), and the choice to lay one's own changes onto it or to drop them.
 * rows: [{key, label, mine, theirs}]; titleRef takes the heading (tabindex -1)
 * for the focus.
 */
export function ConflictView({ id, title, intro, rows, titleRef, onReapply, onDiscard }) {
  return (
    <section class="conflict" aria-labelledby={id}>
      <h2 id={id} tabindex="-1" ref={titleRef}>
        {title}
      </h2>
      <p>{intro}</p>
      {rows.length === 0 ? (
        <p>{t('form.conflictNone')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('form.conflictField')}</th>
              <th scope="col">{t('form.conflictMine')}</th>
              <th scope="col">{t('form.conflictTheirs')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td>{r.mine}</td>
                <td>{r.theirs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="buttons">
        <button type="button" class="primary" onClick={onReapply}>
          {t('form.conflictReapply')}
        </button>
        <button type="button" onClick={onDiscard}>
          {t('form.conflictDiscard')}
        </button>
      </div>
    </section>
  );
}

/* A form's live status line; a message about a kept draft offers to drop it. */
export function FormStatus({ message, onDropDraft }) {
  return (
    <div class="form-status" aria-live="polite">
      {message && (
        <Status kind={message.kind}>
          {message.text}{' '}
          {message.draft && (
            <button type="button" class="link" onClick={onDropDraft}>
              {t('form.conflictDiscard')}
            </button>
          )}
        </Status>
      )}
    </div>
  );
}

/* A table of records: columns [{name, label, render(item)}]; the first links to the record. */
export function RecordTable({ caption, columns, items, link }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.name}>
                {c.label ? t(c.label) : t(`field.${c.name}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              {columns.map((c, i) => {
                const content = c.render ? c.render(item) : item[c.name];
                return i === 0 ? (
                  <th scope="row" key={c.name}>
                    {link ? <a href={link(item)}>{content || '–'}</a> : content}
                  </th>
                ) : (
                  <td key={c.name}>{content}</td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
