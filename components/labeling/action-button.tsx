"use client";

import type { ButtonHTMLAttributes } from "react";

/**
 * A button that acts once per activation: a pointer press does not focus it (so a later Enter or Space cannot
 * repeat its action), the second click of a double-click is ignored, and a held Enter does not repeat.
 */
export function ActionButton({ onAction, ...props }: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "onClick"> & { onAction: () => void }) {
  return (
    <button
      type="button"
      {...props}
      onMouseDown={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        if (e.repeat && (e.key === "Enter" || e.key === " ")) e.preventDefault();
      }}
      onClick={(e) => {
        if (e.detail > 1) return; // the second (third…) click of a multi-click
        if (e.detail > 0) e.currentTarget.blur();
        onAction();
      }}
    />
  );
}
