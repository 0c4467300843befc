namespace NextGpt.Realtime.Tests.Shared;

/// <summary>Paths of the checked-in fixtures under tests/Fixtures (made by the scripts in tools/reference). Compiled into
/// every test project (tests/Directory.Build.props).</summary>
internal static class Fixtures
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Fixtures was not found above " + AppContext.BaseDirectory);
    }
}
