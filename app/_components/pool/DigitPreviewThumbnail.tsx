"use client";
import { useEffect, useRef } from "react";
import { DIGIT_PREVIEW } from "@/lib/pool/types";

/** A pool job's digit snapshot (DIGIT_PREVIEW: a few small digits, grey levels) drawn side by side in a square grid. */
export function DigitPreviewThumbnail({ preview, size }: { preview: number[]; size: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { count, side, levels } = DIGIT_PREVIEW;
  const perRow = Math.ceil(Math.sqrt(count));
  const digits = Math.min(count, Math.floor(preview.length / (side * side)));

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const pixels = perRow * side;
    canvas.width = pixels;
    canvas.height = pixels;
    const image = ctx.createImageData(pixels, pixels);
    image.data.fill(255); // white background, opaque
    for (let d = 0; d < digits; d++) {
      const ox = (d % perRow) * side;
      const oy = Math.floor(d / perRow) * side;
      for (let i = 0; i < side * side; i++) {
        const ink = Math.min(1, Math.max(0, preview[d * side * side + i] / (levels - 1)));
        const at = 4 * ((oy + Math.floor(i / side)) * pixels + ox + (i % side));
        const grey = Math.round(255 * (1 - ink));
        image.data[at] = image.data[at + 1] = image.data[at + 2] = grey;
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [preview, digits, perRow, side, levels]);

  return (
    <canvas
      ref={ref}
      role="img"
      aria-label={digits > 0 ? `${digits} digits drawn by the pool model` : "No samples yet"}
      style={{ width: size, height: size, imageRendering: "pixelated" }}
      className="block shrink-0 rounded border border-line"
    />
  );
}
