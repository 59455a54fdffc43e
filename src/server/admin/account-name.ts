/**
 * The console names accounts, never shows their ids: a reply that mentions an account (who
 * proposed, decided, set or confirmed something) carries its display name, resolved in the
 * same query as the rest of the page (a correlated sub-select, not one query per row).
 */

/** SQL: the display name of the account whose id is in `column` (null when there is none, or it is gone). */
export const accountNameOf = (column: string) => `(SELECT name FROM admin_accounts WHERE id = ${column})`;
