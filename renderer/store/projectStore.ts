// The document store: the project document, with undo, and the editor state around it (selection, file
// path, the latest analysis). React Flow nodes/edges are derived from it (canvas/toFlow.ts). Every write to
// the document is an action here. Undo/redo (zundo) tracks the document's edits only: the trained-weights
// reference is a fact about the file, not an edit — writing it makes no history entry, and undo/redo keep
// the current one (a graph it no longer fits marks it stale by graph hash; it is never dropped).
import { create, useStore } from 'zustand';
import { temporal } from 'zundo';
import type { DatasetRef, ProjectDoc } from '../../src/project/schema';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../src/project/schema';
import type { Graph, Position } from '../../src/graph/schema';
import type { ValidationIssue } from '../../src/graph/issue';
import type { GraphAnalysis } from '../../src/analysis/analyzeGraph';
import { TrainingSettingsSchema, type TrainingSettings } from '../../src/train/settings';
import type { RunRecord } from '../../src/experiments/runRecord';
import * as ops from './graphOps';
import { placeUnpacked } from './placement';
import { offerReconnect } from './reconnectNotice';
import * as blockOps from '../../src/graph/userBlocks';
import * as fineTuneOps from '../../src/graph/replaceClassifier';
import type { ClassifierReplacement } from '../../src/graph/replaceClassifier';
import { mergeBlockLibrary, type BlockLibrary, type BlockMergeReport } from '../../src/blocks/libraryFile';

export interface Selection {
  nodes: string[];
  edges: string[];
}

export type AnalysisSource = 'host' | 'local';
export type WeightsRef = NonNullable<ProjectDoc['weights']>;

export interface ProjectState {
  doc: ProjectDoc;
  /** The document as last saved/opened: dirty = it differs from doc (undo back to it is clean again). */
  savedDoc: ProjectDoc | undefined;
  filePath?: string;
  selection: Selection;
  analysis?: GraphAnalysis;
  analysisSource?: AnalysisSource;
  /** Positions while a drag is in progress (committed to the document, once, when it ends). */
  dragPositions: Record<string, Position>;
  clipboard?: ops.Clip;
  /** Bumped on every loadDoc, so the canvas can fit the new graph into view. */
  loadSeq: number;

  /** Opens a document (new, opened, imported): clean, history cleared. */
  loadDoc(doc: ProjectDoc, filePath?: string): void;
  /** Opens recovered (autosaved) work: like loadDoc, but unsaved until saved again. */
  loadUnsaved(doc: ProjectDoc, filePath?: string): void;
  /** `doc` is what the file at `filePath` now holds (after a save); edits made meanwhile stay dirty. */
  markSaved(doc: ProjectDoc, filePath: string): void;
  /** Records the trained weights saved beside the file. Not an undoable edit: no history entry. */
  setWeightsRef(weights: WeightsRef | undefined): void;
  /** Runs are a record of what happened, not edits: these make no history entry, and undo/redo keep the current runs. */
  addRun(run: RunRecord): void;
  updateRun(id: string, patch: Partial<Pick<RunRecord, 'name' | 'notes' | 'starred' | 'weightsPath'>>): void;
  removeRun(id: string): void;
  /** Puts a run's graph and settings back on the canvas: one undoable edit (none when they are already there). */
  restoreRunGraph(id: string): void;
  undo(): void;
  redo(): void;
  setGraph(graph: Graph): void;
  /** An undoable edit of the training settings; a patch the schema refuses, or one that changes nothing, is not written. */
  updateTraining(patch: Partial<TrainingSettings>): void;
  /** An undoable edit of the training data the project names. */
  setDataset(dataset: DatasetRef): void;
  addNode(type: string, position: Position): string;
  /**
   * Inserts a node and rewires the chain around it (graphOps.insertNode): into an edge, after a node, or
   * loose; at `position`, else after its input with room made downstream. One undo step; selects the new
   * node and returns its id (undefined when nothing was inserted).
   */
  insertNode(type: string, where: ops.InsertWhere, position?: Position): string | undefined;
  /** Inserts where the selection says (graphOps.insertTarget): the palette's click, Enter and quick add. */
  quickAdd(type: string): string | undefined;
  /** Joins the neighbours a delete cut apart (the Reconnect button of the delete notice). One undo step. */
  reconnect(offer: ops.ReconnectOffer): void;
  connect(source: string, target: string): void;
  removeSelection(): void;
  removeItems(nodeIds: string[], edgeIds: string[]): void;
  updateParams(id: string, params: Record<string, unknown>): void;
  renameNode(id: string, name: string): void;
  setDragPositions(p: Record<string, Position>): void;
  commitDrag(): void;
  moveNodes(p: Record<string, Position>): void;
  select(sel: Partial<Selection>): void;
  /** Selects every node and edge (Ctrl/Cmd+A). */
  selectAll(): void;
  copySelection(): void;
  paste(): void;
  duplicate(): void;
  applyFix(issue: ValidationIssue): void;
  /** Replaces the nodes by one instance of a new block definition named `name` (src/graph/userBlocks.ts); one undo step; selects the instance. */
  makeBlock(nodeIds: string[], name: string): blockOps.MakeBlockResult;
  /** Turns an instance back into its definition's layers (fresh ids); one undo step; selects them. */
  unpackBlock(instanceId: string): void;
  /**
   * Adds an instance of a definition: into `where` (a drop on an edge), else loose at `position`, else where the
   * palette adds a layer (graphOps.insertTarget); one undo step.
   */
  addBlockInstance(blockId: string, position?: Position, where?: ops.InsertWhere): string | undefined;
  /** Adds a block library's definitions (src/blocks/libraryFile.ts mergeBlockLibrary); one undo step, none when nothing is new. */
  importBlocks(library: BlockLibrary): BlockMergeReport;
  renameBlock(blockId: string, name: string): void;
  /** Changes a param of a node inside a definition: every instance changes (one undo step). */
  updateBlockParams(blockId: string, innerId: string, params: Record<string, unknown>): void;
  /** Deletes a definition no instance or other definition uses (a used one stays). */
  deleteBlockDefinition(blockId: string): void;
  /** Runs an instance ×N in sequence (1…64); overrides past N are dropped; one undo step. */
  setBlockRepeat(instanceId: string, times: number): void;
  /** Sets (undefined: clears) one repeat's change to one layer inside an instance; one undo step. */
  setRepeatOverride(instanceId: string, repeat: number, innerId: string, params: Record<string, unknown> | undefined): void;
  /** Repeat ×N of a selection: Make block + ×N in one undo step (a lone instance just gets its count). */
  repeatSelection(nodeIds: string[], name: string, times: number): blockOps.MakeBlockResult;
  setAnalysis(a: GraphAnalysis, source: AnalysisSource): void;
  /** Fine-tuning: freeze (false) or unfreeze nodes; one undo step. */
  setTrainable(ids: string[], trainable: boolean): void;
  /** Fine-tuning: a node's learning rate × m (1 = the run's); one undo step. */
  setLrMultiplier(id: string, multiplier: number): void;
  /** Freezes `id` and every node before it on the path from the Input; one undo step. */
  freezeUpTo(id: string): void;
  /** The Output node set to `classes` (its weights no longer fit: re-initialise them); one undo step. */
  replaceClassifier(classes: number): ClassifierReplacement;
}

export function emptyDoc(name = 'Untitled'): ProjectDoc {
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name,
    graph: { nodes: [], edges: [] },
    training: TrainingSettingsSchema.parse({}),
    dataset: { kind: 'mnist' },
  };
}

const withGraph = (doc: ProjectDoc, graph: Graph): ProjectDoc => (graph === doc.graph ? doc : { ...doc, graph });

function withWeights(doc: ProjectDoc, weights: WeightsRef | undefined): ProjectDoc {
  if (doc.weights === weights) return doc;
  const { weights: _old, ...rest } = doc;
  return weights ? { ...rest, weights } : rest;
}

const sameWeightsRef = (a: WeightsRef | undefined, b: WeightsRef | undefined) => a === b || (!!a && !!b && JSON.stringify(a) === JSON.stringify(b));

/** Same edits: every field but the weights reference and the runs is the same object (edits replace what they change). */
export function sameEdits(a: ProjectDoc, b: ProjectDoc): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof ProjectDoc)[]);
  keys.delete('weights');
  keys.delete('runs');
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/** The same document as far as the file is concerned: same edits and the same weights reference. */
export const sameDocument = (a: ProjectDoc, b: ProjectDoc | undefined): boolean => !!b && sameEdits(a, b) && sameWeightsRef(a.weights, b.weights) && a.runs === b.runs;

export const useProjectStore = create<ProjectState>()(
  temporal(
    (set, get): ProjectState => {
      const edit = (graph: Graph, selection?: Selection) =>
        set((s) => ({ doc: withGraph(s.doc, graph), ...(selection ? { selection } : {}) }));
      const g = () => get().doc.graph;
      const open = (doc: ProjectDoc, filePath: string | undefined, savedDoc: ProjectDoc | undefined) => {
        set((s) => ({ doc, savedDoc, filePath, selection: { nodes: [], edges: [] }, dragPositions: {}, analysis: undefined, loadSeq: s.loadSeq + 1 }));
        useProjectStore.temporal.getState().clear();
      };
      /** Undo/redo restore an earlier document's edits; the weights reference and the runs stay the current ones. */
      const travel = (step: () => void) => {
        const { weights, runs } = get().doc;
        step();
        set((s) => (s.doc.weights === weights ? s : { doc: withWeights(s.doc, weights) }));
        set((s) => (s.doc.runs === runs ? s : { doc: { ...s.doc, runs } }));
        // What the step removed cannot stay selected (the next click would add to a ghost selection).
        set((s) => {
          const nodes = s.selection.nodes.filter((id) => s.doc.graph.nodes.some((n) => n.id === id));
          const edges = s.selection.edges.filter((id) => s.doc.graph.edges.some((e) => e.id === id));
          return nodes.length === s.selection.nodes.length && edges.length === s.selection.edges.length ? s : { selection: { nodes, edges } };
        });
      };
      return {
        doc: emptyDoc(),
        savedDoc: undefined,
        selection: { nodes: [], edges: [] },
        dragPositions: {},
        loadSeq: 0,

        loadDoc: (doc, filePath) => open(doc, filePath, doc),
        loadUnsaved: (doc, filePath) => open(doc, filePath, undefined),
        markSaved: (savedDoc, filePath) => set({ savedDoc, filePath }),
        // A write of the weights alone is no history entry (see `equality` below).
        setWeightsRef: (weights) => set((s) => (sameWeightsRef(s.doc.weights, weights) ? s : { doc: withWeights(s.doc, weights) })),
        addRun: (run) => set((s) => ({ doc: { ...s.doc, runs: [...(s.doc.runs ?? []), run] } })),
        updateRun(id, patch) {
          const runs = get().doc.runs ?? [];
          const i = runs.findIndex((r) => r.id === id);
          if (i < 0 || Object.entries(patch).every(([k, v]) => runs[i][k as keyof RunRecord] === v)) return;
          set((s) => ({ doc: { ...s.doc, runs: runs.map((r, j) => (j === i ? { ...r, ...patch } : r)) } }));
        },
        removeRun(id) {
          const runs = get().doc.runs ?? [];
          if (runs.some((r) => r.id === id)) set((s) => ({ doc: { ...s.doc, runs: runs.filter((r) => r.id !== id) } }));
        },
        restoreRunGraph(id) {
          const run = (get().doc.runs ?? []).find((r) => r.id === id);
          if (!run) return;
          const same = JSON.stringify(run.graph) === JSON.stringify(get().doc.graph) && JSON.stringify(run.settings) === JSON.stringify(get().doc.training);
          if (!same) set((s) => ({ doc: { ...s.doc, graph: run.graph, training: run.settings }, selection: { nodes: [], edges: [] } }));
        },
        undo: () => travel(() => useProjectStore.temporal.getState().undo()),
        redo: () => travel(() => useProjectStore.temporal.getState().redo()),
        setGraph: (graph) => edit(graph),
        updateTraining(patch) {
          const next = TrainingSettingsSchema.safeParse({ ...get().doc.training, ...patch });
          // The same settings again (an option chosen twice) are not an edit.
          if (next.success && JSON.stringify(next.data) !== JSON.stringify(get().doc.training)) set((s) => ({ doc: { ...s.doc, training: next.data } }));
        },
        setDataset(dataset) {
          if (JSON.stringify(get().doc.dataset) !== JSON.stringify(dataset)) set((s) => ({ doc: { ...s.doc, dataset } }));
        },
        addNode(type, position) {
          const r = ops.addNode(g(), type, position);
          edit(r.graph, { nodes: [r.id], edges: [] });
          return r.id;
        },
        insertNode(type, where, position) {
          const r = ops.insertNode(g(), type, where, position);
          if (!r) return undefined;
          edit(r.graph, { nodes: [r.id], edges: [] });
          return r.id;
        },
        quickAdd: (type) => get().insertNode(type, ops.insertTarget(g(), get().selection)),
        reconnect: (offer) => edit(ops.reconnect(g(), offer)),
        connect: (source, target) => edit(ops.connect(g(), source, target)),
        removeSelection() {
          const { nodes, edges } = get().selection;
          get().removeItems(nodes, edges);
        },
        removeItems(nodeIds, edgeIds) {
          if (!nodeIds.length && !edgeIds.length) return;
          const before = g();
          const offer = ops.reconnectOffer(before, nodeIds);
          edit(ops.removeItems(before, nodeIds, edgeIds), { nodes: [], edges: [] });
          if (offer) offerReconnect(before, offer, { run: () => get().reconnect(offer), current: g, watch: (f) => useProjectStore.subscribe(f) });
        },
        updateParams: (id, params) => edit(ops.setParams(g(), id, params)),
        renameNode: (id, name) => edit(ops.updateNode(g(), id, { name: name || undefined })),
        setDragPositions: (p) => set((s) => ({ dragPositions: { ...s.dragPositions, ...p } })),
        commitDrag() {
          const p = get().dragPositions;
          if (!Object.keys(p).length) return;
          set((s) => ({ doc: withGraph(s.doc, ops.moveNodes(s.doc.graph, p)), dragPositions: {} }));
        },
        moveNodes: (p) => edit(ops.moveNodes(g(), p)),
        select: (sel) => set((s) => ({ selection: { ...s.selection, ...sel } })),
        selectAll: () => set((s) => ({ selection: { nodes: s.doc.graph.nodes.map((n) => n.id), edges: s.doc.graph.edges.map((e) => e.id) } })),
        copySelection() {
          const ids = get().selection.nodes;
          if (ids.length) set({ clipboard: ops.copyItems(g(), ids) });
        },
        paste() {
          const clip = get().clipboard;
          if (!clip?.nodes.length) return;
          const r = ops.pasteClip(g(), clip);
          edit(r.graph, { nodes: r.ids, edges: [] });
          // Pasting again lands further along, not on top of the first copy.
          set({ clipboard: ops.copyItems(r.graph, r.ids) });
        },
        duplicate() {
          const ids = get().selection.nodes;
          if (!ids.length) return;
          const r = ops.pasteClip(g(), ops.copyItems(g(), ids));
          edit(r.graph, { nodes: r.ids, edges: [] });
        },
        applyFix(issue) {
          const r = ops.applyFix(g(), issue);
          edit(r.graph, r.id ? { nodes: [r.id], edges: [] } : undefined);
        },
        makeBlock(nodeIds, name) {
          const r = blockOps.makeBlock(g(), nodeIds, name);
          if (r.ok) edit(r.graph, { nodes: [r.instanceId], edges: [] });
          return r;
        },
        unpackBlock(instanceId) {
          const r = blockOps.unpackBlock(g(), instanceId);
          // In a row-wrapped layout the layers take the instance's slot and the rest reflows, so none lands on another.
          if (r) edit(placeUnpacked(g(), r.graph, instanceId, r.ids), { nodes: r.ids, edges: [] });
        },
        addBlockInstance(blockId, position, at) {
          const block = g().blocks?.find((b) => b.id === blockId);
          if (!block) return undefined;
          const where = at ?? (position ? undefined : ops.insertTarget(g(), get().selection));
          const r = ops.insertNode(g(), 'Block', where, position);
          if (!r) return undefined;
          const name = `${blockId}_${blockOps.instanceCount(g(), blockId) + 1}`;
          const taken = new Set(g().nodes.map((n) => n.name || n.id));
          const graph = ops.updateNode(ops.setParams(r.graph, r.id, { block: blockId }), r.id, { name: taken.has(name) ? r.id : name });
          edit(graph, { nodes: [r.id], edges: [] });
          return r.id;
        },
        renameBlock: (blockId, name) => edit(blockOps.renameBlock(g(), blockId, name)),
        updateBlockParams: (blockId, innerId, params) => edit(blockOps.setBlockNodeParams(g(), blockId, innerId, params)),
        deleteBlockDefinition: (blockId) => edit(blockOps.deleteBlockDefinition(g(), blockId)),
        setBlockRepeat: (instanceId, times) => edit(blockOps.setBlockRepeat(g(), instanceId, times)),
        setRepeatOverride: (instanceId, repeat, innerId, params) => edit(blockOps.setRepeatOverride(g(), instanceId, repeat, innerId, params)),
        importBlocks(library) {
          const r = mergeBlockLibrary(g(), library);
          edit(r.graph);
          return r.report;
        },
        repeatSelection(nodeIds, name, times) {
          const r = blockOps.repeatSelection(g(), nodeIds, name, times);
          if (r.ok) edit(r.graph, { nodes: [r.instanceId], edges: [] });
          return r;
        },
        setAnalysis: (analysis, analysisSource) => set({ analysis, analysisSource }),
        setTrainable: (ids, trainable) => edit(fineTuneOps.setFineTune(g(), ids, { trainable })),
        setLrMultiplier: (id, lrMultiplier) => edit(fineTuneOps.setFineTune(g(), [id], { lrMultiplier })),
        freezeUpTo(id) {
          // Only layers with weights get the flag (an analysis not yet run: every node on the path).
          const nodes = get().analysis?.nodes;
          edit(fineTuneOps.freezeUpTo(g(), id, (n) => !nodes?.[n] || nodes[n].paramCount.trainable + nodes[n].paramCount.nonTrainable > 0).graph);
        },
        replaceClassifier(classes) {
          const r = fineTuneOps.replaceClassifier(g(), classes);
          if (r.ok) edit(r.graph);
          return r;
        },
      };
    },
    {
      partialize: (s) => ({ doc: s.doc }),
      // Only document edits make history entries (selection, drags, analysis, the weights reference and the runs do not).
      equality: (a, b) => sameEdits(a.doc, b.doc),
      limit: 200,
    },
  ),
);

export const undo = () => useProjectStore.getState().undo();
export const redo = () => useProjectStore.getState().redo();
export const useCanUndo = () => useStore(useProjectStore.temporal, (s) => s.pastStates.length > 0);
export const useCanRedo = () => useStore(useProjectStore.temporal, (s) => s.futureStates.length > 0);
/** Unsaved changes: the document differs from the one last saved or opened. */
export const dirtyIn = (s: Pick<ProjectState, 'doc' | 'savedDoc'>) => !sameDocument(s.doc, s.savedDoc);
export const useDirty = () => useProjectStore(dirtyIn);
export const isDirty = () => dirtyIn(useProjectStore.getState());
