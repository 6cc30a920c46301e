// Which definition an instance stands for: a choice among the project's definitions when there are several
// (the name alone when there is one). Switching drops the instance's per-repeat changes, which name inner
// layers of the old definition.
import { useTranslation } from 'react-i18next';
import type { BlockDefinition, GraphNode } from '../../src/graph/schema';
import { useProjectStore } from '../store/projectStore';

export function DefinitionPicker({ node, block }: { node: GraphNode; block: BlockDefinition }) {
  const { t } = useTranslation('blocks');
  const blocks = useProjectStore((s) => s.doc.graph.blocks ?? []);
  if (blocks.length < 2) return <span data-testid="block-definition">{block.name}</span>;
  return (
    <select
      data-testid="block-definition-picker"
      aria-label={t('inspector.pick')}
      title={t('inspector.pickTitle')}
      value={block.id}
      onChange={(e) => useProjectStore.getState().updateParams(node.id, { block: e.target.value, overrides: undefined })}
    >
      {blocks.map((b) => (
        <option key={b.id} value={b.id}>
          {b.name}
        </option>
      ))}
    </select>
  );
}
