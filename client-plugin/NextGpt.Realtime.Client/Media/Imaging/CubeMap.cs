using System;

namespace NextGpt.Realtime.Client.Media.Imaging;

/// <summary>The six faces of a cube map, in the order +X, -X, +Y, -Y, +Z, -Z (OpenGL / Unity cubemap order).</summary>
public enum CubeFace
{
    PositiveX,
    NegativeX,
    PositiveY,
    NegativeY,
    PositiveZ,
    NegativeZ,
}

/// <summary>
/// Resamples an equirectangular (2:1 latitude-longitude) panorama into cube-map faces with bilinear filtering, for
/// engines and headsets that want a six-sided skybox. Conventions: +Y up, the panorama's centre column looks along +Z,
/// longitude grows toward +X; face orientation follows the OpenGL cube-map specification (table 3.21 of the 4.x spec).
/// </summary>
public static class CubeMap
{
    public static RgbaImage[] FromEquirectangular(RgbaImage panorama, int faceSize)
    {
        if (panorama is null)
        {
            throw new ArgumentNullException(nameof(panorama));
        }

        if (faceSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(faceSize), "Faces need a positive size.");
        }

        var faces = new RgbaImage[6];
        for (var f = 0; f < 6; f++)
        {
            var pixels = new byte[faceSize * faceSize * 4];
            for (var y = 0; y < faceSize; y++)
            {
                for (var x = 0; x < faceSize; x++)
                {
                    // Face coordinates in [-1, 1], (sc, tc) as in the OpenGL table.
                    var sc = (2 * (x + 0.5) / faceSize) - 1;
                    var tc = (2 * (y + 0.5) / faceSize) - 1;
                    var (dx, dy, dz) = Direction((CubeFace)f, sc, tc);
                    Sample(panorama, dx, dy, dz, pixels, ((y * faceSize) + x) * 4);
                }
            }

            faces[f] = new RgbaImage(faceSize, faceSize, pixels);
        }

        return faces;
    }

    /// <summary>The view direction through face coordinates (sc, tc); rows go down the face image.</summary>
    public static (double X, double Y, double Z) Direction(CubeFace face, double sc, double tc) => face switch
    {
        CubeFace.PositiveX => (1, -tc, -sc),
        CubeFace.NegativeX => (-1, -tc, sc),
        CubeFace.PositiveY => (sc, 1, tc),
        CubeFace.NegativeY => (sc, -1, -tc),
        CubeFace.PositiveZ => (sc, -tc, 1),
        _ => (-sc, -tc, -1),
    };

    private static void Sample(RgbaImage panorama, double dx, double dy, double dz, byte[] target, int offset)
    {
        var longitude = Math.Atan2(dx, dz);                                   // -pi..pi, 0 along +Z
        var latitude = Math.Atan2(dy, Math.Sqrt((dx * dx) + (dz * dz)));       // -pi/2..pi/2, up positive
        var u = ((longitude / (2 * Math.PI)) + 0.5) * panorama.Width - 0.5;
        var v = (0.5 - (latitude / Math.PI)) * panorama.Height - 0.5;
        var x0 = (int)Math.Floor(u);
        var y0 = (int)Math.Floor(v);
        var fx = u - x0;
        var fy = v - y0;
        for (var c = 0; c < 4; c++)
        {
            var top = (Pixel(panorama, x0, y0, c) * (1 - fx)) + (Pixel(panorama, x0 + 1, y0, c) * fx);
            var bottom = (Pixel(panorama, x0, y0 + 1, c) * (1 - fx)) + (Pixel(panorama, x0 + 1, y0 + 1, c) * fx);
            target[offset + c] = (byte)Math.Round((top * (1 - fy)) + (bottom * fy));
        }
    }

    /// <summary>Longitude wraps around; latitude clamps at the poles.</summary>
    private static double Pixel(RgbaImage image, int x, int y, int channel)
    {
        x = ((x % image.Width) + image.Width) % image.Width;
        y = Math.Max(0, Math.Min(image.Height - 1, y));
        return image.Pixels[(((y * image.Width) + x) * 4) + channel];
    }
}
