// Importing a block library into the open project: one undo step (none when nothing is new), the report in
// words in both languages, and a block dropped onto an edge goes into that edge as a dropped layer does.
import { beforeEach, describe, expect, it } from 'vitest';
import { findTemplate } from '../../src/project/templates';
import { makeBlock } from '../../src/graph/userBlocks';
import { lenet5 } from '../../src/templates/lenet5';
import { blockLibraryOf, parseBlockLibrary, serializeBlockLibrary } from '../../src/blocks/libraryFile';
import { redo, undo, useProjectStore } from '../store/projectStore';
import { i18n } from '../i18n';
import { mergeReportText, problemText } from './libraryActions';

const S = () => useProjectStore.getState();
const past = () => useProjectStore.temporal.getState().pastStates.length;

/** The library of LeNet-5's C3 → ReLU → S4 made into "feature", as a file would bring it. */
function featureLibrary() {
  const r = makeBlock(lenet5().graph, ['C3', 'activation2', 'S4'], 'feature');
  if (!r.ok) throw new Error(r.reason);
  return blockLibraryOf(r.graph);
}

beforeEach(async () => {
  await i18n.changeLanguage('en');
  S().loadDoc((await findTemplate('lenet5'))!.makeDoc());
});

describe('importBlocks', () => {
  it('adds the definitions in one undo step, and the same file again adds nothing and no step', () => {
    const report = S().importBlocks(featureLibrary());
    expect(report.added).toEqual(['feature']);
    expect(past()).toBe(1);
    expect(S().importBlocks(featureLibrary()).skipped).toEqual(['feature']);
    expect(past()).toBe(1);
    undo();
    expect(S().doc.graph.blocks).toBeUndefined();
    redo();
    expect(S().doc.graph.blocks?.map((b) => b.name)).toEqual(['feature']);
  });

  it('a dropped block goes into the edge it was dropped on (S2 → C3), wired both ways', () => {
    S().importBlocks(featureLibrary());
    const id = S().addBlockInstance('feature', undefined, { edgeId: S().doc.graph.edges.find((e) => e.source === 'S2')!.id })!;
    const { edges } = S().doc.graph;
    expect(edges.filter((e) => e.target === id).map((e) => e.source)).toEqual(['S2']);
    expect(edges.filter((e) => e.source === id).map((e) => e.target)).toEqual(['C3']);
  });

  it('a block dropped on empty canvas lands loose at the drop point', () => {
    S().importBlocks(featureLibrary());
    const id = S().addBlockInstance('feature', { x: 123, y: 456 })!;
    expect(S().doc.graph.nodes.find((n) => n.id === id)!.position).toEqual({ x: 123, y: 456 });
    expect(S().doc.graph.edges.some((e) => e.source === id || e.target === id)).toBe(false);
  });
});

describe('the notices in words', () => {
  const newer = parseBlockLibrary(serializeBlockLibrary(featureLibrary()).replace('"version": 1', '"version": 3'));
  it.each([
    ['en', 'it was made by a newer CNN Studio (block library version 3; this app reads up to version 1) — update CNN Studio to import it.'],
    ['ko', '더 새로운 CNN Studio 가 만든 파일입니다 (블록 라이브러리 버전 3, 이 앱은 버전 1 까지 읽음) — CNN Studio 를 업데이트한 뒤 가져오세요.'],
  ])('%s: a newer file names its version and what to do', async (lang, text) => {
    await i18n.changeLanguage(lang);
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(problemText(newer.problem)).toBe(text);
  });

  it('the merge report names what was added, renamed and already there', () => {
    expect(mergeReportText('mine.cnnblocks', { added: ['body'], skipped: ['stem'], renamed: [{ from: 'feature', to: 'feature (2)', id: 'feature_2' }] })).toBe(
      'Imported mine.cnnblocks: added “body”; a different block of the same id is here, so “feature” came in as “feature (2)”; already here: “stem”.',
    );
    expect(mergeReportText('mine.cnnblocks', { added: [], skipped: [], renamed: [] })).toBe('Imported mine.cnnblocks: nothing new.');
  });
});
