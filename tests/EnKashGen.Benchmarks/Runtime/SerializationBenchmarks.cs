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
/// The card of the createCard response (the spec's full gift-card example's payload, 2.4 KB minified, the value
/// <c>CreateCardAsync</c> returns) read from and written to UTF-8 JSON: the generated codec directly and through
/// JsonSerializer with the generated resolver, against System.Text.Json on an equivalent hand-written model, with
/// reflection and with source generation (the baseline of each category).
/// </summary>
/// <remarks>
/// The generated client no longer has a type for the envelope: it reads <c>{code, message, payload}</c> itself and
/// returns the payload's <see cref="Card"/>, so the card is what a user's code deserializes and what is compared here.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SerializationBenchmarks
{
    private static readonly ResultReader<Card> GeneratedResult = Result.Of(Card.Codec.Instance);

    private byte[] _json = Array.Empty<byte>();
    private JsonTypeInfo<Card> _generatedInfo = null!;
    private JsonSerializerOptions _reflection = null!;
    private Card _generated = null!;
    private HandCard _hand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = Payloads.CreateCardPayload;
        _generatedInfo = EnKashCardsClientJson.TypeInfo<Card>();
        _reflection = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        _generated = JsonSerializer.Deserialize(_json, _generatedInfo)!;
        _hand = JsonSerializer.Deserialize(_json, HandJsonContext.Default.HandCard)!;

        // Every contender must read and write the same document, or the comparison means nothing.
        Same("generated (JsonTypeInfo)", JsonSerializer.SerializeToUtf8Bytes(Deserialize_Generated_TypeInfo(), _generatedInfo));
        Same("generated (codec)", JsonPrimitives.Serialize(Deserialize_Generated_Codec(), Card.Codec.Instance));
        Same("STJ reflection", JsonSerializer.SerializeToUtf8Bytes(Deserialize_Stj_Reflection(), _reflection));
        Same("STJ source generation", JsonSerializer.SerializeToUtf8Bytes(Deserialize_Stj_SourceGen(), HandJsonContext.Default.HandCard));
        Same("generated write (JsonTypeInfo)", Serialize_Generated_TypeInfo());
        Same("generated write (codec)", Serialize_Generated_Codec());
        Same("STJ reflection write", Serialize_Stj_Reflection());
        Same("STJ source generation write", Serialize_Stj_SourceGen());
        if (_generated.AdditionalProperties is { Count: > 0 } || _hand.AdditionalProperties is { Count: > 0 })
        {
            throw new InvalidOperationException("The models are not equivalent: some example members landed in AdditionalProperties");
        }
    }

    [Benchmark(Description = "EnKashGen (JsonSerializer + generated resolver)"), BenchmarkCategory("Deserialize")]
    public Card Deserialize_Generated_TypeInfo() => JsonSerializer.Deserialize(_json, _generatedInfo)!;

    [Benchmark(Description = "EnKashGen (codec)"), BenchmarkCategory("Deserialize")]
    public Card Deserialize_Generated_Codec() => JsonPrimitives.Deserialize(_json, GeneratedResult);

    [Benchmark(Description = "STJ reflection"), BenchmarkCategory("Deserialize")]
    public HandCard Deserialize_Stj_Reflection() => JsonSerializer.Deserialize<HandCard>(_json, _reflection)!;

    [Benchmark(Baseline = true, Description = "STJ source generation"), BenchmarkCategory("Deserialize")]
    public HandCard Deserialize_Stj_SourceGen() => JsonSerializer.Deserialize(_json, HandJsonContext.Default.HandCard)!;

    [Benchmark(Description = "EnKashGen (JsonSerializer + generated resolver)"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated_TypeInfo() => JsonSerializer.SerializeToUtf8Bytes(_generated, _generatedInfo);

    [Benchmark(Description = "EnKashGen (codec)"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated_Codec() => JsonPrimitives.Serialize(_generated, Card.Codec.Instance);

    [Benchmark(Description = "STJ reflection"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Stj_Reflection() => JsonSerializer.SerializeToUtf8Bytes(_hand, _reflection);

    [Benchmark(Baseline = true, Description = "STJ source generation"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Stj_SourceGen() => JsonSerializer.SerializeToUtf8Bytes(_hand, HandJsonContext.Default.HandCard);

    private void Same(string what, byte[] written)
    {
        if (!JsonNode.DeepEquals(JsonNode.Parse(_json), JsonNode.Parse(written)))
        {
            throw new InvalidOperationException($"{what} does not round-trip the createCard example's card:\n{System.Text.Encoding.UTF8.GetString(written)}");
        }
    }
}
