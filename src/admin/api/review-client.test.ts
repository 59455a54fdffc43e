import { describe, expect, it } from 'vitest';
import { REVIEW_PATHS } from '../../core/api/review.ts';
import { TRACE_PATHS } from '../../core/api/traces.ts';
import { CONSOLE_REVIEW_PATHS } from './review-client.ts';

describe('console review paths', () => {
  it('are the contract’s paths', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(CONSOLE_REVIEW_PATHS.applications).toBe(REVIEW_PATHS.applications);
    expect(CONSOLE_REVIEW_PATHS.settings).toBe(REVIEW_PATHS.settings);
    expect(CONSOLE_REVIEW_PATHS.proposals).toBe(REVIEW_PATHS.proposals);
    expect(CONSOLE_REVIEW_PATHS.corrections).toBe(REVIEW_PATHS.corrections);
    expect(CONSOLE_REVIEW_PATHS.traces).toBe(TRACE_PATHS.traces);
    expect(CONSOLE_REVIEW_PATHS.traceProposal(id)).toBe(TRACE_PATHS.proposal(id));
    const named = [
      'approve',
      'reject',
      'revoke',
      'status',
      'paperCode',
      'person',
      'personStatus',
      'confirmProposal',
      'rejectProposal',
    ] as const;
    expect(CONSOLE_REVIEW_PATHS.answerCorrection(id)).toBe(`${REVIEW_PATHS.corrections}/${id}/answer`);
    for (const name of named) expect(CONSOLE_REVIEW_PATHS[name](id), name).toBe(REVIEW_PATHS[name](id));
  });
});
