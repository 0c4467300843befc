using NextGpt.Realtime.Training.Pretraining.Image;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

public sealed class ObjectWeightedReconstructionTests
{
    [Fact]
    public void A_blurred_square_pays_more_edge_error_than_a_shifted_colour_of_the_same_plain_error()
    {
        var square = full(1, 3, 16, 16, -1f);                                                   // (1, 3, 16, 16) black background
        square[.., .., 4..12, 4..12] = tensor(0.8f);
        var blurred = nn.functional.avg_pool2d(nn.functional.pad(square, [1, 1, 1, 1], TorchSharp.PaddingModes.Replicate), 3, 1);
        var plainError = ObjectWeightedReconstruction.L1(blurred, square).item<float>();
        var shifted = square.clone();
        shifted[.., .., 4..12, 4..12] = tensor(0.8f - (plainError * 2f));                       // uniformly off, edges kept sharp

        Assert.Equal(0f, ObjectWeightedReconstruction.EdgeL1(square, square).item<float>());
        Assert.True(ObjectWeightedReconstruction.EdgeL1(blurred, square).item<float>()
                    > 4 * ObjectWeightedReconstruction.EdgeL1(shifted, square).item<float>());
    }

    [Fact]
    public void Object_pixels_weigh_ten_times_the_background()
    {
        var image = full(2, 3, 8, 8, 0.2f);
        image[0, .., 2..4, 2..4] = tensor(-0.9f);

        var weights = ObjectWeightedReconstruction.Weights(image);                               // (2, 1, 8, 8)

        Assert.Equal(4 * ObjectWeightedReconstruction.ObjectPixelWeight + 60, weights[0].sum().item<float>(), 3);
        Assert.Equal(64f, weights[1].sum().item<float>(), 3);
    }
}
