using System.Runtime.CompilerServices;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>
/// Every server these tests start (in process through WebApplicationFactory, or as a child process, which inherits the
/// environment) serves NExT-GPT's classes with random weights (<c>Model:Untrained</c>) rather than the embedded
/// <c>models/nextgpt-tiny</c> it would find above its content root: these tests check the serving machinery, which must not
/// depend on trained weights. The embedded model is served for real by <c>EmbeddedModelTests</c> in the server tests.
/// </summary>
internal static class UntrainedModelForTests
{
    [ModuleInitializer]
    internal static void ServeUntrainedModels() => Environment.SetEnvironmentVariable("Model__Untrained", "true");
}
