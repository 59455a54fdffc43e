/**
 * Review rules ("platform data verification"): what the authority configured for each
 * answer of the health declaration. A declaration with nothing declared gets `nothing`;
 * otherwise each declared item (symptoms, travel, contact) names an outcome and the
 * strictest wins: `queue` (a reviewer decides) is stricter than any colour, red than
 * yellow, yellow than green. Pure: the server stores the rules and applies them at once
 * when an application arrives; the console edits them.
 */

/** What a rule may decide: a colour issued at once, or the review queue. */
export type RuleOutcome = 'green' | 'yellow' | 'red' | 'queue';
export const RULE_OUTCOMES: readonly RuleOutcome[] = ['green', 'yellow', 'red', 'queue'];

export interface ReviewRules {
  /** No symptoms, no travel, no contact. */
  nothing: RuleOutcome;
  symptoms: RuleOutcome;
  travel: RuleOutcome;
  contact: RuleOutcome;
}

/** The default: a clear declaration is green at once; anything declared goes to a reviewer. */
export const DEFAULT_REVIEW_RULES: ReviewRules = { nothing: 'green', symptoms: 'queue', travel: 'queue', contact: 'queue' };

/** The declaration's three answers (the holder API's Declaration). */
export interface DeclarationAnswers {
  symptoms: boolean;
  travel: boolean;
  contact: boolean;
}

const STRICTNESS: Record<RuleOutcome, number> = { green: 0, yellow: 1, red: 2, queue: 3 };

/** The outcome of the rules for one declaration. */
export function applyReviewRules(declaration: DeclarationAnswers, rules: ReviewRules): RuleOutcome {
  const declared = (['symptoms', 'travel', 'contact'] as const).filter((item) => declaration[item]);
  if (declared.length === 0) return rules.nothing;
  return declared.map((item) => rules[item]).reduce((a, b) => (STRICTNESS[b] > STRICTNESS[a] ? b : a));
}

/** Checks rules from an untrusted source (the database, a request); null when invalid. */
export function parseReviewRules(value: unknown): ReviewRules | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = { ...DEFAULT_REVIEW_RULES, ...(value as Partial<ReviewRules>) };
  const ok = (o: unknown): o is RuleOutcome => typeof o === 'string' && (RULE_OUTCOMES as readonly string[]).includes(o);
  if (!ok(v.nothing) || !ok(v.symptoms) || !ok(v.travel) || !ok(v.contact)) return null;
  return { nothing: v.nothing, symptoms: v.symptoms, travel: v.travel, contact: v.contact };
}

/** A colour a reviewer may choose, from least to most strict. */
type ReviewColour = Exclude<RuleOutcome, 'queue'>;

/**
 * The least strict colour the rules' outcome allows for a declaration without a second
 * thought: a colour outcome is itself; `queue` with something declared is yellow (a reviewer
 * may still choose green, having seen the person, but a declared symptom never turns green in
 * one click); `queue` for a clear declaration (rules.nothing = queue) is green.
 */
export function ruleFloor(outcome: RuleOutcome, declaration: DeclarationAnswers): ReviewColour {
  if (outcome !== 'queue') return outcome;
  return declaration.symptoms || declaration.travel || declaration.contact ? 'yellow' : 'green';
}

/** True when approving `colour` is greener than `floor` (the console then asks the reviewer to say so twice). */
export function isGreenerThan(colour: ReviewColour, floor: ReviewColour): boolean {
  return STRICTNESS[colour] < STRICTNESS[floor];
}

/** True when `colour` is greener than what the current rules give this declaration. */
export function greenerThanRules(colour: ReviewColour, declaration: DeclarationAnswers, rules: ReviewRules): boolean {
  return isGreenerThan(colour, ruleFloor(applyReviewRules(declaration, rules), declaration));
}
