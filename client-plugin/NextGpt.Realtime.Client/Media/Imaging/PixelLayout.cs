namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>Byte order of a frame buffer's pixels (8 bits per channel).</summary>
public enum PixelLayout
{
    Rgba32,
    Rgb24,
    Bgra32,
    Argb32,
}

/// <summary>Which row comes first in a frame buffer. Engines' render textures are often bottom-up (OpenGL convention).</summary>
public enum RowOrder
{
    TopDown,
    BottomUp,
}
