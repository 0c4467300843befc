namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>
/// An RGBA image as the three full-resolution planes a JPEG codes, level-shifted to -128..127 (T.81 A.3.1) with the
/// JFIF conversion (JFIF 1.02, section 7: ITU-R BT.601 full range). Reads past the right or bottom edge repeat the
/// last column or row, so partial blocks carry no artificial edge that would ring.
/// </summary>
internal sealed class YCbCrPlanes
{
    private YCbCrPlanes(PlaneSamples y, PlaneSamples cb, PlaneSamples cr)
    {
        Y = y;
        Cb = cb;
        Cr = cr;
    }

    public PlaneSamples Y { get; }

    public PlaneSamples Cb { get; }

    public PlaneSamples Cr { get; }

    public static YCbCrPlanes From(RgbaImage image)
    {
        var count = image.Width * image.Height;
        var y = new float[count];
        var cb = new float[count];
        var cr = new float[count];
        for (int i = 0, p = 0; i < count; i++, p += 4)
        {
            float r = image.Pixels[p], g = image.Pixels[p + 1], b = image.Pixels[p + 2];
            y[i] = (0.299f * r) + (0.587f * g) + (0.114f * b) - 128f;
            cb[i] = (-0.168736f * r) - (0.331264f * g) + (0.5f * b);
            cr[i] = (0.5f * r) - (0.418688f * g) - (0.081312f * b);
        }

        return new YCbCrPlanes(new PlaneSamples(y, image.Width, image.Height), new PlaneSamples(cb, image.Width, image.Height),
            new PlaneSamples(cr, image.Width, image.Height));
    }
}
