namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>The paths of the image decoder's parts inside <c>image_decoder/</c>, named as the manifest writer expects
/// (ModelManifestWriter: image_decoder/{unet, vae, text_encoder, text_tokenizer, scheduler/scheduler_config.json,
/// unconditional.safetensors}); the video decoder reads the VAE and the text side from here.</summary>
public sealed record ImageDecoderFolder(string Root, string Vae, string Unet, string TextEncoder, string TextTokenizer, string Scheduler, string Unconditional)
{
    public static ImageDecoderFolder In(string root) => new(root, Path.Combine(root, "vae"), Path.Combine(root, "unet"),
        Path.Combine(root, "text_encoder"), Path.Combine(root, "text_tokenizer"), Path.Combine(root, "scheduler"),
        Path.Combine(root, ImageDecoderPretraining.UnconditionalFile));

    /// <summary>scheduler/scheduler_config.json.</summary>
    public string SchedulerConfig => Path.Combine(Scheduler, Modeling.Schedulers.SchedulerConfig.FileName);
}
