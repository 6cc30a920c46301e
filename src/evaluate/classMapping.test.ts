// mapClasses: the data's classes matched by name to the names the weights recorded, else by position when the
// counts agree; every refusal names both sides and what to do.
import { describe, expect, it } from 'vitest';
import { mapClasses, nameList } from './classMapping';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

describe('mapClasses', () => {
  it.each([
    { name: 'the same names in the same order', data: ['cat', 'dog', 'fox'], trained: ['cat', 'dog', 'fox'], toOutput: [0, 1, 2], note: undefined },
    { name: 'the same names in another order', data: ['fox', 'cat', 'dog'], trained: ['cat', 'dog', 'fox'], toOutput: [2, 0, 1], note: /another order.*matched by name/ },
    { name: 'some of the classes', data: ['dog'], trained: ['cat', 'dog', 'fox'], toOutput: [1], note: /holds 1 of the network's 3 classes/ },
  ])('by recorded name: $name', ({ data, trained, toOutput, note }) => {
    const m = mapClasses(data, 3, trained, ['0', '1', '2']);
    if (!m.ok) throw new Error(m.message);
    expect(m.toOutput).toEqual(toOutput);
    expect(m.classNames).toEqual(trained);
    if (note) expect(m.note).toMatch(note);
    else expect(m.note).toBeUndefined();
  });

  it('by position when the weights record no names: the data names the outputs, with a note where they differ from the fallback', () => {
    const m = mapClasses(['bag', 'boot'], 2, undefined, ['0', '1']);
    expect(m).toMatchObject({ ok: true, toOutput: [0, 1], classNames: ['bag', 'boot'] });
    expect(m.ok && m.note).toMatch(/do not record their class names; data class k is taken as output k \(bag = output 0/);
    expect(mapClasses(['0', '1'], 2, undefined, ['0', '1'])).toEqual({ ok: true, toOutput: [0, 1], classNames: ['0', '1'] });
    // A recorded list of the wrong length is not the outputs' names: positions again.
    expect(mapClasses(['a', 'b'], 2, ['x', 'y', 'z'], ['0', '1'])).toMatchObject({ ok: true, toOutput: [0, 1] });
  });

  it.each([
    { name: 'fewer classes, names unknown to the weights', data: ['cat', 'dog'], trained: DIGITS, message: /the data has 2 classes \(cat, dog\) but the network has 10 outputs \(trained on 0, 1, .*9\) — give data with one subfolder per class .* or set the Output node to 2 classes and train again/ },
    { name: 'another count, nothing recorded', data: ['cat', 'dog'], trained: undefined, message: /the data has 2 classes \(cat, dog\) but the network has 10 outputs — give data/ },
    { name: 'as many classes, other names', data: ['0', '1', '2', '3', '4', '5', '6', '7', '8', 'nine'], trained: DIGITS, message: /the data's classes nine are not among the classes the weights were trained on \(0, 1, .*9\) — name the data's class folders/ },
  ])('refuses $name', ({ data, trained, message }) => {
    const m = mapClasses(data, 10, trained, DIGITS);
    expect(m.ok).toBe(false);
    expect(!m.ok && m.message).toMatch(message);
  });

  it('lists at most 12 names, then the count', () => {
    expect(nameList(DIGITS)).toBe(DIGITS.join(', '));
    expect(nameList(Array.from({ length: 100 }, (_, k) => `c${k}`))).toBe('c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, … (100 in all)');
  });
});
