/**
 * Accounts (admins only): every console account with its role; add one (its generated
 * password shown once in a dialog), change a role, disable or enable, reset a password.
 * The server keeps at least one enabled admin and refuses to let you disable yourself.
 */
import { useState } from 'preact/hooks';
import type { Account, AccountCreated } from '../../core/api/admin-accounts.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import { api, ApiError } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { SelectField } from '../components/fields.tsx';
import { useLoad } from '../components/use-load.ts';
import { DataTable } from '../components/data-table.tsx';
import { useI18n } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';
import { LiveNotice } from '../components/live-notice.tsx';
import { RowAction } from '../components/row-action.tsx';
import { useSession } from '../session.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function refusal(error: unknown): MessageKey | null {
  if (!(error instanceof ApiError)) return null;
  if (error.problem === 'name_taken') return 'accounts.nameTaken';
  if (error.problem === 'last_admin') return 'accounts.lastAdmin';
  if (error.problem === 'self') return 'accounts.notYourself';
  return null;
}

export function AccountsScreen() {
  const { t, dateTime } = useI18n();
  const { session } = useSession();
  const list = useLoad(() => api.accounts(), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [shown, setShown] = useState<{ created: AccountCreated; reset: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const nameOk = NAME.test(name.trim());

  const run = async (work: () => Promise<void>) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      list.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const add = (event: Event) => {
    event.preventDefault();
    if (!nameOk || !role) return;
    void run(async () => {
      setShown({ created: await api.createAccount(name.trim(), role), reset: false });
      setName('');
      setRole('');
    });
  };
  const changeRole = (account: Account, next: Role) =>
    run(async () => {
      await api.updateAccount(account.id, { role: next });
      setNotice(t('accounts.roleChanged', { name: account.name, role: t(`role.${next}`) }));
    });
  const toggle = (account: Account) =>
    run(async () => {
      await api.updateAccount(account.id, { disabled: account.disabledMs === null });
      setNotice(t(account.disabledMs === null ? 'accounts.disabledNotice' : 'accounts.enabledNotice', { name: account.name }));
    });
  const reset = (account: Account) => run(async () => setShown({ created: await api.resetPassword(account.id), reset: true }));
  const problem = refusal(error);

  return (
    <>
      <h2>{t('accounts.title')}</h2>
      <p class="help">{t('accounts.help')}</p>
      <form class="panel" onSubmit={add} aria-labelledby="add-account-title">
        <h3 id="add-account-title">{t('accounts.add')}</h3>
        <div class="fields">
          <label>
            {t('accounts.name')}
            <input
              name="accountName"
              required
              maxLength={40}
              spellcheck={false}
              autoCapitalize="off"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
              aria-invalid={name !== '' && !nameOk}
              aria-describedby="account-name-help"
            />
            <span id="account-name-help" class="help">
              {t('accounts.nameHelp')}
            </span>
          </label>
          <SelectField
            label={t('accounts.role')}
            name="role"
            value={role}
            onChange={setRole}
            options={[['', t('accounts.chooseRole')], ...ROLES.map((r) => [r, t(`role.${r}`)] as const)]}
          />
        </div>
        <button type="submit" disabled={!nameOk || !role}>
          {t('accounts.addSubmit')}
        </button>
      </form>
      <LiveNotice text={notice} />
      {problem ? (
        <p class="notice notice-error" role="alert">
          {t(problem)}
        </p>
      ) : (
        <ErrorText error={error ?? list.error} />
      )}
      <dl class="role-help">
        {ROLES.map((r) => (
          <div key={r}>
            <dt>{t(`role.${r}`)}</dt>
            <dd>{t(`role.${r}.help`)}</dd>
          </div>
        ))}
      </dl>
      {list.data && (
        <DataTable
          testId="accounts"
          headings={[
            t('accounts.name'),
            t('accounts.role'),
            t('accounts.created'),
            t('accounts.state'),
            <span class="visually-hidden">{t('checkpoints.actions')}</span>,
          ]}
        >
          {list.data.accounts.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <code class="id">{a.name}</code>
                {a.id === session?.accountId && <span class="muted"> {t('accounts.you')}</span>}
              </th>
              <td>
                <label class="inline">
                  <span class="visually-hidden">{t('accounts.roleOf', { name: a.name })}</span>
                  <select value={a.role} onChange={(e) => changeRole(a, e.currentTarget.value as Role)}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </td>
              <td class="nowrap">{dateTime(a.createdMs)}</td>
              <td>{a.disabledMs === null ? t('accounts.enabled') : t('accounts.disabled', { when: dateTime(a.disabledMs) })}</td>
              <td>
                <span class="actions">
                  <RowAction label={t('accounts.reset')} name={t('accounts.resetLabel', { name: a.name })} onClick={() => reset(a)} />
                  {a.id !== session?.accountId && (
                    <RowAction
                      label={t(a.disabledMs === null ? 'accounts.disable' : 'accounts.enable')}
                      name={t(a.disabledMs === null ? 'accounts.disableLabel' : 'accounts.enableLabel', { name: a.name })}
                      onClick={() => toggle(a)}
                    />
                  )}
                </span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {shown && (
        <Dialog
          title={t(shown.reset ? 'accounts.resetTitle' : 'accounts.createdTitle', { name: shown.created.account.name })}
          onClose={() => setShown(null)}
          testId="password-dialog"
        >
          <p>{t('accounts.passwordOnce')}</p>
          <p>
            <code class="id password" data-testid="new-password">
              {shown.created.password}
            </code>
          </p>
          <div class="actions dialog-actions">
            <button type="button" onClick={() => setShown(null)} autofocus>
              {t('accounts.passwordNoted')}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
