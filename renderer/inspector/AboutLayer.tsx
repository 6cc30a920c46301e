// "About this layer": what the layer does, in the lecture's words (from the layer's own file), its formulas
// filled in with this node's numbers (src/explain/filledFormulas.ts), then when to use it.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerDef } from '../../src/layers/types';
import type { NodeAnalysis } from '../../src/contract/graph';
import { filledFormulas } from '../../src/explain/filledFormulas';
import { currentLang } from '../i18n';
import { useProjectStore } from '../store/projectStore';

export function AboutLayer({ def, analysis }: { def: LayerDef; analysis: NodeAnalysis | undefined }) {
  const { t } = useTranslation('explain');
  const lang = currentLang();
  const blocks = useProjectStore((s) => s.doc.graph.blocks);
  const filled = useMemo(() => (analysis ? filledFormulas(analysis, { blocks }) : []), [analysis, blocks]);
  return (
    <details className="about-layer" data-testid="inspector-about" open>
      <summary>
        <h3>{t('about.title')}</h3>
      </summary>
      <p className="about-what" data-testid="about-what">
        {def.explain.what[lang]}
      </p>
      <h4>{t('about.numbers')}</h4>
      {filled.length === 0 ? (
        <p className="muted">{t('about.noNumbers')}</p>
      ) : (
        filled.map((f) => (
          <div className="about-formula" key={f.metric}>
            <div className="about-formula-label" title={t(`metric.${f.metric}.meaning`)}>
              {t(`metric.${f.metric}.label`)}
            </div>
            <pre className="formula" data-testid={`about-${f.metric}`}>
              {f.lines.join('\n')}
            </pre>
          </div>
        ))
      )}
      <p className="about-when">
        <b>{t('about.when')}: </b>
        {def.explain.when[lang]}
      </p>
    </details>
  );
}
