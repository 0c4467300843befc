import { byId, setProgress } from "./dom";
import { Modality, TurnEvent } from "./events";

/**
 * A generated clip's frames, drawn at their timestamps on a clock that starts when the first frame arrives; a frame
 * that arrives after a later one was drawn is skipped (late), as the client's VideoFrameClock does.
 */
export class VideoPanel {
  private readonly canvas = byId<HTMLCanvasElement>("video-canvas");
  private readonly placeholder = byId<HTMLSpanElement>("video-placeholder");
  private readonly meta = byId<HTMLSpanElement>("video-meta");
  private readonly progress = byId<HTMLDivElement>("video-progress");
  private frameCount = 0;
  private rate = 0;
  private received = 0;
  private shown = 0;
  private skipped = 0;
  private lastDrawn = -1;
  private clockStart = 0;
  private completed = "";

  handle(e: TurnEvent): void {
    switch (e.kind) {
      case "MediaStarted":
        if (e.modality !== Modality.Video) return;
        this.frameCount = e.frameCount;
        this.rate = e.rate;
        this.received = this.shown = this.skipped = 0;
        this.lastDrawn = -1;
        this.clockStart = 0;
        this.completed = "";
        this.canvas.width = e.width || 320;
        this.canvas.height = e.height || 320;
        this.meta.textContent = `${e.width}×${e.height} · ${e.frameCount} frames at ${e.rate} fps · decoding…`;
        setProgress(this.progress, 0.02);
        break;
      case "VideoFrame": {
        this.received++;
        if (this.clockStart === 0) this.clockStart = performance.now() - e.timestampMilliseconds;
        const due = this.clockStart + e.timestampMilliseconds - performance.now();
        const index = e.frameIndex;
        void createImageBitmap(new Blob([e.png as BlobPart], { type: "image/png" })).then(bitmap => {
          window.setTimeout(() => this.draw(bitmap, index), Math.max(0, due));
        });
        this.update();
        break;
      }
      case "MediaCompleted":
        if (e.modality !== Modality.Video) return;
        this.completed = `done in ${(e.milliseconds / 1000).toFixed(1)} s`;
        this.update();
        break;
      default:
        break;
    }
  }

  private draw(bitmap: ImageBitmap, index: number): void {
    if (index <= this.lastDrawn) {
      this.skipped++;
      bitmap.close();
      return;
    }
    const g = this.canvas.getContext("2d");
    if (!g) return;
    g.drawImage(bitmap, 0, 0, this.canvas.width, this.canvas.height);
    bitmap.close();
    this.lastDrawn = index;
    this.shown++;
    this.canvas.hidden = false;
    this.placeholder.hidden = true;
    this.update();
  }

  // The bar follows the frames shown; it turns green once the clip is complete and every frame had its turn.
  private update(): void {
    const of = this.frameCount > 0 ? ` of ${this.frameCount}` : "";
    this.meta.textContent = `${this.received}${of} frames received · ${this.shown} shown` +
      (this.skipped > 0 ? ` · ${this.skipped} late` : "") + (this.rate > 0 ? ` · ${this.rate} fps` : "") +
      (this.completed ? ` · ${this.completed}` : "");
    const total = Math.max(this.frameCount, this.received, 1);
    const finished = this.completed !== "" && this.shown + this.skipped >= this.received;
    setProgress(this.progress, finished ? 1 : (this.shown + this.skipped) / total, finished ? "done" : "running");
  }
}
