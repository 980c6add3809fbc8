// pages/process_steps.jsx - the steps of a model process in the editor: one
// fieldset per step (its number and title in the legend), the step's fields,
// its predecessors as check boxes (that is how the flow branches and joins),
// and buttons to move it up or down or remove it, each named with the step.
//
// Focus (WCAG 2.4.3): a new step's title takes the focus; after a removal the
// focus goes to the next step's title (or the previous one, or the add
// button); after a move it stays on the button that moved the step. Each
// change is announced in the live region.
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { emptyStep, nextStepId, STEP_FIELDS } from '../process_model.js';
import { errorText, Field } from '../ui.jsx';

export const stepFormId = (id) => `pe-s-${id}`;

function focusLater(id) {
  requestAnimationFrame(() => {
    const el = document.getElementById(id);
    if (el) el.focus();
  });
}

export function stepName(steps, id) {
  const i = steps.findIndex((s) => s.id === id);
  const s = steps[i];
  return t('proc.stepName', { n: i + 1, title: s && s.title.trim() ? s.title : t('proc.untitled') });
}

function Predecessors({ steps, step, error, onChange, onBlur, disabled }) {
  const id = `${stepFormId(step.id)}-predecessors`;
  const errId = `${id}-error`;
  const hintId = `${id}-hint`;
  const others = steps.filter((s) => s.id !== step.id);
  return (
    <fieldset class={`field field-checks${error ? ' has-error' : ''}`} id={id} tabindex="-1" aria-describedby={[hintId, error ? errId : null].filter(Boolean).join(' ')}>
      <legend>{t('proc.predecessors')}</legend>
      <p class="hint" id={hintId}>
        {t('proc.predecessorsHint')}
      </p>
      {error && (
        <p class="field-error" id={errId}>
          <span class="visually-hidden">{t('msg.errorPrefix')}</span>
          {errorText(error)}
        </p>
      )}
      <div class="choices">
        {others.length === 0 && <p class="hint">{t('proc.firstStep')}</p>}
        {others.map((o) => (
          <label class="choice" key={o.id}>
            <input
              type="checkbox"
              value={o.id}
              checked={step.predecessors.includes(o.id)}
              disabled={disabled}
              aria-invalid={error ? 'true' : undefined}
              onChange={(e) =>
                onChange(
                  e.currentTarget.checked
                    ? [...step.predecessors, o.id]
                    : step.predecessors.filter((p) => p !== o.id),
                )
              }
              onBlur={onBlur}
            />{' '}
            {stepName(steps, o.id)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/*
 * steps: the form's steps; errorOf(path): the error to show; onSteps(next):
 * the new list; onBlur(path); listError: an error about the list itself.
 */
export function StepsEditor({ steps, errorOf, onSteps, onBlur, listError, disabled }) {
  const setField = (id, name, value) => onSteps(steps.map((s) => (s.id === id ? { ...s, [name]: value } : s)), `steps.${id}.${name}`);

  function add() {
    const id = nextStepId(steps);
    const last = steps[steps.length - 1];
    onSteps([...steps, emptyStep(id, last ? [last.id] : [])], 'steps');
    announce(t('proc.stepAdded', { n: steps.length + 1 }));
    focusLater(`${stepFormId(id)}-title`);
  }

  function remove(i) {
    const gone = steps[i];
    const name = stepName(steps, gone.id);
    const rest = steps
      .filter((s) => s.id !== gone.id)
      .map((s) => ({ ...s, predecessors: s.predecessors.filter((p) => p !== gone.id) }));
    onSteps(rest, 'steps');
    announce(t('proc.stepRemoved', { name }));
    const next = rest[i] || rest[i - 1];
    focusLater(next ? `${stepFormId(next.id)}-title` : 'pe-add-step');
  }

  function move(i, by) {
    const j = i + by;
    if (j < 0 || j >= steps.length) return;
    const next = [...steps];
    [next[i], next[j]] = [next[j], next[i]];
    onSteps(next, 'steps');
    announce(t('proc.stepMoved', { name: stepName(next, steps[i].id), n: j + 1 }));
    focusLater(`${stepFormId(steps[i].id)}-${by < 0 ? 'up' : 'down'}`);
  }

  return (
    <section class="steps-editor" aria-labelledby="pe-steps-title">
      <h2 id="pe-steps-title">{t('proc.steps')}</h2>
      <p class="hint">{t('proc.stepsHint')}</p>
      {listError && (
        <p class="field-error" id="pe-steps" tabindex="-1">
          <span class="visually-hidden">{t('msg.errorPrefix')}</span>
          {errorText(listError)}
        </p>
      )}
      <ol class="steps-list">
        {steps.map((s, i) => {
          const fid = stepFormId(s.id);
          const name = stepName(steps, s.id);
          return (
            <li key={s.id}>
              <fieldset class="step" id={fid}>
                <legend>{name}</legend>
                <div class="step-fields">
                  {STEP_FIELDS.map((f) => (
                    <Field
                      key={f.name}
                      formId={fid}
                      field={f}
                      value={s[f.name]}
                      error={errorOf(`steps.${s.id}.${f.name}`)}
                      onInput={(n, v) => setField(s.id, n, v)}
                      onBlur={(n) => onBlur(`steps.${s.id}.${n}`)}
                      disabled={disabled}
                    />
                  ))}
                </div>
                <Predecessors
                  steps={steps}
                  step={s}
                  error={errorOf(`steps.${s.id}.predecessors`)}
                  onChange={(v) => setField(s.id, 'predecessors', v)}
                  onBlur={() => onBlur(`steps.${s.id}.predecessors`)}
                  disabled={disabled}
                />
                {!disabled && (
                  <div class="buttons step-buttons">
                    <button
                      type="button"
                      id={`${fid}-up`}
                      aria-disabled={i === 0 ? 'true' : undefined}
                      onClick={() => move(i, -1)}
                    >
                      {t('proc.up')}
                      <span class="visually-hidden">: {name}</span>
                    </button>
                    <button
                      type="button"
                      id={`${fid}-down`}
                      aria-disabled={i === steps.length - 1 ? 'true' : undefined}
                      onClick={() => move(i, 1)}
                    >
                      {t('proc.down')}
                      <span class="visually-hidden">: {name}</span>
                    </button>
                    <button
                      type="button"
                      class="danger"
                      aria-disabled={steps.length === 1 ? 'true' : undefined}
                      onClick={() => steps.length > 1 && remove(i)}
                    >
                      {t('proc.removeStep')}
                      <span class="visually-hidden">: {name}</span>
                    </button>
                  </div>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {!disabled && (
        <div class="buttons">
          <button type="button" id="pe-add-step" onClick={add}>
            {t('proc.addStep')}
          </button>
        </div>
      )}
    </section>
  );
}
