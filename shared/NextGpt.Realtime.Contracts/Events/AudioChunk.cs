using MessagePack;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>A piece of generated audio: PCM16 little-endian, mono, at <see cref="SampleRate"/> (16 kHz), in order.</summary>
[MessagePackObject]
public sealed class AudioChunk : TurnEvent
{
    [Key(3)] public int SampleRate { get; set; } = 16000;

    /// <summary>Index of this chunk's first sample within the part.</summary>
    [Key(4)] public long FirstSample { get; set; }

    [Key(5)] public byte[] Pcm16 { get; set; } = [];
}
