// pages/process_parts.jsx - the pieces of the process editor around its steps:
// the error summary (its links move the focus to the field of a path such as
// "steps.s2.title"), the 412 view of what someone else changed, and the
// authors.
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n.js';
import * as P from '../process_model.js';
import { ConflictView, display, errorText, Field } from '../ui.jsx';
import { stepFormId, stepName } from './process_steps.jsx';

export const FORM = 'pe'; // the editor form's id, the prefix of its fields' ids

/* The element id of a form path, for the summary's links and the focus. */
export function elementId(path) {
  const [head, id, name] = path.split('.');
  if (head === 'steps') return id ? `${stepFormId(id)}-${name}` : 'pe-steps';
  if (head === 'authors') return id ? `pe-a-${id}-${name}` : 'pe-authors';
  return `${FORM}-${head}`;
}

function pathLabel(path, values) {
  const [head, id, name] = path.split('.');
  if (head === 'steps' && id) {
    const f = P.STEP_FIELDS.find((x) => x.name === name);
    return `${stepName(values.steps, id)}, ${t(f ? f.label : 'proc.predecessors')}`;
  }
  if (head === 'authors' && id) {
    const n = values.authors.findIndex((a) => a.uid === id) + 1;
    const f = P.AUTHOR_FIELDS.find((x) => x.name === name);
    return `${t('proc.authorN', { n })}, ${t(f ? f.label : 'proc.authorName')}`;
  }
  if (head === 'steps') return t('proc.steps');
  if (head === 'authors') return t('proc.authors');
  const f = P.META_FIELDS.find((x) => x.name === head);
  return f ? t(f.label) : head;
}

export function Summary({ errors, values, general, focusKey }) {
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current) ref.current.focus();
  }, [focusKey]);
  const items = Object.entries(errors).map(([path, e]) => ({ path, text: `${pathLabel(path, values)}: ${errorText(e)}` }));
  for (const g of general) items.push({ text: g });
  if (items.length === 0) return null;
  return (
    <div class="error-summary" ref={ref} tabindex="-1" role="group" aria-labelledby="pe-summary-title">
      <h2 id="pe-summary-title">{items.length === 1 ? t('form.errorsTitleOne') : t('form.errorsTitle', { n: items.length })}</h2>
      <ul>
        {items.map((item, i) => (
          <li key={i}>
            {item.path ? (
              <a
                href={`#${elementId(item.path)}`}
                onClick={(e) => {
                  e.preventDefault();
                  const el = document.getElementById(elementId(item.path));
                  if (!el) return;
                  const target = el.matches('fieldset') ? el.querySelector('input') || el : el;
                  target.focus();
                  el.scrollIntoView({ block: 'center' });
                }}
              >
                {item.text}
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

function conflictCell(row, which) {
  if (!row.field && !row.authors) return '–';
  const v = row[which];
  if (row.authors) return v.map((a) => (a.organisation ? `${a.name} (${a.organisation})` : a.name)).join('; ') || '–';
  if (row.field && row.field.name === 'predecessors') return v === undefined ? '–' : v.join(', ') || '–';
  if (v === undefined) return '–';
  return display(row.field, v);
}

export function Conflict({ conflict, onReapply, onDiscard }) {
  const ref = useRef(null);
  useEffect(() => ref.current && ref.current.focus(), []);
  const rowLabel = (r) => {
    if (r.authors) return t('proc.authors');
    if (r.order) return t('proc.order');
    if (!r.step) return t(r.field.label);
    const step = t('proc.stepName', { n: conflict.theirs.steps.indexOf(r.step) + 1 || '–', title: r.step.title || t('proc.untitled') });
    if (r.added) return `${step}: ${t('proc.stepAddedByOthers')}`;
    if (r.removed) return `${t('proc.stepName', { n: '–', title: r.step.title })}: ${t('proc.stepRemovedByOthers')}`;
    return `${step}, ${t(r.field.label)}`;
  };
  return (
    <ConflictView
      id="pe-conflict"
      title={t('proc.conflictTitle')}
      intro={t('proc.conflictIntro')}
      rows={conflict.rows.map((r, i) => ({ key: i, label: rowLabel(r), mine: conflictCell(r, 'mine'), theirs: conflictCell(r, 'theirs') }))}
      titleRef={ref}
      onReapply={onReapply}
      onDiscard={onDiscard}
    />
  );
}

export function Authors({ authors, errorOf, onAuthors, onBlur, listError }) {
  const add = () => {
    const a = P.emptyAuthor();
    onAuthors([...authors, a]);
    requestAnimationFrame(() => document.getElementById(`pe-a-${a.uid}-name`)?.focus());
  };
  return (
    <fieldset class="authors" id="pe-authors" tabindex="-1">
      <legend>{t('proc.authors')}</legend>
      {listError && <p class="field-error">{errorText(listError)}</p>}
      {authors.map((a, i) => {
        const n = t('proc.authorN', { n: i + 1 });
        return (
          <div class="author" key={a.uid} role="group" aria-label={n}>
            {P.AUTHOR_FIELDS.map((f) => (
              <Field
                key={f.name}
                formId={`pe-a-${a.uid}`}
                field={f}
                value={a[f.name]}
                error={errorOf(`authors.${a.uid}.${f.name}`)}
                onInput={(name, v) =>
                  onAuthors(
                    authors.map((x) => (x.uid === a.uid ? { ...x, [name]: v } : x)),
                    `authors.${a.uid}.${name}`,
                  )
                }
                onBlur={(name) => onBlur(`authors.${a.uid}.${name}`)}
              />
            ))}
            {authors.length > 1 && (
              <button
                type="button"
                onClick={() => {
                  onAuthors(authors.filter((x) => x.uid !== a.uid));
                  requestAnimationFrame(() => document.getElementById('pe-add-author')?.focus());
                }}
              >
                {t('form.remove')}
                <span class="visually-hidden">: {n}</span>
              </button>
            )}
          </div>
        );
      })}
      <button type="button" id="pe-add-author" onClick={add}>
        {t('proc.addAuthor')}
      </button>
    </fieldset>
  );
}
