namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>The ImageBind towers NExT-GPT uses; video goes through the vision tower as 2-frame clips.</summary>
public enum ImageBindModality
{
    Vision,
    Audio,
}
