/**
 * The apply form's rules: what the person typed, checked against the holder contract
 * (src/core/api/holder.ts) before it is sent, each problem pinned to its field as a message
 * key, so the server's refusal is the exception rather than the way to learn a rule.
 */
import type { ApplicationRequest, IdType, Relation } from '../../core/api/holder.ts';
import { checkDocumentNumber, checkPersonName } from '../../core/name-rules.ts';

export interface ApplicationForm {
  relation: Relation;
  name: string;
  idType: IdType;
  idNumber: string;
  /** Six-digit GB/T 2260 code, as chosen or typed. */
  region: string;
  phone: string;
  /** null until the person answered. */
  symptoms: boolean | null;
  travel: boolean | null;
  contact: boolean | null;
}

export type FormField = keyof ApplicationForm;
export type FormProblem =
  | 'required'
  | 'too_long'
  | 'too_short'
  | 'bad_characters'
  | 'no_letter'
  | 'bidi_control'
  | 'bad_region'
  | 'bad_phone'
  | 'answer'
  | 'refused';

export const EMPTY_FORM: ApplicationForm = {
  relation: 'self',
  name: '',
  idType: 'resident_id',
  idNumber: '',
  region: '',
  phone: '',
  symptoms: null,
  travel: null,
  contact: null,
};

/** The contract's SafeText: no C0/C1 controls, no DEL, no lone surrogates (copy checked in tests). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters (to refuse them) is the point.
export const SAFE_LINE = /^[^\u0000-\u001f\u007f-\u009f\ud800-\udfff]*$/u;

function text(value: string, min: number, max: number): FormProblem | null {
  if (value.length === 0 && min > 0) return 'required';
  if (!SAFE_LINE.test(value)) return 'bad_characters';
  if (value.length < min) return 'too_short';
  if (value.length > max) return 'too_long';
  return null;
}

export type FormResult = { ok: true; request: ApplicationRequest } | { ok: false; problems: Partial<Record<FormField, FormProblem>> };

/** Checks the form and builds the request; names and numbers are trimmed, an ID number upper-cased. */
export function checkApplication(form: ApplicationForm, holderKey: string, language: string): FormResult {
  const problems: Partial<Record<FormField, FormProblem>> = {};
  const name = form.name.trim().replace(/\s+/g, ' ');
  const idNumber = form.idNumber.replace(/\s+/g, '').toUpperCase();
  const phone = form.phone.replace(/[\s-]+/g, '');
  // Core's name rules (one rule with the server): a letter once invisible characters are gone, no bidi controls.
  const nameCheck = checkPersonName(name);
  const nameProblem = text(name, 1, 64) ?? (nameCheck.ok ? null : nameCheck.problem);
  if (nameProblem) problems.name = nameProblem;
  const idCheck = checkDocumentNumber(idNumber);
  const idProblem = text(idNumber, 4, 32) ?? (idCheck.ok ? null : idCheck.problem);
  if (idProblem) problems.idNumber = idProblem;
  const region = /^\d{6}$/.test(form.region.trim()) ? Number(form.region.trim()) : NaN;
  if (!(region >= 110000 && region <= 829999)) problems.region = form.region.trim() ? 'bad_region' : 'required';
  if (phone && !/^\+?\d{5,19}$/.test(phone)) problems.phone = 'bad_phone';
  for (const question of ['symptoms', 'travel', 'contact'] as const) if (form[question] === null) problems[question] = 'answer';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      holderKey,
      name,
      idType: form.idType,
      idNumber,
      region,
      ...(phone ? { phone } : {}),
      declaration: { symptoms: form.symptoms === true, travel: form.travel === true, contact: form.contact === true },
      relation: form.relation,
      language,
    },
  };
}

/**
 * The form field a server refusal names (`{ error, field }`, the request's property path,
 * e.g. `idNumber` or `declaration.contact`), or null when it names none we show.
 */
export function fieldOfRefusal(field: string | undefined): FormField | null {
  if (!field) return null;
  const name = field.replace(/^\//, '').replace(/^declaration[./]/, '');
  const known: readonly FormField[] = ['relation', 'name', 'idType', 'idNumber', 'region', 'phone', 'symptoms', 'travel', 'contact'];
  return (known as readonly string[]).includes(name) ? (name as FormField) : null;
}
