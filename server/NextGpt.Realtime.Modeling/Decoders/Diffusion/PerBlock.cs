using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// A diffusers config value that is either one value for every block (<c>"attention_head_dim": 8</c>) or one value per
/// block (<c>"attention_head_dim": [5, 10, 20, 20]</c>), as UNet2DConditionModel's <c>__init__</c> accepts them.
/// </summary>
[JsonConverter(typeof(PerBlockJsonConverterFactory))]
public sealed class PerBlock<T>
    where T : struct
{
    private readonly T[] _values;

    private PerBlock(T[] values, bool isShared)
    {
        _values = values;
        IsShared = isShared;
    }

    /// <summary>True when one value was given for all blocks.</summary>
    public bool IsShared { get; }

    public IReadOnlyList<T> Values => _values;

    public static PerBlock<T> Shared(T value) => new([value], isShared: true);

    public static PerBlock<T> Each(params T[] values) => new(values, isShared: false);

    /// <summary>The value of every block; a per-block list must have exactly <paramref name="blocks"/> entries.</summary>
    public T[] Resolve(int blocks, string name)
    {
        if (IsShared)
        {
            return Enumerable.Repeat(_values[0], blocks).ToArray();
        }

        return _values.Length == blocks
            ? (T[])_values.Clone()
            : throw new InvalidDataException(
                $"{name} has {_values.Length} entries but the model has {blocks} down blocks; give one value or one per block.");
    }
}

/// <summary>Reads a JSON number/boolean or an array of them into <see cref="PerBlock{T}"/>.</summary>
public sealed class PerBlockJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(PerBlock<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(PerBlockJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class PerBlockJsonConverter<T> : JsonConverter<PerBlock<T>>
        where T : struct
    {
        public override PerBlock<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var values = JsonSerializer.Deserialize<T[]>(ref reader, options)
                             ?? throw new JsonException("Expected an array of values.");
                return values.Length > 0 ? PerBlock<T>.Each(values) : throw new JsonException("A per-block list may not be empty.");
            }

            return PerBlock<T>.Shared(JsonSerializer.Deserialize<T>(ref reader, options));
        }

        public override void Write(Utf8JsonWriter writer, PerBlock<T> value, JsonSerializerOptions options)
        {
            if (value.IsShared)
            {
                JsonSerializer.Serialize(writer, value.Values[0], options);
            }
            else
            {
                JsonSerializer.Serialize(writer, value.Values, options);
            }
        }
    }
}
