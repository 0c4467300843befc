namespace NextGpt.Realtime.Contracts.Primitives;

/// <summary>A medium the model reads or writes (NExT-GPT's four: text, image, audio, video).</summary>
public enum Modality
{
    Text = 0,
    Image = 1,
    Audio = 2,
    Video = 3,
}
