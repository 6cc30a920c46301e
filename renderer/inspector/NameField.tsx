// The node's display name; committed on blur/Enter so a rename is one undo step, not one per key; Esc reverts.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GraphNode } from '../../src/graph/schema';
import { useProjectStore } from '../store/projectStore';

export function NameField({ node }: { node: GraphNode }) {
  const { t } = useTranslation();
  const rename = useProjectStore((s) => s.renameNode);
  const [text, setText] = useState(node.name ?? '');
  useEffect(() => setText(node.name ?? ''), [node.name, node.id]);
  const commit = () => {
    if (text.trim() !== (node.name ?? '')) rename(node.id, text.trim());
  };
  return (
    <div className="field">
      <label htmlFor="node-name">{t('inspector.name')}</label>
      <input
        id="node-name"
        data-testid="node-name"
        value={text}
        placeholder={node.id}
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape') {
            setText(node.name ?? '');
            e.stopPropagation(); // reverts the field; does not also clear the selection
          }
        }}
      />
    </div>
  );
}
