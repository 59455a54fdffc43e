/**
 * Apply for a code, for the owner or for a family member (an elderly parent, a child): the
 * member's code is bound to this device's key, so the agent shows it from this phone.
 */
import { useState } from 'preact/hooks';
import type { IdType, Relation } from '../../core/api/holder.ts';
import { ID_TYPES as ID_TYPE_CHOICES, RELATIONS as RELATION_CHOICES } from '../../core/api/holder-rules.ts';
import { RegionPicker } from '../components/region-picker.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { EMPTY_FORM, fieldOfRefusal, type ApplicationForm, type FormField, type FormProblem } from '../logic/application-form.ts';
import type { ScreenProps } from './screen.ts';

const QUESTIONS = ['symptoms', 'travel', 'contact'] as const;

export function ApplyScreen(props: ScreenProps & { relation: Relation }) {
  const { i18n, service, go } = props;
  const t = i18n.t;
  const [form, setForm] = useState<ApplicationForm>({ ...EMPTY_FORM, relation: props.relation });
  const [problems, setProblems] = useState<Partial<Record<FormField, FormProblem>>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const hasSelf = props.state.people.some((p) => p.relation === 'self');
  const relations = RELATION_CHOICES.filter((r) => r !== 'self' || !hasSelf || props.relation === 'self');
  const member = form.relation !== 'self';

  const update = <K extends FormField>(field: K, value: ApplicationForm[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setProblems((p) => ({ ...p, [field]: undefined }));
  };
  const problemText = (field: FormField) => (problems[field] ? t(`problem.${problems[field]}`) : null);
  const aria = (field: FormField, hint?: string) => ({
    'aria-invalid': problems[field] ? ('true' as const) : undefined,
    'aria-describedby': [hint, problems[field] ? `p-${field}` : null].filter(Boolean).join(' ') || undefined,
  });
  const problemLine = (field: FormField) =>
    problems[field] ? (
      <p class="problem" id={`p-${field}`}>
        {problemText(field)}
      </p>
    ) : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setBanner(null);
    const outcome = await service.apply(form, i18n.lang);
    setSending(false);
    if (outcome.ok) return go({ name: 'person', id: outcome.person.id });
    if ('problems' in outcome) {
      setProblems(outcome.problems);
      setBanner(t('apply.problems'));
    } else if (outcome.kind === 'offline') setBanner(t('apply.offline'));
    // A server without its keys yet (gatecheck serve on a new data folder) issues nothing: say so plainly.
    else if (outcome.problem === 'not_set_up') setBanner(t('apply.notSetUp'));
    else {
      // The server names the field it refused: mark it as the form's own checks would.
      const field = fieldOfRefusal(outcome.field);
      if (field) setProblems({ [field]: 'refused' });
      setBanner(field ? t('apply.problems') : t('apply.refused', { error: outcome.error }));
    }
  };

  return (
    <div class="screen apply">
      <TopBar {...props} back title={member ? t('apply.titleMember') : t('apply.titleSelf')} />
      <main>
        <p class="lead">{t('apply.intro')}</p>
        {banner ? (
          <p class="banner" role="alert" data-apply-banner>
            {banner}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate>
          {props.relation !== 'self' ? (
            <label class="field" for="f-relation">
              <span>{t('field.relation')}</span>
              <select
                id="f-relation"
                value={form.relation}
                onChange={(e) => update('relation', (e.currentTarget as HTMLSelectElement).value as Relation)}
              >
                {relations.map((r) => (
                  <option key={r} value={r}>
                    {t(`relation.${r}`)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label class="field" for="f-name">
            <span>{t('field.name')}</span>
            <input
              id="f-name"
              name="name"
              autoComplete={member ? 'off' : 'name'}
              value={form.name}
              maxLength={64}
              onInput={(e) => update('name', (e.currentTarget as HTMLInputElement).value)}
              {...aria('name')}
            />
          </label>
          {problemLine('name')}
          <label class="field" for="f-idtype">
            <span>{t('field.idType')}</span>
            <select
              id="f-idtype"
              value={form.idType}
              onChange={(e) => update('idType', (e.currentTarget as HTMLSelectElement).value as IdType)}
            >
              {ID_TYPE_CHOICES.map((type) => (
                <option key={type} value={type}>
                  {t(`idType.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <label class="field" for="f-idnumber">
            <span>{t('field.idNumber')}</span>
            <input
              id="f-idnumber"
              name="idNumber"
              autoComplete="off"
              spellcheck={false}
              value={form.idNumber}
              maxLength={40}
              onInput={(e) => update('idNumber', (e.currentTarget as HTMLInputElement).value)}
              {...aria('idNumber')}
            />
          </label>
          {problemLine('idNumber')}
          <RegionPicker
            i18n={i18n}
            id="f-region"
            value={form.region}
            onChange={(code) => update('region', code)}
            problem={problemText('region')}
          />
          <label class="field" for="f-phone">
            <span>{t('field.phone')}</span>
            <input
              id="f-phone"
              name="phone"
              type="tel"
              autoComplete={member ? 'off' : 'tel'}
              dir="ltr"
              value={form.phone}
              maxLength={24}
              onInput={(e) => update('phone', (e.currentTarget as HTMLInputElement).value)}
              {...aria('phone', 'h-phone')}
            />
          </label>
          <p class="hint" id="h-phone">
            {t('field.phoneHint')}
          </p>
          {problemLine('phone')}
          <fieldset class="health">
            <legend>{t('health.legend')}</legend>
            {QUESTIONS.map((q) => (
              <fieldset key={q} class="question" data-question={q} aria-describedby={problems[q] ? `p-${q}` : undefined}>
                <legend>{t(`health.${q}`)}</legend>
                <div class="answers">
                  {([true, false] as const).map((answer) => (
                    <label key={String(answer)} class={`answer${form[q] === answer ? ' chosen' : ''}`}>
                      <input
                        type="radio"
                        name={q}
                        value={answer ? 'yes' : 'no'}
                        checked={form[q] === answer}
                        onChange={() => update(q, answer)}
                      />
                      <span>{answer ? t('answer.yes') : t('answer.no')}</span>
                    </label>
                  ))}
                </div>
                {problemLine(q)}
              </fieldset>
            ))}
          </fieldset>
          <div class="row">
            <button type="submit" class="button primary" disabled={sending} data-submit>
              {sending ? t('apply.sending') : t('apply.submit')}
            </button>
            <button type="button" class="button" onClick={() => go({ name: 'home' })}>
              {t('apply.cancel')}
            </button>
          </div>
        </form>
      </main>
    </div>
  );
}
