// What `explain` and `robustness` both need from a project before they load weights: a valid graph whose
// Input is an image (H×W×1 or H×W×3), and its class names (the project's, MNIST's digits, else 0 … n−1).
import type { GraphAnalysis } from '../../src/analysis/analyzeGraph';
import type { ProjectDoc } from '../../src/project/schema';

export type ImageClassifier =
  | { ok: true; analysis: GraphAnalysis; shape: [number, number, 1 | 3]; classNames: string[] }
  /** The message (prefixed by the command) and the exit code: 1, the project has to be fixed first. */
  | { ok: false; message: string };

export async function imageClassifier(doc: ProjectDoc, command: string): Promise<ImageClassifier> {
  const { analyzeGraph } = await import('../../src/analysis/analyzeGraph');
  const analysis = analyzeGraph(doc.graph);
  const firstError = analysis.issues.find((i) => i.severity === 'error');
  if (firstError) return { ok: false, message: `${command}: ${doc.name} has problems — ${firstError.message} (run \`cnn-studio validate\` for all of them).` };
  const inShape = analysis.inputNodeId ? analysis.nodes[analysis.inputNodeId]?.outputShape : undefined;
  if (!inShape || inShape.length !== 3 || (inShape[2] !== 1 && inShape[2] !== 3))
    return { ok: false, message: `${command}: ${doc.name}'s Input must be an image (H×W×1 or H×W×3), not ${inShape?.join('×') ?? 'unknown'}.` };
  const classes = analysis.outputNodeId ? (analysis.nodes[analysis.outputNodeId]?.outputShape?.[0] ?? 0) : 0;
  const { MNIST_CLASS_NAMES } = await import('../../src/data/mnist');
  const named = doc.dataset.classNames ?? (doc.dataset.kind === 'mnist' ? MNIST_CLASS_NAMES : undefined);
  return { ok: true, analysis, shape: inShape as [number, number, 1 | 3], classNames: Array.from({ length: classes }, (_, i) => named?.[i] ?? String(i)) };
}
