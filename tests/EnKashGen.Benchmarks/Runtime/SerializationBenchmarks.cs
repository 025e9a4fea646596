using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EnKashGen.Benchmarks.EnKash;
using EnKashGen.Benchmarks.Runtime.HandWritten;
using EnKashGen.Runtime;

namespace EnKashGen.Benchmarks.Runtime;

/// <summary>
/// The createCard response (the spec's full gift-card example, 3 KB minified) read from and written to UTF-8 JSON:
/// EnKashGen's generated serialization against System.Text.Json on an equivalent hand-written model, with reflection
/// and with source generation (the baseline of each category).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SerializationBenchmarks
{
    private static readonly JsonReadFunc<CreateCardResponse> GeneratedRead = CreateCardResponse.JsonConverter.ReadValue;
    private static readonly JsonWriteAction<CreateCardResponse> GeneratedWrite = CreateCardResponse.JsonConverter.WriteValue;

    private byte[] _json = Array.Empty<byte>();
    private JsonTypeInfo<CreateCardResponse> _generatedInfo = null!;
    private JsonSerializerOptions _reflection = null!;
    private CreateCardResponse _generated = null!;
    private HandCreateCardResponse _hand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = Payloads.CreateCardResponse;
        _generatedInfo = EnKashCardsClientJson.TypeInfo<CreateCardResponse>();
        _reflection = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        _generated = JsonSerializer.Deserialize(_json, _generatedInfo)!;
        _hand = JsonSerializer.Deserialize(_json, HandJsonContext.Default.HandCreateCardResponse)!;

        // Every contender must read and write the same document, or the comparison means nothing.
        Same("generated (type info)", JsonSerializer.SerializeToUtf8Bytes(Deserialize_Generated_TypeInfo(), _generatedInfo));
        Same("generated (ReadValue/WriteValue)", JsonPrimitives.Serialize(Deserialize_Generated_Converter(), GeneratedWrite));
        Same("STJ reflection", JsonSerializer.SerializeToUtf8Bytes(Deserialize_Stj_Reflection(), _reflection));
        Same("STJ source generation", JsonSerializer.SerializeToUtf8Bytes(Deserialize_Stj_SourceGen(), HandJsonContext.Default.HandCreateCardResponse));
        Same("generated write", Serialize_Generated_TypeInfo());
        Same("generated WriteValue", Serialize_Generated_Converter());
        Same("STJ reflection write", Serialize_Stj_Reflection());
        Same("STJ source generation write", Serialize_Stj_SourceGen());
        if (_generated.Payload?.AdditionalProperties is { Count: > 0 } || _hand.Payload?.AdditionalProperties is { Count: > 0 })
        {
            throw new InvalidOperationException("The models are not equivalent: some example members landed in AdditionalProperties");
        }
    }

    [Benchmark(Description = "EnKashGen (JsonTypeInfo)"), BenchmarkCategory("Deserialize")]
    public CreateCardResponse Deserialize_Generated_TypeInfo() => JsonSerializer.Deserialize(_json, _generatedInfo)!;

    [Benchmark(Description = "EnKashGen (ReadValue)"), BenchmarkCategory("Deserialize")]
    public CreateCardResponse Deserialize_Generated_Converter() => JsonPrimitives.Deserialize(_json, GeneratedRead);

    [Benchmark(Description = "STJ reflection"), BenchmarkCategory("Deserialize")]
    public HandCreateCardResponse Deserialize_Stj_Reflection() => JsonSerializer.Deserialize<HandCreateCardResponse>(_json, _reflection)!;

    [Benchmark(Baseline = true, Description = "STJ source generation"), BenchmarkCategory("Deserialize")]
    public HandCreateCardResponse Deserialize_Stj_SourceGen() => JsonSerializer.Deserialize(_json, HandJsonContext.Default.HandCreateCardResponse)!;

    [Benchmark(Description = "EnKashGen (JsonTypeInfo)"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated_TypeInfo() => JsonSerializer.SerializeToUtf8Bytes(_generated, _generatedInfo);

    [Benchmark(Description = "EnKashGen (WriteValue)"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated_Converter() => JsonPrimitives.Serialize(_generated, GeneratedWrite);

    [Benchmark(Description = "STJ reflection"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Stj_Reflection() => JsonSerializer.SerializeToUtf8Bytes(_hand, _reflection);

    [Benchmark(Baseline = true, Description = "STJ source generation"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Stj_SourceGen() => JsonSerializer.SerializeToUtf8Bytes(_hand, HandJsonContext.Default.HandCreateCardResponse);

    private void Same(string what, byte[] written)
    {
        if (!JsonNode.DeepEquals(JsonNode.Parse(_json), JsonNode.Parse(written)))
        {
            throw new InvalidOperationException($"{what} does not round-trip the createCard example:\n{System.Text.Encoding.UTF8.GetString(written)}");
        }
    }
}
