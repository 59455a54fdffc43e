import { describe, expect, it } from 'vitest';
import { HOLDER_PATHS, ID_TYPES, RELATIONS } from '../../core/api/holder.ts';
import { HOLDER_API, ID_TYPE_CHOICES, RELATION_CHOICES } from './contract.ts';

describe('the app’s copy of the holder contract', () => {
  it('has the contract’s paths, id types and relations', () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000001';
    expect(HOLDER_API.apply).toBe(HOLDER_PATHS.apply);
    expect(HOLDER_API.application(id)).toBe(HOLDER_PATHS.application(id));
    expect(HOLDER_API.renew(id)).toBe(HOLDER_PATHS.renew(id));
    expect(HOLDER_API.corrections(id)).toBe(HOLDER_PATHS.corrections(id));
    expect(HOLDER_API.scans(id)).toBe(HOLDER_PATHS.scans(id));
    expect([...ID_TYPE_CHOICES]).toEqual([...ID_TYPES]);
    expect([...RELATION_CHOICES]).toEqual([...RELATIONS]);
  });
});
