// A separator between workbench panels: a thin line with a wider hit area (the Group's
// resizeTargetMinimumSize), highlighted on hover, drag and keyboard focus (arrow keys resize).
import { Separator } from 'react-resizable-panels';

export function ResizeHandle({ id, label, disabled }: { id: string; label: string; disabled?: boolean }) {
  return <Separator id={id} className="resize-handle" aria-label={label} title={label} disabled={disabled} />;
}
