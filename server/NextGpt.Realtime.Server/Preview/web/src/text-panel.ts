import { byId, setProgress } from "./dom";
import { ErrorCodes, TurnEvent } from "./events";

/** The reply text of each turn as it streams, with the turn's numbers when it ends. */
export class TextPanel {
  private readonly transcript = byId<HTMLDivElement>("transcript");
  private readonly meta = byId<HTMLSpanElement>("text-meta");
  private readonly progress = byId<HTMLDivElement>("text-progress");
  private readonly turns = new Map<string, { card: HTMLElement; body: HTMLElement; started: number; characters: number }>();
  private turnNumber = 0;

  handle(e: TurnEvent): void {
    switch (e.kind) {
      case "TurnStarted": {
        const card = document.createElement("article");
        card.className = "turn live";
        const head = document.createElement("header");
        head.textContent = `turn ${++this.turnNumber}` + (e.queueMilliseconds >= 1 ? ` · queued ${Math.round(e.queueMilliseconds)} ms` : "");
        const body = document.createElement("p");
        card.append(head, body);
        this.transcript.prepend(card);
        this.turns.set(e.turnId, { card, body, started: performance.now(), characters: 0 });
        this.meta.textContent = "streaming…";
        setProgress(this.progress, 0.05);
        break;
      }
      case "TextDelta": {
        const turn = this.turns.get(e.turnId);
        if (!turn) return;
        turn.body.textContent += e.text;
        turn.characters += e.text.length;
        this.meta.textContent = `${turn.characters} characters · ${((performance.now() - turn.started) / 1000).toFixed(1)} s`;
        setProgress(this.progress, 0.05 + 0.9 * (1 - Math.exp(-turn.characters / 200)));
        break;
      }
      case "TurnCompleted": {
        const turn = this.turns.get(e.turnId);
        if (!turn) return;
        turn.card.classList.remove("live");
        if (!turn.body.textContent && e.text) turn.body.textContent = e.text;
        const total = e.stageMilliseconds["total"] ?? performance.now() - turn.started;
        const stats = document.createElement("footer");
        stats.textContent = `${e.promptTokens} prompt · ${e.generatedTokens} generated tokens · ${(total / 1000).toFixed(2)} s` +
          (e.cancelled ? " · cancelled" : "");
        turn.card.append(stats);
        this.meta.textContent = e.cancelled ? "cancelled" : `done · ${e.generatedTokens} tokens`;
        setProgress(this.progress, 1, "done");
        break;
      }
      case "TurnFailed": {
        const turn = this.turns.get(e.turnId);
        const card = turn?.card ?? document.createElement("article");
        card.className = "turn failed";
        const reason = document.createElement("footer");
        reason.textContent = `${ErrorCodes[e.code] ?? e.code}: ${e.message}`;
        card.append(reason);
        if (!turn) this.transcript.prepend(card);
        this.meta.textContent = "failed";
        setProgress(this.progress, 1, "failed");
        break;
      }
      default:
        break;
    }
  }
}
