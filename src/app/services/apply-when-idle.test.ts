import { describe, expect, it } from 'vitest';
import type { FlowState } from '../flow/scan-flow.ts';
import { applyWhenIdle } from './apply-when-idle.ts';

function fakeFlow(kind: FlowState['kind']) {
  const listeners = new Set<(s: FlowState) => void>();
  let state = { kind } as FlowState;
  return {
    isBusy: () => state.kind !== 'scanning',
    subscribe(l: (s: FlowState) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    to(next: FlowState['kind']) {
      state = { kind: next } as FlowState;
      for (const l of [...listeners]) l(state);
    },
  };
}

describe('applying an app update', () => {
  it('reloads at once while scanning', () => {
    let applied = 0;
    applyWhenIdle(fakeFlow('scanning'), () => applied++);
    expect(applied).toBe(1);
  });

  it('waits while a verdict is on screen and applies once back to scanning', () => {
    let applied = 0;
    const flow = fakeFlow('verdict');
    applyWhenIdle(flow, () => applied++);
    expect(applied).toBe(0);
    flow.to('checking');
    expect(applied).toBe(0);
    flow.to('scanning');
    flow.to('scanning');
    expect(applied).toBe(1);
  });
});
