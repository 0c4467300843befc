using NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Encoders.ImageBind.Preprocessing;

/// <summary>
/// ImageBind's vision transform against torchvision 0.14 on PIL 9.4 (Resize(224, BICUBIC), CenterCrop(224), ToTensor,
/// Normalize): the resized-and-cropped bytes must be identical, the normalised tensor within 1e-6.
/// </summary>
public sealed class ImageBindImageTransformTests
{
    public ImageBindImageTransformTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("down_wide")]   // 317x211 -> 336x224, odd crop offset
    [InlineData("down_tall")]   // 240x401 -> 224x374
    [InlineData("up_small")]    // 61x97 -> 224x356, upscale
    [InlineData("square")]      // 224x224, no resize
    [InlineData("up_slight")]   // 400x223 -> 401x224
    [InlineData("big")]         // 700x600 -> 261x224, wide kernel
    [InlineData("grey")]
    [InlineData("rgba")]
    [InlineData("photo")]       // JPEG decoded by PIL here (the fixture's bytes) so only the resize is compared
    public void ResizeAndCrop_MatchPilBitForBit(string name)
    {
        var input = name == "photo"
            ? ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", "expected", "photo.decoded.png"))
            : ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", name + ".png"));

        var (width, height) = ImageBindImageTransform.ResizedSize(input.Width, input.Height, 224);
        var resized = PilBicubicResize.Resize(input, width, height);
        var (left, top) = ImageBindImageTransform.CenterCropOrigin(width, height, 224);
        var cropped = resized.Crop(left, top, 224, 224);

        Assert.Equal(ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", "expected", name + ".cropped.png")).Pixels, cropped.Pixels);
    }

    [Fact]
    public void Apply_MatchesTorchvisionsNormalisedTensor()
    {
        using var scope = NewDisposeScope();
        var image = ImageDecoder.Decode(PreprocessingFixtures.PathOf("images", "down_wide.png"));

        var pixelValues = ImageBindImageTransform.Apply(image);

        Assert.Equal([3L, 224, 224], pixelValues.shape);
        Assert.True(PreprocessingFixtures.MaxAbsDifference(PreprocessingFixtures.Load("images", "down_wide.pixel_values"), pixelValues) <= 1e-6);
    }

    [Theory]
    [InlineData(317, 211, 336, 224, 56, 0)]
    [InlineData(211, 317, 224, 336, 0, 56)]
    [InlineData(225, 401, 224, 399, 0, 88)]
    [InlineData(1000, 223, 1004, 224, 390, 0)]
    public void Sizes_FollowTorchvisionsRounding(int w, int h, int rw, int rh, int left, int top)
    {
        Assert.Equal((rw, rh), ImageBindImageTransform.ResizedSize(w, h, 224));
        Assert.Equal((left, top), ImageBindImageTransform.CenterCropOrigin(rw, rh, 224));
    }
}
