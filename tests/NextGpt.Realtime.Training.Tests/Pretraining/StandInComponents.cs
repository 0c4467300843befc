using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Pretraining.Language;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

/// <summary>
/// Writes the off-the-shelf parts the three NExT-GPT stages read (ImageBind, and per decoder its text encoder, tokenizer,
/// UNet, VAE and scheduler) as real classes with seeded random weights, so the stages can be tested without first
/// pretraining them. Stage 1-3 mechanics do not depend on what these parts have learned.
/// </summary>
public static class StandInComponents
{
    public static void Write(string folder)
    {
        random.manual_seed(7);
        var captions = LanguageCorpus.Captions(20);
        var vocabulary = ByteLevelBpeTrainer.Train(captions, 360);
        var tokenizer = ByteLevelBpeTokenizer.FromVocabulary(vocabulary);

        var encoder = new ImageBindModel(ImageBindConfig.Small with
        {
            VisionEmbedDim = 32, VisionNumBlocks = 1, VisionNumHeads = 2, AudioEmbedDim = 32, AudioNumBlocks = 1, AudioNumHeads = 2,
            OutEmbedDim = 24, ImageSize = 64, KernelSize = [2, 16, 16],
        });
        PretrainedFolder.Save(Path.Combine(folder, "encoder"), encoder.Config, encoder);

        var clip = new ClipTextModel(new ClipTextConfig
        {
            VocabSize = tokenizer.VocabularySize, HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2,
            MaxPositionEmbeddings = 12, EosTokenId = tokenizer.SpecialIds.Eos,
        });
        DecoderParts(folder, "image_decoder", clip.Config, clip, vocabulary);
        Directory.CreateDirectory(Path.Combine(folder, "video_decoder"));
        SaveUnet(Path.Combine(folder, "video_decoder"));

        var clap = new ClapTextModelWithProjection(new ClapTextConfig
        {
            VocabSize = tokenizer.VocabularySize, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32,
            MaxPositionEmbeddings = 64, ProjectionDim = 8, PadTokenId = tokenizer.SpecialIds.Pad,
        });
        DecoderParts(folder, "audio_decoder", clap.Config, clap, vocabulary);
    }

    private static void DecoderParts<TConfig>(string folder, string decoder, TConfig textConfig, nn.Module textEncoder,
        ByteLevelBpeVocabulary vocabulary)
        where TConfig : class
    {
        var root = Path.Combine(folder, decoder);
        PretrainedFolder.Save(Path.Combine(root, "text_encoder"), textConfig, textEncoder);
        vocabulary.Save(Path.Combine(root, "text_tokenizer"));
        SaveUnet(root);
        var vae = new AutoencoderKL(new AutoencoderKLConfig
        {
            BlockOutChannels = [8], LayersPerBlock = 1, NormNumGroups = 4,
            DownBlockTypes = [AutoencoderKLConfig.DownEncoderBlock2D], UpBlockTypes = [AutoencoderKLConfig.UpDecoderBlock2D],
        });
        PretrainedFolder.Save(Path.Combine(root, "vae"), vae.Config, vae);
    }

    private static void SaveUnet(string root)
    {
        var unet = new UNet2DConditionModel(new UNet2DConditionConfig
        {
            BlockOutChannels = [8], LayersPerBlock = PerBlock<int>.Shared(1), NormNumGroups = 4,
            DownBlockTypes = [UNet2DConditionConfig.DownBlock2D], UpBlockTypes = [UNet2DConditionConfig.UpBlock2D], MidBlockType = null,
            CrossAttentionDim = PerBlock<int>.Shared(16),
        });
        PretrainedFolder.Save(Path.Combine(root, "unet"), unet.Config, unet);
        SchedulerConfig.StableDiffusion15.Save(Path.Combine(root, "scheduler"));
    }
}
