// The walkthrough's steering: Play runs to the last step and stops there, Play at the end starts again from
// the Input, a step taken by hand stops autoplay, and a maximised panel steps aside for the canvas while it
// runs and comes back at the end.
import { beforeEach, describe, expect, it } from 'vitest';
import { useWorkbench } from '../../app/workbench/workbenchStore';
import { useWalkthrough, walkthroughActions as walk } from './walkthroughStore';

const N = 12; // LeNet-5: 11 nodes and the probabilities
const state = () => useWalkthrough.getState();

beforeEach(() => {
  useWorkbench.getState().setMaximised(false);
  walk.stop();
  walk.start();
});

describe('walkthrough steering', () => {
  it('autoplay steps to the last step and stops there', () => {
    walk.togglePlay(N);
    for (let k = 1; k < N; k++) {
      expect(state().playing, `before step ${k}`).toBe(true);
      walk.next(N);
    }
    expect([state().step, state().playing]).toEqual([N - 1, false]);
    walk.next(N);
    expect(state().step).toBe(N - 1);
  });

  it('Play at the last step starts again from the Input', () => {
    walk.go(N - 1, N);
    walk.togglePlay(N);
    expect([state().step, state().playing]).toEqual([0, true]);
  });

  it.each([
    ['Next', () => walk.step(+1, N), 4],
    ['Previous', () => walk.step(-1, N), 2],
    ['a jump', () => walk.go(7, N), 7],
  ] as const)('%s by hand stops autoplay', (_name, act, to) => {
    walk.go(3, N);
    walk.togglePlay(N);
    act();
    expect([state().step, state().playing]).toEqual([to, false]);
  });

  it('stays within the steps', () => {
    walk.step(-1, N);
    expect(state().step).toBe(0);
    walk.go(99, N);
    expect(state().step).toBe(N - 1);
  });

  it('a maximised panel steps aside while it runs and is maximised again at the end', () => {
    walk.stop();
    useWorkbench.getState().setMaximised(true);
    walk.start();
    expect([state().active, useWorkbench.getState().bottomMaximised]).toEqual([true, false]);
    walk.stop();
    expect([state().active, useWorkbench.getState().bottomMaximised]).toEqual([false, true]);
  });

  it('a panel that was not maximised stays as it was', () => {
    walk.stop();
    expect(useWorkbench.getState().bottomMaximised).toBe(false);
  });
});
