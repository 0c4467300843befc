namespace NextGpt.Realtime.Training.Pretraining.Video;

/// <summary>The paths of the video decoder's own parts inside <c>video_decoder/</c>, as ModelManifestWriter expects them;
/// its VAE and text side are the image decoder's.</summary>
public sealed record VideoDecoderFolder(string Root, string Unet, string Scheduler, string Unconditional)
{
    public static VideoDecoderFolder In(string root) => new(root, Path.Combine(root, "unet"), Path.Combine(root, "scheduler"),
        Path.Combine(root, Image.ImageDecoderPretraining.UnconditionalFile));

    /// <summary>scheduler/scheduler_config.json.</summary>
    public string SchedulerConfig => Path.Combine(Scheduler, Modeling.Schedulers.SchedulerConfig.FileName);
}
