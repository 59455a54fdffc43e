/**
 * A list's state line, the one rule for every list screen: "Loading…" while its request is out
 * (a first load, a reload, a new filter or state), the empty text only once the server has
 * answered with nothing. An empty state shown while loading told people there was nothing.
 */
import { useI18n } from '../i18n/i18n.ts';

export function ListStatus({ loading, empty, emptyText }: { loading: boolean; empty: boolean; emptyText: string }) {
  const { t } = useI18n();
  if (loading)
    return (
      <p class="help" role="status" data-testid="list-loading">
        {t('app.loading')}
      </p>
    );
  return empty ? <p data-testid="list-empty">{emptyText}</p> : null;
}
