// Turn events as the MessagePack hub protocol delivers them: a union [tag, [turnId, partId, sequence, ...fields]]
// (docs/wire-protocol.md). byte[] arrives as Uint8Array, maps as plain objects.

export const enum Modality { Text = 0, Image = 1, Audio = 2, Video = 3 }

export const ErrorCodes = ["InvalidArgument", "InvalidMedia", "TooLarge", "NotFound", "Unauthorized", "RateLimited", "Busy", "Cancelled", "Internal"];

interface Base { turnId: string; partId: number; sequence: number; }

export type TurnEvent =
  | Base & { kind: "TurnStarted"; sessionId: string; queueMilliseconds: number }
  | Base & { kind: "TextDelta"; text: string }
  | Base & { kind: "MediaStarted"; modality: Modality; width: number; height: number; frameCount: number; rate: number }
  | Base & { kind: "ImagePreview"; step: number; totalSteps: number; png: Uint8Array }
  | Base & { kind: "ImageCompleted"; png: Uint8Array; seed: number }
  | Base & { kind: "AudioChunk"; sampleRate: number; firstSample: number; pcm16: Uint8Array }
  | Base & { kind: "VideoFrame"; frameIndex: number; timestampMilliseconds: number; png: Uint8Array }
  | Base & { kind: "MediaCompleted"; modality: Modality; milliseconds: number }
  | Base & { kind: "TurnCompleted"; text: string; promptTokens: number; generatedTokens: number; stageMilliseconds: Record<string, number>; cancelled: boolean }
  | Base & { kind: "TurnFailed"; code: number; message: string; retryAfterMilliseconds: number };

export interface SessionInfo { sessionId: string; name: string; role: string; turnCount: number; }

const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : 0);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const bin = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(0));

/** Decodes one union-encoded turn event; throws on anything that is not one. */
export function decodeTurnEvent(raw: unknown): TurnEvent {
  if (!Array.isArray(raw) || raw.length !== 2 || !Array.isArray(raw[1])) {
    throw new Error("not a turn event union: " + JSON.stringify(raw)?.slice(0, 80));
  }
  const tag = num(raw[0]);
  const f = raw[1] as unknown[];
  const base: Base = { turnId: str(f[0]), partId: num(f[1]), sequence: num(f[2]) };
  switch (tag) {
    case 0: return { ...base, kind: "TurnStarted", sessionId: str(f[3]), queueMilliseconds: num(f[4]) };
    case 1: return { ...base, kind: "TextDelta", text: str(f[3]) };
    case 2: return { ...base, kind: "MediaStarted", modality: num(f[3]), width: num(f[4]), height: num(f[5]), frameCount: num(f[6]), rate: num(f[7]) };
    case 3: return { ...base, kind: "ImagePreview", step: num(f[3]), totalSteps: num(f[4]), png: bin(f[5]) };
    case 4: return { ...base, kind: "ImageCompleted", png: bin(f[3]), seed: num(f[4]) };
    case 5: return { ...base, kind: "AudioChunk", sampleRate: num(f[3]) || 16000, firstSample: num(f[4]), pcm16: bin(f[5]) };
    case 6: return { ...base, kind: "VideoFrame", frameIndex: num(f[3]), timestampMilliseconds: num(f[4]), png: bin(f[5]) };
    case 7: return { ...base, kind: "MediaCompleted", modality: num(f[3]), milliseconds: num(f[4]) };
    case 8: return {
      ...base, kind: "TurnCompleted", text: str(f[3]), promptTokens: num(f[4]), generatedTokens: num(f[5]),
      stageMilliseconds: (f[6] && typeof f[6] === "object" ? f[6] : {}) as Record<string, number>, cancelled: f[7] === true,
    };
    case 9: return { ...base, kind: "TurnFailed", code: num(f[3]), message: str(f[4]), retryAfterMilliseconds: num(f[5]) };
    default: throw new Error(`unknown turn event tag ${tag}`);
  }
}

/** SessionInfo [sessionId, persona [name, role, traits, style], settings, turnCount]. */
export function decodeSessionInfo(raw: unknown): SessionInfo {
  const f = Array.isArray(raw) ? raw : [];
  const persona = Array.isArray(f[1]) ? f[1] : [];
  return { sessionId: str(f[0]), name: str(persona[0]), role: str(persona[1]), turnCount: num(f[3]) };
}

/** A PNG (or any image) as an object URL; the caller revokes it when it is no longer shown. */
export function imageUrl(bytes: Uint8Array, type = "image/png"): string {
  return URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
}
