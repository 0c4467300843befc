using Microsoft.Playwright;

namespace NextGpt.Realtime.Server.Tests.Preview;

/// <summary>
/// Debian's chromium (/usr/bin/chromium, installed by test.sh) driven by Playwright's bundled driver, headless, shared by
/// a test class. Playwright never downloads a browser here: the executable is given, and the flags keep chromium off
/// the (closed) network (environment.md, Browser tests).
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run ./test.sh (it installs Debian's chromium) or apt-get install chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
