"use client";
import qrcode from "qrcode-generator";
import { useMemo } from "react";

/** A QR code as one SVG path (crisp at any size, on a projector or a phone). */
export function QrCode({ text, size = 176, label }: { text: string; size?: number; label: string }) {
  const { path, count } = useMemo(() => {
    const qr = qrcode(0, "M");
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount();
    let d = "";
    for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) if (qr.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    return { path: d, count: n + 8 }; // 4 modules of quiet zone on each side
  }, [text]);
  return (
    <svg
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${count} ${count}`}
      shapeRendering="crispEdges"
      className="rounded-md bg-white"
      data-testid="join-qr"
    >
      {/* Dark on white in dark mode too: phone cameras read inverted codes poorly. */}
      <rect width={count} height={count} fill="#fff" />
      <path d={path} fill="#0f172a" />
    </svg>
  );
}

/** The session's code, large enough to read from the back of a lecture hall, with its QR code. */
export function JoinCodePanel({ code, joinUrl, large = false }: { code: string; joinUrl: string; large?: boolean }) {
  return (
    <div className={`flex flex-wrap items-center gap-6 ${large ? "justify-center" : ""}`}>
      <div>
        <p className={`font-medium text-muted ${large ? "text-2xl" : "text-sm"}`}>
          Join at <span className="font-mono text-ink">{joinUrl.replace(/^https?:\/\//, "").replace(/\?.*$/, "")}</span> with the code
        </p>
        <p
          className={`font-mono font-bold tracking-[0.25em] text-ink select-all ${large ? "text-[min(16vw,9rem)] leading-none" : "text-5xl"}`}
          data-testid="live-join-code"
        >
          <span aria-hidden="true">{code}</span>
          <span className="sr-only">{code.split("").join(" ")}</span>
        </p>
      </div>
      <QrCode text={joinUrl} size={large ? 320 : 144} label={`QR code that opens ${joinUrl}`} />
    </div>
  );
}
