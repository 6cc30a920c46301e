// What a person sees of the graph: node text size on screen (computed font-size × React Flow's viewport
// scale), how much of the canvas the graph covers, handle hit areas and edge-label sizes, all in screen px.
import type { Page } from 'playwright-core';

export interface CanvasMetrics {
  scale: number;
  /** Screen px of every text run inside the nodes. */
  textMedian: number;
  textMin: number;
  /** Bounding box of all nodes as a fraction of the canvas size. */
  widthUsed: number;
  heightUsed: number;
  /** Smallest handle box on screen (the element's hit area, px). */
  handleMin: number;
  /** Smallest edge label font on screen (px). */
  edgeLabelMin: number;
  nodes: number;
  /** Edge labels drawn. */
  labels: number;
  /** Nodes whose box lies inside the canvas. */
  nodesInView: number;
}

export async function canvasMetrics(page: Page): Promise<CanvasMetrics> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const scale = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    const sizes: number[] = [];
    for (const node of document.querySelectorAll('.react-flow__node')) {
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const el = t.parentElement;
        if (!t.textContent?.trim() || !el || el.closest('.expansion')) continue;
        sizes.push(parseFloat(getComputedStyle(el).fontSize) * scale);
      }
    }
    sizes.sort((a, b) => a - b);
    const boxes = [...document.querySelectorAll('.react-flow__node')].map((n) => n.getBoundingClientRect());
    const left = Math.min(...boxes.map((b) => b.left));
    const right = Math.max(...boxes.map((b) => b.right));
    const top = Math.min(...boxes.map((b) => b.top));
    const bottom = Math.max(...boxes.map((b) => b.bottom));
    const inView = boxes.filter((b) => b.left >= canvas.left - 1 && b.right <= canvas.right + 1 && b.top >= canvas.top - 1 && b.bottom <= canvas.bottom + 1);
    const handles = [...document.querySelectorAll('.react-flow__node .react-flow__handle')].map((h) => {
      const r = h.getBoundingClientRect();
      return Math.min(r.width, r.height);
    });
    const labels = [...document.querySelectorAll('.edge-label')].map((l) => parseFloat(getComputedStyle(l).fontSize) * scale);
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      scale: round(scale),
      textMedian: round(sizes[Math.floor(sizes.length / 2)] ?? 0),
      textMin: round(sizes[0] ?? 0),
      widthUsed: round((Math.min(right, canvas.right) - Math.max(left, canvas.left)) / canvas.width),
      heightUsed: round((Math.min(bottom, canvas.bottom) - Math.max(top, canvas.top)) / canvas.height),
      handleMin: round(Math.min(...handles)),
      edgeLabelMin: round(Math.min(...labels)),
      nodes: boxes.length,
      labels: labels.length,
      nodesInView: inView.length,
    };
  });
}
