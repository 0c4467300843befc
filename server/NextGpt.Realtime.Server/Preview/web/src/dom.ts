/** The element with this id, typed; a missing element is a bug in index.html. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`index.html has no #${id}`);
  }
  return element as T;
}

/** Sets a progress bar's fill (0..1). */
export function setProgress(bar: HTMLElement, fraction: number, state: "running" | "done" | "failed" = "running"): void {
  bar.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
  bar.dataset.state = state;
}
