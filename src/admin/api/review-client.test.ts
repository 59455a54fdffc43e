import { describe, expect, it } from 'vitest';
import { REVIEW_PATHS } from '../../core/api/review.ts';
import { CONSOLE_REVIEW_PATHS } from './review-client.ts';

describe('console review paths', () => {
  it('are the contract’s paths', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(CONSOLE_REVIEW_PATHS.applications).toBe(REVIEW_PATHS.applications);
    expect(CONSOLE_REVIEW_PATHS.settings).toBe(REVIEW_PATHS.settings);
    for (const name of ['approve', 'reject', 'revoke', 'status', 'paperCode'] as const)
      expect(CONSOLE_REVIEW_PATHS[name](id), name).toBe(REVIEW_PATHS[name](id));
  });
});
