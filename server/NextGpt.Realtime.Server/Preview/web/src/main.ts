// The /preview page: joins a session's group as a spectator over SignalR (MessagePack protocol) and shows its turns live.
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import "./preview.css";
import { AudioPanel } from "./audio-panel";
import { byId } from "./dom";
import { decodeSessionInfo, decodeTurnEvent, TurnEvent } from "./events";
import { ImagePanel } from "./image-panel";
import { RecorderPanel } from "./recorder";
import { TextPanel } from "./text-panel";
import { VideoPanel } from "./video-panel";

const status = byId<HTMLDivElement>("status");
const dot = byId<HTMLSpanElement>("connection-dot");
const sessionList = byId<HTMLSelectElement>("session-list");
const sessionInput = byId<HTMLInputElement>("session-id");
const keyInput = byId<HTMLInputElement>("api-key");
const log = byId<HTMLOListElement>("log");
const logMeta = byId<HTMLSpanElement>("log-meta");

const panels = [new TextPanel(), new ImagePanel(), new AudioPanel(), new VideoPanel()];
const recorder = new RecorderPanel();
let connection: signalR.HubConnection | null = null;
let watching = "";
let eventCount = 0;

function setStatus(text: string, state: "idle" | "connecting" | "live" | "error"): void {
  status.textContent = text;
  dot.dataset.state = state;
  document.body.dataset.state = state;
}

function logEvent(e: TurnEvent): void {
  eventCount++;
  logMeta.textContent = `${eventCount} events`;
  const item = document.createElement("li");
  const size = "png" in e ? ` · ${(e.png.length / 1024).toFixed(1)} KiB` : "pcm16" in e ? ` · ${e.pcm16.length / 2} samples` : "";
  item.textContent = `#${e.sequence} ${e.kind} · part ${e.partId}${size}`;
  item.dataset.kind = e.kind;
  log.prepend(item);
  while (log.children.length > 200) log.lastElementChild?.remove();
}

async function watch(sessionId: string, apiKey: string): Promise<void> {
  if (!sessionId) {
    setStatus("Pick a live session or paste a session id", "error");
    return;
  }
  await connection?.stop();
  setStatus("Connecting…", "connecting");
  const hub = new URL("../hubs/nextgpt", window.location.href).toString();
  connection = new signalR.HubConnectionBuilder()
    .withUrl(hub, apiKey ? { accessTokenFactory: () => apiKey } : {})
    .withHubProtocol(new MessagePackHubProtocol())
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on("OnTurnEvent", (_session: string, raw: unknown) => {
    let e: TurnEvent;
    try {
      e = decodeTurnEvent(raw);
    } catch (error) {
      setStatus(`Unreadable event: ${(error as Error).message}`, "error");
      return;
    }
    logEvent(e);
    for (const panel of panels) panel.handle(e);
  });
  connection.onreconnecting(() => setStatus("Reconnecting…", "connecting"));
  connection.onreconnected(() => void spectate(sessionId));
  connection.onclose(error => setStatus(error ? `Disconnected: ${error.message}` : "Disconnected", "error"));
  try {
    await connection.start();
    await spectate(sessionId);
    watching = sessionId;
    recorder.watch(sessionId, apiKey);
    const url = new URL(window.location.href);
    url.searchParams.set("session", sessionId);
    window.history.replaceState(null, "", url);
  } catch (error) {
    setStatus(`Could not watch: ${(error as Error).message}`, "error");
  }
}

async function spectate(sessionId: string): Promise<void> {
  const info = decodeSessionInfo(await connection!.invoke("Spectate", sessionId));
  setStatus(`Watching ${info.name || "session"}${info.role ? `, the ${info.role}` : ""} · ${info.turnCount} turns so far`, "live");
  document.body.dataset.session = info.sessionId;
}

async function refreshSessions(): Promise<void> {
  const key = keyInput.value;
  try {
    const response = await fetch("api/sessions", { headers: key ? { "X-Api-Key": key } : {} });
    if (!response.ok) return;
    const sessions = await response.json() as { id: string; name: string; role: string; players: number; turns: number }[];
    const chosen = sessionList.value;
    sessionList.replaceChildren(new Option(sessions.length ? `${sessions.length} live sessions…` : "no live sessions", ""));
    for (const s of sessions) {
      sessionList.append(new Option(`${s.name} (${s.role}) · ${s.turns} turns · ${s.id.slice(0, 8)}`, s.id, false, s.id === chosen));
    }
  } catch {
    // The list is a convenience; watching by id still works.
  }
}

byId<HTMLFormElement>("join").addEventListener("submit", event => {
  event.preventDefault();
  void watch(sessionInput.value.trim() || sessionList.value, keyInput.value);
});
sessionList.addEventListener("change", () => {
  if (sessionList.value && sessionList.value !== watching) {
    sessionInput.value = sessionList.value;
  }
});

const query = new URLSearchParams(window.location.search);
keyInput.value = query.get("key") ?? "";
sessionInput.value = query.get("session") ?? "";
void refreshSessions();
window.setInterval(() => void refreshSessions(), 5000);
if (sessionInput.value) {
  void watch(sessionInput.value, keyInput.value);
}
