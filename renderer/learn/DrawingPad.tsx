// One drawing pad for every place that takes a hand-drawn or dropped image (Learn's image chooser, the Training
// tab's "Try an image"): white strokes on black like MNIST, Clear, and an image file dropped anywhere on it.
// The caller fits the canvas (or the dropped bitmap) to the model's input; the pad only draws.
import { useEffect, useRef, type ReactNode } from 'react';
import './drawingPad.css';

export interface DrawingPadProps {
  /** Canvas pixels (square), and its size on screen. */
  size: number;
  displaySize?: number;
  /** Pen radius as a share of the pad's side. */
  pen?: number;
  testId: string;
  title?: string;
  clearLabel: string;
  /** A stroke ended: the pad as drawn. */
  onDrawn(pad: HTMLCanvasElement): void;
  /** An image file was dropped (already drawn on the pad). */
  onDropped(image: ImageBitmap, file: File): void;
  /** A dropped file that is not an image, or one the browser could not decode. */
  onRefused?(file: File): void;
  /** Shown beside the pad, above Clear (hints). */
  children?: ReactNode;
}

export function DrawingPad({ size, displaySize = size, pen = 1 / 16, testId, title, clearLabel, onDrawn, onDropped, onRefused, children }: DrawingPadProps) {
  const pad = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  useEffect(() => clear(), []);
  function clear() {
    const ctx = pad.current!.getContext('2d')!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
  }
  // Pointer position in canvas pixels (the canvas may be shown smaller than it is).
  const at = (e: React.PointerEvent) => {
    const r = pad.current!.getBoundingClientRect();
    return [((e.clientX - r.left) * size) / r.width, ((e.clientY - r.top) * size) / r.height];
  };
  const stroke = (e: React.PointerEvent) => {
    if (!drawing.current) return;
    const ctx = pad.current!.getContext('2d')!;
    const [x, y] = at(e);
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    ctx.arc(x, y, size * pen, 0, Math.PI * 2);
    ctx.fill();
  };
  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (!file) return;
    let bmp: ImageBitmap;
    try {
      if (!file.type.startsWith('image/')) throw new Error('not an image');
      bmp = await createImageBitmap(file);
    } catch {
      return onRefused?.(file);
    }
    pad.current!.getContext('2d')!.drawImage(bmp, 0, 0, size, size);
    onDropped(bmp, file);
  };
  return (
    <div className="drawing-pad" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <canvas
        ref={pad}
        width={size}
        height={size}
        style={{ width: displaySize, height: displaySize }}
        title={title}
        data-testid={testId}
        onPointerDown={(e) => ((drawing.current = true), pad.current!.setPointerCapture(e.pointerId), stroke(e))}
        onPointerMove={stroke}
        onPointerUp={() => {
          if (!drawing.current) return;
          drawing.current = false;
          onDrawn(pad.current!);
        }}
      />
      <div className="drawing-pad-side">
        {children}
        <button type="button" onClick={clear} data-testid={`${testId}-clear`}>
          {clearLabel}
        </button>
      </div>
    </div>
  );
}
