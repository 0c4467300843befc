using Microsoft.Extensions.Options;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Server.Models;

/// <summary>
/// Decides which model the inference worker loads: the configured folder, else the embedded default
/// (<see cref="NextGptModelFolder.EmbeddedDefault"/>, trained by issue 6) when it exists, else NExT-GPT's classes at small
/// sizes with random weights, logged loudly as untrained. Called on the inference thread.
/// </summary>
public sealed class ModelSource(IOptions<ModelOptions> options, IHostEnvironment environment, TorchRuntimeInfo runtime,
    ILogger<ModelSource> logger)
{
    /// <summary>What was loaded, for /health ("untrained", or the folder).</summary>
    public string Description { get; private set; } = "not loaded";

    public NextGptModel Load()
    {
        var folder = options.Value.Untrained ? null : Folder();
        if (folder is null)
        {
            logger.LogWarning(
                "No trained model is installed: serving NExT-GPT's classes with RANDOM weights on {Device} (replies are noise). " +
                "Train {Default} (issue 6) or set Model:Path to a converted model folder to serve a real model.",
                runtime.Device, NextGptModelFolder.EmbeddedDefault);
            Description = "untrained (random weights)";
            return UntrainedModelFactory.Create(options.Value.UntrainedSeed);
        }

        logger.LogInformation("Loading the model from {Folder}.", folder);
        var model = NextGptModelFolder.Load(folder);
        Description = folder;
        return model;
    }

    private string? Folder()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.Path))
        {
            var configured = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
            return Directory.Exists(configured)
                ? configured
                : throw new DirectoryNotFoundException($"Model:Path '{configured}' does not exist.");
        }

        return NextGptModelFolder.FindEmbeddedDefault(environment.ContentRootPath);
    }
}
