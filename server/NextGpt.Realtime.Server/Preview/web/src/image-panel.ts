import { byId, setProgress } from "./dom";
import { imageUrl, Modality, TurnEvent } from "./events";

/**
 * The image being generated: each preview replaces the last one as the denoiser refines it (the step strip keeps them
 * all, so the refinement can be seen), then the finished image. #image-current's data-updates counts what was shown.
 */
export class ImagePanel {
  private readonly current = byId<HTMLImageElement>("image-current");
  private readonly placeholder = byId<HTMLSpanElement>("image-placeholder");
  private readonly strip = byId<HTMLDivElement>("image-strip");
  private readonly meta = byId<HTMLSpanElement>("image-meta");
  private readonly progress = byId<HTMLDivElement>("image-progress");
  private started = 0;
  private size = "";

  handle(e: TurnEvent): void {
    switch (e.kind) {
      case "MediaStarted":
        if (e.modality !== Modality.Image) return;
        this.started = performance.now();
        this.size = `${e.width}×${e.height}`;
        for (const thumb of Array.from(this.strip.querySelectorAll("img"))) URL.revokeObjectURL(thumb.src);
        this.strip.replaceChildren();
        this.meta.textContent = `${this.size} · denoising…`;
        setProgress(this.progress, 0.02);
        break;
      case "ImagePreview":
        this.show(e.png, `step ${e.step}/${e.totalSteps}`);
        this.meta.textContent = `${this.size} · step ${e.step} of ${e.totalSteps} · ${this.elapsed()}`;
        setProgress(this.progress, e.totalSteps > 0 ? e.step / e.totalSteps : 0.5);
        break;
      case "ImageCompleted":
        this.show(e.png, "final");
        this.meta.textContent = `${this.size} · done in ${this.elapsed()} · seed ${e.seed}`;
        setProgress(this.progress, 1, "done");
        break;
      default:
        break;
    }
  }

  private show(png: Uint8Array, label: string): void {
    const url = imageUrl(png);
    this.current.src = url;
    this.current.hidden = false;
    this.placeholder.hidden = true;
    this.current.dataset.updates = String(Number(this.current.dataset.updates ?? "0") + 1);
    this.current.dataset.label = label;
    const figure = document.createElement("figure");
    const thumb = document.createElement("img");
    thumb.src = url;
    thumb.alt = label;
    const caption = document.createElement("figcaption");
    caption.textContent = label;
    figure.append(thumb, caption);
    this.strip.append(figure);
    this.strip.scrollLeft = this.strip.scrollWidth;
  }

  private elapsed(): string {
    return `${((performance.now() - this.started) / 1000).toFixed(1)} s`;
  }
}
