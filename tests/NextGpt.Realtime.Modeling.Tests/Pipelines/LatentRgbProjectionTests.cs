using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Pipelines;

/// <summary>The linear latent-to-RGB preview: published SD v1 factors, and least-squares derivation for any VAE.</summary>
public sealed class LatentRgbProjectionTests
{
    public LatentRgbProjectionTests() => TorchRuntime.Initialize();

    [Fact]
    public void StableDiffusionV1_IsKeturnsMatrix()
    {
        using var scope = NewDisposeScope();
        // One latent cell with a 1 in channel 3 picks that channel's row (-0.184, -0.271, -0.473).
        var latent = zeros(1, 4, 1, 1);
        latent[0, 3, 0, 0] = tensor(1.0f);
        var rgb = LatentRgbProjection.StableDiffusionV1.Apply(latent).flatten().data<float>().ToArray();
        Assert.Equal([-0.184f, -0.271f, -0.473f], rgb);
    }

    [Fact]
    public void Fit_RecoversAKnownLinearMap()
    {
        using var scope = NewDisposeScope();
        var latents = DiffusionNoise.Randn([200, 4], 3);
        var truth = LatentRgbProjection.StableDiffusionV1;
        var rgb = truth.Apply(latents.view(200, 4, 1, 1)).view(200, 3) + tensor(new[] { 0.1f, -0.2f, 0.3f });

        var fitted = LatentRgbProjection.Fit(latents, rgb);

        var factors = fitted.Factors;
        for (var c = 0; c < 4; c++)
        {
            for (var r = 0; r < 3; r++)
            {
                Assert.Equal(truth.Factors[c, r], factors[c, r], 4);
            }
        }

        Assert.Equal([0.1f, -0.2f, 0.3f], fitted.Bias.Select(b => MathF.Round(b, 4)));
    }

    [Fact]
    public void FitToVae_GivesAProjectionWithTheVaesLatentChannels()
    {
        using var scope = NewDisposeScope();
        using var vae = AutoencoderKL.FromPretrained(Fixtures.PathOf("diffusion", "vae-tiny", "model"));

        var projection = LatentRgbProjection.FitToVae(vae, blocks: 4);
        var image = projection.ToImage(zeros(1, 4, 8, 8));

        Assert.Equal(4, projection.LatentChannels);
        Assert.Equal((8, 8), (image.Width, image.Height));
        Assert.All(projection.Bias, b => Assert.True(float.IsFinite(b)));
    }
}
