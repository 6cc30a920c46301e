// The editor's single source of truth: the project document, selection, file path and the latest analysis.
// React Flow nodes/edges are derived from it (canvas/toFlow.ts). Undo/redo (zundo) tracks the document only.
import { create, useStore } from 'zustand';
import { temporal } from 'zundo';
import type { ProjectDoc } from '../../src/project/schema';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../src/project/schema';
import type { Graph, Position } from '../../src/graph/schema';
import type { ValidationIssue } from '../../src/graph/issue';
import type { GraphAnalysis } from '../../src/analysis/analyzeGraph';
import { TrainingSettingsSchema } from '../../src/train/settings';
import * as ops from './graphOps';

export interface Selection {
  nodes: string[];
  edges: string[];
}

export type AnalysisSource = 'host' | 'local';

export interface ProjectState {
  doc: ProjectDoc;
  /** The document as last saved/opened: dirty = doc !== savedDoc (undo back to it is clean again). */
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

  loadDoc(doc: ProjectDoc, filePath?: string): void;
  setGraph(graph: Graph): void;
  addNode(type: string, position: Position): string;
  quickAdd(type: string): string;
  connect(source: string, target: string): void;
  removeSelection(): void;
  removeItems(nodeIds: string[], edgeIds: string[]): void;
  updateParams(id: string, params: Record<string, unknown>): void;
  renameNode(id: string, name: string): void;
  toggleExpanded(id: string): void;
  setDragPositions(p: Record<string, Position>): void;
  commitDrag(): void;
  moveNodes(p: Record<string, Position>): void;
  select(sel: Partial<Selection>): void;
  copySelection(): void;
  paste(): void;
  duplicate(): void;
  applyFix(issue: ValidationIssue): void;
  setAnalysis(a: GraphAnalysis, source: AnalysisSource): void;
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

export const useProjectStore = create<ProjectState>()(
  temporal(
    (set, get) => {
      const edit = (graph: Graph, selection?: Selection) =>
        set((s) => ({ doc: withGraph(s.doc, graph), ...(selection ? { selection } : {}) }));
      const g = () => get().doc.graph;
      return {
        doc: emptyDoc(),
        savedDoc: undefined,
        selection: { nodes: [], edges: [] },
        dragPositions: {},
        loadSeq: 0,

        loadDoc(doc, filePath) {
          set((s) => ({ doc, savedDoc: doc, filePath, selection: { nodes: [], edges: [] }, dragPositions: {}, analysis: undefined, loadSeq: s.loadSeq + 1 }));
          useProjectStore.temporal.getState().clear();
        },
        setGraph: (graph) => edit(graph),
        addNode(type, position) {
          const r = ops.addNode(g(), type, position);
          edit(r.graph, { nodes: [r.id], edges: [] });
          return r.id;
        },
        quickAdd(type) {
          const sel = get().selection.nodes;
          const r = ops.addBelow(g(), type, sel[sel.length - 1]);
          edit(r.graph, { nodes: [r.id], edges: [] });
          return r.id;
        },
        connect: (source, target) => edit(ops.connect(g(), source, target)),
        removeSelection() {
          const { nodes, edges } = get().selection;
          get().removeItems(nodes, edges);
        },
        removeItems(nodeIds, edgeIds) {
          if (!nodeIds.length && !edgeIds.length) return;
          edit(ops.removeItems(g(), nodeIds, edgeIds), { nodes: [], edges: [] });
        },
        updateParams: (id, params) => edit(ops.setParams(g(), id, params)),
        renameNode: (id, name) => edit(ops.updateNode(g(), id, { name: name || undefined })),
        toggleExpanded(id) {
          const node = g().nodes.find((n) => n.id === id);
          if (node) edit(ops.updateNode(g(), id, { expanded: !node.expanded || undefined }));
        },
        setDragPositions: (p) => set((s) => ({ dragPositions: { ...s.dragPositions, ...p } })),
        commitDrag() {
          const p = get().dragPositions;
          if (!Object.keys(p).length) return;
          set((s) => ({ doc: withGraph(s.doc, ops.moveNodes(s.doc.graph, p)), dragPositions: {} }));
        },
        moveNodes: (p) => edit(ops.moveNodes(g(), p)),
        select: (sel) => set((s) => ({ selection: { ...s.selection, ...sel } })),
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
        setAnalysis: (analysis, analysisSource) => set({ analysis, analysisSource }),
      };
    },
    {
      partialize: (s) => ({ doc: s.doc }),
      // Only document changes make history entries (selection, drags and analysis do not).
      equality: (a, b) => a.doc === b.doc,
      limit: 200,
    },
  ),
);

export const undo = () => useProjectStore.temporal.getState().undo();
export const redo = () => useProjectStore.temporal.getState().redo();
export const useCanUndo = () => useStore(useProjectStore.temporal, (s) => s.pastStates.length > 0);
export const useCanRedo = () => useStore(useProjectStore.temporal, (s) => s.futureStates.length > 0);
export const useDirty = () => useProjectStore((s) => s.doc !== s.savedDoc);
export const isDirty = () => {
  const s = useProjectStore.getState();
  return s.doc !== s.savedDoc;
};
