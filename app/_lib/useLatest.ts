"use client";
import { useLayoutEffect, useRef } from "react";

/**
 * A ref that always holds the latest rendered value, for callbacks and loops that outlive a render
 * (a training loop reads the live round's link through it). Updated after render, before paint.
 */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
