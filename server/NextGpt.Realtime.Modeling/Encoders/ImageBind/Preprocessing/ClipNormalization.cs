namespace NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;

/// <summary>
/// The OpenAI CLIP pixel statistics ImageBind normalises images and video frames with (<c>data.py</c>:
/// <c>transforms.Normalize(mean=(0.48145466, 0.4578275, 0.40821073), std=(0.26862954, 0.26130258, 0.27577711))</c>).
/// </summary>
public static class ClipNormalization
{
    public static IReadOnlyList<float> Mean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    public static IReadOnlyList<float> Std { get; } = [0.26862954f, 0.26130258f, 0.27577711f];
}
