using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Projectors;

/// <summary>The legacy llama_proj and the item summing of _prepare_*_embed, against tools/reference/make_projector_fixtures.py.</summary>
public sealed class InputProjectorTests
{
    private static readonly string Folder = Fixtures.PathOf("projectors", "input-projector");

    public InputProjectorTests() => TorchRuntime.Initialize();

    [Fact]
    public void Forward_GivesOneTokenPerItem()
    {
        using var scope = NewDisposeScope();
        using var projector = InputProjector.FromPretrained(Path.Combine(Folder, "model"));
        var inputs = SafeTensorsFile.Load(Path.Combine(Folder, "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Path.Combine(Folder, "expected.safetensors"));

        using var noGrad = no_grad();
        ProjectorAssert.Close(expected["projected"], projector.forward(inputs["embeddings"]));
        ProjectorAssert.Close(expected["summed"], projector.ProjectSummed(inputs["embeddings"]));
    }

    [Fact]
    public void LegacyPreset_HasLlamaProjsShape()
    {
        using var projector = new InputProjector(InputProjectorConfig.Legacy, META);
        var state = projector.state_dict();

        Assert.Equal([4096L, 1024], state["weight"].shape);
        Assert.Equal([4096L], state["bias"].shape);
        Assert.Equal(4_198_400L, state.Values.Sum(t => t.numel()));
    }

    [Fact]
    public void WrongWidth_IsRefusedClearly()
    {
        using var projector = InputProjector.FromPretrained(Path.Combine(Folder, "model"));

        var error = Assert.Throws<ArgumentException>(() => projector.forward(zeros(2, 13)));

        Assert.Contains("(items, 12)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => projector.ProjectSummed(zeros(0, 12)));
    }
}
