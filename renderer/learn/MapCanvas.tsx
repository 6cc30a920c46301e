// One map (or a filter) on a canvas of its own size, scaled up by CSS with crisp pixels. Pointer position →
// map pixel for hover (receptive field) and click (the arithmetic).
import { useEffect, useRef, type CSSProperties } from 'react';
import { channelRgba, type Scale } from './maps';

export interface MapCanvasProps {
  values: Float32Array;
  height: number;
  width: number;
  scale: Scale;
  title?: string;
  className?: string;
  style?: CSSProperties;
  testId?: string;
  data?: Record<string, string | number>;
  onPixel?: (y: number, x: number) => void;
  onLeave?: () => void;
  onPick?: (y: number, x: number) => void;
  /** A pixel to outline (the picked one). */
  mark?: { y: number; x: number };
}

export function MapCanvas({ values, height, width, scale, title, className, style, testId, data, onPixel, onLeave, onPick, mark }: MapCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    ctx.putImageData(new ImageData(channelRgba(values, scale), width, height), 0, 0);
  }, [values, height, width, scale]);
  const pixelAt = (e: React.MouseEvent): [number, number] => {
    const r = ref.current!.getBoundingClientRect();
    const y = Math.min(height - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * height)));
    const x = Math.min(width - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * width)));
    return [y, x];
  };
  const dataAttrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, String(v)]));
  return (
    <span className={`learn-map-wrap ${className ?? ''}`} style={style}>
      <canvas
        ref={ref}
        width={width}
        height={height}
        title={title}
        data-testid={testId}
        {...dataAttrs}
        onMouseMove={onPixel ? (e) => onPixel(...pixelAt(e)) : undefined}
        onMouseLeave={onLeave}
        onClick={onPick ? (e) => onPick(...pixelAt(e)) : undefined}
      />
      {mark && (
        <span
          className="learn-map-mark"
          style={{ top: `${(mark.y / height) * 100}%`, left: `${(mark.x / width) * 100}%`, width: `${100 / width}%`, height: `${100 / height}%` }}
        />
      )}
    </span>
  );
}
