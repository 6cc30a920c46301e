// The Robustness lab's view state: the choices, the sweep in flight and the results kept for overlay. Outside
// the component so a tab switch keeps them (none of it is document state).
import { create } from 'zustand';
import type { TransformId } from '../../../src/experiments/transforms';
import type { RobustnessReport } from '../../worker/messages';

export interface LabResult {
  key: string;
  /** The saved run measured, or (current weights) the run that made them; absent: weights with no run. */
  runName?: string;
  current: boolean;
  color: string;
  report: RobustnessReport;
}

export interface LabState {
  /** 'current' or a run id. */
  model: string;
  source: 'validation' | 'folder';
  folder: string;
  limit: number;
  transforms: TransformId[];
  similarity: boolean;
  /** The transform the strip shows. */
  stripTransform: TransformId;
  running?: { progress?: { done: number; total: number }; phase: 'importing' | 'measuring'; abort: AbortController };
  error?: string;
  results: LabResult[];
}

export const LAB_COLORS = ['#4e9af1', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#edc948'];

export const useLab = create<LabState>()(() => ({
  model: 'current',
  source: 'validation',
  folder: '',
  limit: 500,
  transforms: ['shiftX', 'rotation'],
  similarity: true,
  stripTransform: 'shiftX',
  results: [],
}));
