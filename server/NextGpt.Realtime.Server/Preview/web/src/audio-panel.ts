import { byId, setProgress } from "./dom";
import { Modality, TurnEvent } from "./events";

/**
 * Generated sound: PCM16 chunks converted to float and scheduled back to back on a WebAudio clock, each at its part's
 * start plus firstSample / rate, so late or bunched chunks still play seamlessly. Browsers only start audio after a
 * click, so until "Enable sound" the panel draws the waveform and counts seconds without playing.
 */
export class AudioPanel {
  private readonly meta = byId<HTMLSpanElement>("audio-meta");
  private readonly clock = byId<HTMLSpanElement>("audio-clock");
  private readonly progress = byId<HTMLDivElement>("audio-progress");
  private readonly canvas = byId<HTMLCanvasElement>("audio-wave");
  private readonly button = byId<HTMLButtonElement>("sound");
  private context: AudioContext | null = null;
  private partStart = 0;
  private samples: Float32Array[] = [];
  private received = 0;
  private rate = 16000;
  private done = false;

  constructor() {
    this.button.addEventListener("click", () => void this.enable());
    requestAnimationFrame(() => this.tick());
  }

  handle(e: TurnEvent): void {
    switch (e.kind) {
      case "MediaStarted":
        if (e.modality !== Modality.Audio) return;
        this.samples = [];
        this.received = 0;
        this.rate = e.rate || 16000;
        this.partStart = 0;
        this.done = false;
        this.meta.textContent = `${this.rate / 1000} kHz mono · generating…`;
        setProgress(this.progress, 0.02);
        break;
      case "AudioChunk": {
        const floats = toFloat(e.pcm16);
        this.samples.push(floats);
        this.received = Math.max(this.received, e.firstSample + floats.length);
        this.rate = e.sampleRate;
        this.play(floats, e.firstSample, e.sampleRate);
        this.meta.textContent = `${(this.received / this.rate).toFixed(2)} s received`;
        this.draw();
        break;
      }
      case "MediaCompleted":
        if (e.modality !== Modality.Audio) return;
        this.done = true;
        this.meta.textContent = `${(this.received / this.rate).toFixed(2)} s · done in ${(e.milliseconds / 1000).toFixed(1)} s`;
        break;
      default:
        break;
    }
  }

  private async enable(): Promise<void> {
    this.context ??= new AudioContext();
    await this.context.resume();
    this.button.textContent = "♪ Sound on";
    this.button.disabled = true;
  }

  private play(floats: Float32Array, firstSample: number, rate: number): void {
    const context = this.context;
    if (!context || context.state !== "running" || floats.length === 0) return;
    if (this.partStart === 0 || firstSample === 0) {
      // A little lead so the first chunks queue up instead of starting late and clicking.
      this.partStart = context.currentTime + 0.15 - firstSample / rate;
    }
    const buffer = context.createBuffer(1, floats.length, rate);
    buffer.copyToChannel(floats as Float32Array<ArrayBuffer>, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    source.start(Math.max(context.currentTime, this.partStart + firstSample / rate));
  }

  private tick(): void {
    const total = this.received / this.rate;
    if (total > 0) {
      const played = this.context && this.partStart > 0 ? Math.max(0, Math.min(total, this.context.currentTime - this.partStart)) : 0;
      this.clock.textContent = this.context ? `played ${played.toFixed(1)} / ${total.toFixed(1)} s` : `${total.toFixed(1)} s buffered (sound off)`;
      setProgress(this.progress, this.done ? (this.context ? played / total : 1) : Math.min(0.95, 0.1 + played / Math.max(total, 1)),
        this.done && (!this.context || played >= total) ? "done" : "running");
    }
    requestAnimationFrame(() => this.tick());
  }

  // Min/max of the received samples per pixel column.
  private draw(): void {
    const g = this.canvas.getContext("2d");
    if (!g) return;
    const { width, height } = this.canvas;
    g.clearRect(0, 0, width, height);
    const all = concat(this.samples);
    const perColumn = Math.max(1, Math.ceil(Math.max(all.length, this.rate * 2) / width));
    g.fillStyle = "#58a6ff";
    for (let x = 0; x * perColumn < all.length; x++) {
      let low = 1, high = -1;
      for (let i = x * perColumn; i < Math.min(all.length, (x + 1) * perColumn); i++) {
        low = Math.min(low, all[i]);
        high = Math.max(high, all[i]);
      }
      const top = (1 - high) * height / 2;
      g.fillRect(x, top, 1, Math.max(1, (high - low) * height / 2));
    }
  }
}

function toFloat(pcm16: Uint8Array): Float32Array {
  const view = new DataView(pcm16.buffer, pcm16.byteOffset, pcm16.byteLength);
  const floats = new Float32Array(pcm16.byteLength >> 1);
  for (let i = 0; i < floats.length; i++) floats[i] = view.getInt16(2 * i, true) / 32768;
  return floats;
}

function concat(parts: Float32Array[]): Float32Array {
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}
