import { byId } from "./dom";

/** The server-side MP4 recorder of the watched session: start, stop, then download or replay here. */
export class RecorderPanel {
  private readonly start = byId<HTMLButtonElement>("record-start");
  private readonly stop = byId<HTMLButtonElement>("record-stop");
  private readonly status = byId<HTMLSpanElement>("record-status");
  private readonly download = byId<HTMLAnchorElement>("record-download");
  private readonly replay = byId<HTMLVideoElement>("record-replay");
  private sessionId = "";
  private apiKey = "";
  private recordingId = "";
  private startedAt = 0;
  private timer = 0;

  constructor() {
    this.start.addEventListener("click", () => void this.begin());
    this.stop.addEventListener("click", () => void this.end());
  }

  /** Enables recording for the session now watched. */
  watch(sessionId: string, apiKey: string): void {
    this.sessionId = sessionId;
    this.apiKey = apiKey;
    this.start.disabled = this.recordingId !== "";
  }

  private async begin(): Promise<void> {
    this.start.disabled = true;
    try {
      const body = await this.call(`api/sessions/${encodeURIComponent(this.sessionId)}/recordings`);
      this.recordingId = body.id as string;
      this.startedAt = performance.now();
      this.stop.disabled = false;
      this.download.hidden = true;
      this.replay.hidden = true;
      this.timer = window.setInterval(() => {
        this.status.textContent = `● recording · ${((performance.now() - this.startedAt) / 1000).toFixed(0)} s`;
      }, 250);
      this.status.dataset.state = "recording";
    } catch (error) {
      this.start.disabled = false;
      this.fail(error);
    }
  }

  private async end(): Promise<void> {
    this.stop.disabled = true;
    window.clearInterval(this.timer);
    this.status.textContent = "writing MP4…";
    try {
      const body = await this.call(`api/recordings/${this.recordingId}/stop`);
      const url = `api/recordings/${this.recordingId}.mp4` + (this.apiKey ? `?access_token=${encodeURIComponent(this.apiKey)}` : "");
      this.download.href = url;
      this.download.hidden = false;
      this.replay.src = url;
      this.replay.hidden = false;
      this.status.textContent = `saved · ${(body.seconds as number).toFixed(1)} s · ${((body.bytes as number) / 1024).toFixed(0)} KiB` +
        (body.truncated ? " · cut at the size limit" : "");
      this.status.dataset.state = "done";
    } catch (error) {
      this.fail(error);
    } finally {
      this.recordingId = "";
      this.start.disabled = this.sessionId === "";
    }
  }

  private async call(path: string): Promise<Record<string, unknown>> {
    const response = await fetch(path, { method: "POST", headers: this.apiKey ? { "X-Api-Key": this.apiKey } : {} });
    const body = await response.json().catch(() => ({})) as Record<string, unknown>;
    if (!response.ok) throw new Error((body.error as string) ?? `${response.status} ${response.statusText}`);
    return body;
  }

  private fail(error: unknown): void {
    this.status.textContent = `recording failed: ${error instanceof Error ? error.message : String(error)}`;
    this.status.dataset.state = "failed";
  }
}
