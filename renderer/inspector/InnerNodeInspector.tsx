// A layer inside a block, read-only (picked on the canvas inside an open block, or in a block's list of inner
// layers): its type, parameters, shape and parameter count from the block's own analysis (blockInsides.ts).
// And, for a selected block, the list of its inner layers with the button that opens it on the canvas; a block
// inside a block (a stage's ResidualBlock, at any depth) has the same list and button, by its path.
import { useTranslation } from 'react-i18next';
import { formatShape, type GraphNode } from '../../src/graph/schema';
import { getLayer } from '../../src/layers/registry';
import { nodeSubtitle } from '../../src/explain/nodeSubtitle';
import { blockInsides, blockOfPath, isInnerPath, nodeAt } from '../../src/learn/blockInsides';
import { useProjectStore } from '../store/projectStore';
import { useExpandedBlocks } from '../canvas/subflow/expandedStore';
import { compactCount } from '../status/format';
import { currentLang } from '../i18n';
import { NodeFacts } from './NodeFacts';
import { AboutLayer } from './AboutLayer';
import '../canvas/subflow/subflow.css';

const paramText = (v: unknown) => (Array.isArray(v) ? v.join(' × ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

export function InnerNodeInspector({ path }: { path: string }) {
  const { t } = useTranslation();
  const ts = useTranslation('subflow').t;
  const graph = useProjectStore((s) => s.doc.graph);
  const analysis = useProjectStore((s) => s.analysis);
  const walked = nodeAt(graph, path, analysis);
  if (!walked) return null;
  const { node, analysis: a } = walked;
  const def = getLayer(node.type);
  const lang = currentLang();
  // The block around it: a top-level node is selected in the document, a deeper one picked as an inner layer.
  const parent = walked.parent ?? blockOfPath(path);
  const parentNode = nodeAt(graph, parent, analysis)?.node;
  const selectParent = () =>
    isInnerPath(parent) ? useExpandedBlocks.getState().selectInner(parent) : useProjectStore.getState().select({ nodes: [parent], edges: [] });
  const subtitle = nodeSubtitle(node.type, node.params, lang);
  const params = Object.entries(a.params ?? node.params);
  return (
    <div className="inner-inspector" data-testid="inner-inspector" data-path={path}>
      <div className="inspector-type" data-testid="inspector-type">
        {t(`layer.${node.type}`, { defaultValue: node.type })} <span className="muted">({node.type})</span>
      </div>
      <div className="inspector-summary">
        <span className="mono inspector-name" data-testid="inner-inspector-path">
          {path}
        </span>
        {subtitle && (
          <span className="mono inspector-subtitle" data-testid="inspector-subtitle">
            {subtitle}
          </span>
        )}
      </div>
      <p className="muted inner-read-only">
        {ts('inspector.readOnly')}{' '}
        <button className="link-button" data-testid="inner-select-block" onClick={selectParent}>
          {ts('inspector.showBlock')} {parentNode?.name || parentNode?.id || parent}
        </button>
      </p>
      <h3>{t('inspector.params')}</h3>
      {params.length === 0 ? (
        <p className="muted">{t('inspector.noParams')}</p>
      ) : (
        <dl className="facts inner-params" data-testid="inner-params">
          {params.map(([k, v]) => (
            <div key={k} className="inner-param" data-testid={`inner-param-${k}`}>
              <dt>{k}</dt>
              <dd className="mono">{paramText(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      <NodeFacts analysis={a} />
      {walked.exit && <BlockInsideList node={node} path={path} />}
      {def && <AboutLayer def={def} analysis={a} />}
    </div>
  );
}

/** A selected block's inner layers, each one click from the read-only view above, and the canvas toggle. `path`: an inner block's. */
export function BlockInsideList({ node, path = node.id }: { node: GraphNode; path?: string }) {
  const { t } = useTranslation();
  const ts = useTranslation('subflow').t;
  const graph = useProjectStore((s) => s.doc.graph);
  const analysis = useProjectStore((s) => s.analysis);
  const open = useExpandedBlocks((s) => !!s.open[path]);
  const inner = (blockInsides(graph, analysis).get(blockOfPath(path)) ?? []).filter((n) => n.parent === path);
  const pick = (innerPath: string) => {
    useExpandedBlocks.getState().setOpen(path, true);
    useProjectStore.getState().select({ nodes: [], edges: [] });
    useExpandedBlocks.getState().selectInner(innerPath);
  };
  return (
    <div className="block-inside-list" data-testid={`expansion-${path}`}>
      <button className="btn" data-testid="inspector-expand" aria-expanded={open} onClick={() => useExpandedBlocks.getState().toggle(path)}>
        {ts(open ? 'inspector.closeOnCanvas' : 'inspector.openOnCanvas')}
      </button>
      <h3>{ts('inspector.innerLayers')}</h3>
      {inner.length === 0 ? (
        <p className="muted">{ts('inspector.none')}</p>
      ) : (
        <table>
          <tbody>
            {inner.map((n) => (
              <tr key={n.path} data-testid="inspector-inner" data-path={n.path} onClick={() => pick(n.path)} title={n.label}>
                <td>{n.name}</td>
                <td>{t(`layer.${n.type}`, { defaultValue: n.type })}</td>
                <td className="mono">{formatShape(n.outputShape)}</td>
                <td className="mono">{compactCount(n.paramCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
