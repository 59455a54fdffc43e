/** A failed call as one plain sentence, announced to screen readers. */
import { ApiError } from '../api/client.ts';
import { useI18n, type I18n } from '../i18n/i18n.ts';

/** The sentence for an error from the API client. */
export function errorMessage(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network');
    if (error.status === 429) return t('error.tooMany');
    return t('error.request', { detail: error.message });
  }
  return t('error.request', { detail: String((error as Error)?.message ?? error) });
}

/** Shows `error` (nothing when there is none) in an alert region. */
export function ErrorText({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p class="notice notice-error" role="alert">
      {errorMessage(error, t)}
    </p>
  );
}
