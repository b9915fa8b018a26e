"use client";

import { useEffect, useRef } from "react";
import { ActionButton } from "./action-button";

/**
 * The keyboard help as a modal `<dialog>` (showModal): the page behind is inert, Tab and Shift+Tab cycle inside it,
 * and Escape or a click on the backdrop closes it.
 */
export function HelpDialog(props: { open: boolean; onClose: () => void; positive?: string; negative?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      aria-label="Keyboard shortcuts"
      onClose={props.onClose}
      onKeyDown={(e) => {
        // showModal makes the page inert, but Tab still leaves for the browser's own controls: cycle inside instead.
        if (e.key !== "Tab") return;
        const f = [...e.currentTarget.querySelectorAll<HTMLElement>("button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])")];
        const i = f.indexOf(document.activeElement as HTMLElement);
        const next = f[(i + (e.shiftKey ? f.length - 1 : 1)) % f.length];
        if (!next) return;
        e.preventDefault();
        next.focus();
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) props.onClose();
      }}
      className="fixed inset-0 m-0 h-full max-h-none w-full max-w-none items-center justify-center bg-slate-900/40 p-0 open:flex backdrop:bg-transparent"
    >
      <div className="w-96 rounded-xl bg-white p-6 shadow-xl">
        <h2 className="mb-4 text-lg font-semibold">Keyboard shortcuts</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt><kbd>1</kbd></dt><dd dir="auto">{props.positive}</dd>
          <dt><kbd>2</kbd></dt><dd dir="auto">{props.negative}</dd>
          <dt><kbd>S</kbd> / <kbd>Space</kbd></dt><dd>skip (someone else will judge it)</dd>
          <dt><kbd>U</kbd> / <kbd>Backspace</kbd> / <kbd>Ctrl Z</kbd></dt><dd>undo (your last label; the list below undoes any of the last 10)</dd>
          <dt><kbd>G</kbd></dt><dd>the project&apos;s guidelines (show or hide)</dd>
          <dt><kbd>?</kbd></dt><dd>this help</dd>
          <dt><kbd>Esc</kbd></dt><dd>close</dd>
        </dl>
        <p className="mt-4 text-xs text-slate-600">
          The 1 and 2 keys work on any keyboard layout (AZERTY: the &amp; and é keys). Labels save in the background and
          are kept in this browser until stored; anything refused is shown with its reason.
        </p>
        <div className="mt-4 flex justify-end">
          <ActionButton className="btn" onAction={props.onClose}>Close</ActionButton>
        </div>
      </div>
    </dialog>
  );
}
