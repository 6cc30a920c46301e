// A repeat's caption in an open repeated instance, above its node: "repeat 2", and what this repeat changes
// from the shared definition ("· strides 2"), so "per repeat" reads on the canvas.
import { useTranslation } from 'react-i18next';
import type { Box } from './blockLayout';
import type { RepeatCaption } from './blockFlow';

const valueText = (v: unknown) => (Array.isArray(v) ? v.join('×') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** "strides 2" for a one-layer definition (the repeat is that layer), "C3.padding same" otherwise. */
export function overrideTexts(caption: RepeatCaption): string[] {
  return caption.overrides.flatMap((o) => Object.entries(o.params).map(([k, v]) => `${caption.oneLayer ? '' : `${o.node}.`}${k} ${valueText(v)}`));
}

export function RepeatCaptionLabel({ frame, inner, caption, count, box }: { frame: string; inner: string; caption: RepeatCaption; count: number; box: Box }) {
  const { t } = useTranslation('subflow');
  const changes = overrideTexts(caption);
  const title = t('repeatTitle', { n: caption.index, count, changes: changes.length ? changes.join(', ') : t('sameAsDefinition') });
  return (
    <div
      className="block-frame-caption"
      data-testid={`repeat-caption-${frame}/${inner}`}
      title={title}
      style={{ left: box.x, top: box.y, width: box.width, height: box.height }}
    >
      <span className="block-frame-caption-number">{t('repeat', { n: caption.index })}</span>
      {changes.length > 0 && <span className="block-frame-caption-changes"> · {changes.join(', ')}</span>}
    </div>
  );
}
