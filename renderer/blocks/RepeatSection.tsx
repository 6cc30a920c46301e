// An instance's Repeat ×N (src/layers/userBlock.ts): the count, and when it runs more than once, a table of
// its repeats — each one's input → output shape, parameters and own changes — and the whole instance's
// numbers as its canvas node shows them. A row picks that repeat in the change editor below it.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShape, type BlockDefinition, type GraphNode } from '../../src/graph/schema';
import { getLayer } from '../../src/layers/registry';
import { MAX_REPEAT, UserBlockParams } from '../../src/layers/userBlock';
import { repeatStats, type RepeatRow } from '../../src/graph/repeatStats';
import { useProjectStore } from '../store/projectStore';
import { fieldSpecOf } from '../inspector/fieldSpec';
import { ParamField } from '../inspector/ParamField';
import { groupedCount } from '../status/format';
import { currentLang } from '../i18n';
import { useRepeatEditor } from './repeatEditor';
import { RepeatOverrides } from './RepeatOverrides';
import { changeText } from './repeatText';

const repeatSpec = fieldSpecOf('repeat', UserBlockParams.shape.repeat);

function Changes({ node, block, row }: { node: GraphNode; block: BlockDefinition; row: RepeatRow }) {
  const { t } = useTranslation();
  const tb = useTranslation('blocks').t;
  const parts = row.changes.flatMap((c) => Object.entries(c.params).map(([param, value]) => ({ node: c.node, param, text: changeText(t, block, c.node, param, value) })));
  return (
    <ul className="repeat-changes" data-testid={`repeat-changes-${row.repeat + 1}`}>
      {parts.map((c) => (
        <li key={`${c.node}-${c.param}`} className="repeat-change" data-testid="repeat-change">
          <span>{c.text}</span>
          <button
            className="repeat-change-clear"
            data-testid={`repeat-clear-${row.repeat + 1}-${c.node}-${c.param}`}
            aria-label={tb('repeat.clearChange', { change: c.text })}
            title={tb('repeat.clearChange', { change: c.text })}
            onClick={(e) => {
              e.stopPropagation();
              useProjectStore.getState().setRepeatOverride(node.id, row.repeat, c.node, { [c.param]: undefined });
            }}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

function RepeatTable({ node, block, rows, picked }: { node: GraphNode; block: BlockDefinition; rows: RepeatRow[]; picked: number }) {
  const { t } = useTranslation('blocks');
  const lang = currentLang();
  const a = useProjectStore((s) => s.analysis?.nodes[node.id]);
  const whole = a ? a.paramCount.trainable + a.paramCount.nonTrainable : undefined;
  return (
    <table className="repeat-table" data-testid="repeat-table">
      <thead>
        <tr>
          <th>{t('repeat.colRepeat')}</th>
          <th>{t('repeat.colShapes')}</th>
          <th className="num">{t('repeat.colParams')}</th>
        </tr>
      </thead>
      {rows.map((r) => (
        <tbody
          key={r.repeat}
          className={`repeat-row ${r.error ? 'has-error' : ''} ${r.repeat === picked ? 'picked' : ''}`}
          data-testid={`repeat-row-${r.repeat + 1}`}
          title={t('repeat.rowTitle', { n: r.repeat + 1 })}
          // On press, not click: leaving a focused field above hides its help text and shifts the rows before a click lands.
          onMouseDown={() => useRepeatEditor.getState().show(node.id, r.repeat)}
        >
          <tr>
            <td>{r.repeat + 1}</td>
            <td className="mono" data-testid={`repeat-shapes-${r.repeat + 1}`}>
              {r.error ? t('repeat.misfit') : `${formatShape(r.inputShape)} → ${formatShape(r.outputShape)}`}
            </td>
            <td className="mono num" data-testid={`repeat-params-${r.repeat + 1}`}>
              {r.params === undefined ? '?' : groupedCount(r.params, lang)}
            </td>
          </tr>
          {r.changes.length > 0 && (
            <tr>
              <td />
              <td colSpan={2}>
                <Changes node={node} block={block} row={r} />
              </td>
            </tr>
          )}
        </tbody>
      ))}
      <tfoot>
        <tr title={t('repeat.wholeTitle')} data-testid="repeat-total">
          <td colSpan={2}>
            <span className="repeat-whole">{t('repeat.whole', { times: rows.length })}</span>{' '}
            <span className="mono" data-testid="repeat-total-shapes">
              {formatShape(a?.inputShapes[0] ?? undefined)} → {formatShape(a?.outputShape)}
            </span>
          </td>
          <td className="mono num" data-testid="repeat-total-params">
            {whole === undefined ? '?' : groupedCount(whole, lang)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

export function RepeatSection({ node, block }: { node: GraphNode; block: BlockDefinition }) {
  const { t } = useTranslation('blocks');
  const graph = useProjectStore((s) => s.doc.graph);
  const inputShape = useProjectStore((s) => s.analysis?.nodes[node.id]?.inputShapes[0] ?? undefined);
  const editor = useRepeatEditor();
  const parsed = UserBlockParams.safeParse(node.params);
  const stats = useMemo(() => repeatStats(graph, node.id, inputShape), [graph, node.id, inputShape]);
  if (!parsed.success || !stats) return null;
  const { repeat, overrides } = parsed.data;
  const help = getLayer('Block')?.explain.params.repeat?.[currentLang()];
  const picked = Math.min(editor.instanceId === node.id ? editor.repeat : 0, repeat - 1);
  return (
    <div className="repeat-section" data-testid="repeat-section">
      <ParamField
        key={`${node.id}-repeat`}
        spec={repeatSpec}
        schema={UserBlockParams}
        value={repeat}
        help={help ? `${help} (${t('repeat.timesHint', { max: MAX_REPEAT })})` : undefined}
        onCommit={(v) => useProjectStore.getState().setBlockRepeat(node.id, typeof v === 'number' ? v : 1)}
      />
      {(repeat > 1 || overrides.length > 0) && (
        <>
          <h4>{t('repeat.table')}</h4>
          <RepeatTable node={node} block={block} rows={stats.rows} picked={picked} />
          <RepeatOverrides node={node} block={block} repeat={picked} times={repeat} overrides={overrides} />
        </>
      )}
    </div>
  );
}
