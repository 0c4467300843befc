namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>One image plane's samples; reads past the right or bottom edge return the last column or row.</summary>
internal sealed class PlaneSamples(float[] samples, int width, int height)
{
    public float this[int x, int y] => samples[(System.Math.Min(y, height - 1) * width) + System.Math.Min(x, width - 1)];
}
