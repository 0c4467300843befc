using NextGpt.Realtime.Modeling.LanguageModel;

namespace NextGpt.Realtime.Modeling.Tests.LanguageModel;

public sealed class LlamaConfigTests
{
    [Fact]
    public void ALlama1Config_GetsOneKeyValueHeadPerHeadAndRopeTheta10000()
    {
        var config = Load("""
            {"hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32, "intermediate_size": 11008,
             "rms_norm_eps": 1e-06, "vocab_size": 32000, "max_position_embeddings": 2048, "hidden_act": "silu",
             "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float16", "model_type": "llama"}
            """);

        Assert.Equal(32, config.KeyValueHeads);
        Assert.Equal(10000.0, config.RopeTheta);
        Assert.Equal(128, config.HeadDim);
        Assert.Equal(LlamaConfig.Vicuna7B, config);
    }

    [Fact]
    public void AGroupedQueryConfig_KeepsItsKeyValueHeads()
    {
        var config = Load("""
            {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 8, "num_key_value_heads": 2,
             "intermediate_size": 128, "vocab_size": 100, "rope_theta": 500000.0, "rope_scaling": null}
            """);

        Assert.Equal(2, config.KeyValueHeads);
        Assert.Equal(500000.0, config.RopeTheta);
    }

    [Theory]
    [InlineData("""{"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 6, "intermediate_size": 128, "vocab_size": 100}""", "heads")]
    [InlineData("""{"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 8, "num_key_value_heads": 3, "intermediate_size": 128, "vocab_size": 100}""", "num_key_value_heads")]
    [InlineData("""{"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 8, "intermediate_size": 128, "vocab_size": 100, "rope_scaling": {"type": "linear", "factor": 2.0}}""", "rope_scaling")]
    [InlineData("""{"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 8, "intermediate_size": 128, "vocab_size": 100, "hidden_act": "gelu"}""", "hidden_act")]
    [InlineData("""{"hidden_size": 64, "num_hidden_layers": 0, "num_attention_heads": 8, "intermediate_size": 128, "vocab_size": 100}""", "positive")]
    [InlineData("""{"hidden_size": "big"}""", "not a valid LLaMA config.json")]
    public void ImpossibleConfigs_AreRefusedNamingTheField(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static LlamaConfig Load(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            return LlamaConfig.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
