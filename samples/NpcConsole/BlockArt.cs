using System.Text;
using NextGpt.Realtime.Client.Media.Imaging;

namespace NpcConsole;

/// <summary>Draws an image in a 24-bit-colour terminal: each character is two pixels, '▀' with the top as foreground.</summary>
internal static class BlockArt
{
    public static string Render(byte[] png, int columns = 48)
    {
        var image = PngDecoder.Decode(png).Downscale(columns);
        var text = new StringBuilder();
        for (var y = 0; y < image.Height; y += 2)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b, _) = image[x, y];
                var (r2, g2, b2, _) = y + 1 < image.Height ? image[x, y + 1] : (r, g, b, (byte)255);
                text.Append($"\u001b[38;2;{r};{g};{b}m\u001b[48;2;{r2};{g2};{b2}m▀");
            }

            text.Append("\u001b[0m\n");
        }

        return text.ToString();
    }
}
