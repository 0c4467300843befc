namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>The media NExT-GPT generates through signal tokens ([IMGi], [VIDi], [AUDi]).</summary>
public enum SignalModality
{
    Image,
    Video,
    Audio,
}
