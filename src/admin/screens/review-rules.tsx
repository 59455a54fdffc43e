/** The authority's review rules (an outcome per declared item) and how long issued codes are valid. */
import { useEffect, useState } from 'preact/hooks';
import type { ReviewSettings } from '../../core/api/review.ts';
import type { ReviewRules, RuleOutcome } from '../../core/review-rules.ts';
import { reviewApi } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.ts';

const OUTCOMES: RuleOutcome[] = ['green', 'yellow', 'red', 'queue'];
const ITEMS = ['nothing', 'symptoms', 'travel', 'contact'] as const;

export function ReviewRulesForm() {
  const { t, dateTime } = useI18n();
  const loaded = useLoad(() => reviewApi.settings(), []);
  const [rules, setRules] = useState<ReviewRules | null>(null);
  const [days, setDays] = useState('');
  const [saved, setSaved] = useState<ReviewSettings | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!loaded.data) return;
    setRules(loaded.data.rules);
    setDays(String(loaded.data.validityDays));
  }, [loaded.data]);

  const validity = Number(days);
  const daysOk = Number.isInteger(validity) && validity >= 1 && validity <= 365;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!rules || !daysOk) return;
    setError(null);
    setSaved(null);
    try {
      setSaved(await reviewApi.saveSettings({ rules, validityDays: validity }));
    } catch (failure) {
      setError(failure);
    }
  };
  const current = saved ?? loaded.data;

  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">{t('review.rulesTitle')}</h2>
      <ErrorText error={loaded.error} />
      {rules && (
        <form class="panel" onSubmit={submit}>
          <p class="help">{t('review.rulesHelp')}</p>
          <div class="fields">
            {ITEMS.map((item) => (
              <SelectField
                key={item}
                label={t(`review.rule.${item}`)}
                name={`rule-${item}`}
                value={rules[item]}
                onChange={(outcome) => setRules({ ...rules, [item]: outcome })}
                options={OUTCOMES.map((o) => [o, t(`review.outcome.${o}`)] as const)}
              />
            ))}
            <InputField
              label={t('review.validityDays')}
              name="validityDays"
              type="number"
              min={1}
              max={365}
              step={1}
              required
              value={days}
              onText={setDays}
              aria-invalid={!daysOk}
            />
          </div>
          <ErrorText error={error} />
          <button type="submit" disabled={!daysOk}>
            {t('review.saveRules')}
          </button>
          <div aria-live="polite" data-testid="rules-result">
            {saved && <p class="notice">{t('review.rulesSaved')}</p>}
          </div>
          {current && current.updatedAt > 0 && (
            <p class="help">{t('review.rulesChanged', { by: current.updatedBy, when: dateTime(current.updatedAt) })}</p>
          )}
        </form>
      )}
    </section>
  );
}
