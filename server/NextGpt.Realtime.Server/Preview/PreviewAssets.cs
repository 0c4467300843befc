using System.Reflection;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>
/// The /preview page's files, embedded in this assembly at build time (Preview/PreviewWeb.targets): index.html and the
/// esbuild bundle (preview.js, preview.css and their source maps). Embedded rather than in wwwroot so the page is
/// served whatever the content root (dotnet run, a published folder, a test host).
/// </summary>
public sealed class PreviewAssets
{
    private const string Prefix = "preview/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".map"] = "application/json",
    };

    private readonly Dictionary<string, byte[]> _files;

    public PreviewAssets()
        : this(typeof(PreviewAssets).Assembly)
    {
    }

    internal PreviewAssets(Assembly assembly) =>
        _files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(name => name[Prefix.Length..], name => Read(assembly, name), StringComparer.Ordinal);

    /// <summary>True when the script bundle was built into this assembly (it is not with -p:SkipPreviewWeb=true).</summary>
    public bool IsBuilt => _files.ContainsKey("preview.js");

    /// <summary>The file's bytes and content type, or null for a name that is not one of the page's files.</summary>
    public (byte[] Bytes, string ContentType)? Find(string name) =>
        _files.TryGetValue(name, out var bytes) && ContentTypes.TryGetValue(Path.GetExtension(name), out var type) ? (bytes, type) : null;

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
