using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>
/// x-enkash-envelope: the client unwraps the envelope, so the envelope and the wrappers that only narrow its payload
/// are wire shapes, not types a user meets; they are generated only when something else uses them.
/// </summary>
public sealed class EnvelopeConstructTests
{
    // Both ways of writing an enveloped answer: a named wrapper component (getPet) and the envelope narrowed inline (listPets).
    private const string Spec = """
        openapi: 3.0.3
        info: {title: Envelopes, version: "1"}
        x-enkash-envelope: {schema: '#/components/schemas/Envelope', codeProperties: [code], messageProperties: [message], payloadProperty: payload, successCode: 0}
        paths:
          /pets/{id}:
            get:
              operationId: getPet
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/GetPetResponse'}}}}}
          /pets:
            get:
              operationId: listPets
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        allOf:
                          - $ref: '#/components/schemas/Envelope'
                          - {type: object, properties: {payload: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
        components:
          schemas:
            Envelope:
              type: object
              properties: {code: {type: integer}, message: {type: string}, payload: {}}
            GetPetResponse:
              allOf:
                - $ref: '#/components/schemas/Envelope'
                - {type: object, properties: {payload: {$ref: '#/components/schemas/Pet'}}}
            Pet:
              type: object
              required: [id]
              properties: {id: {type: string}, name: {type: string}}
        """;

    [Fact]
    public void The_envelope_and_wrappers_that_only_narrow_its_payload_are_not_generated()
    {
        var g = ConstructHarness.Generate(Spec);
        Assert.Equal(new[] { "Pet" }, g.DeclaredTypeNames("Models"));
        Assert.Contains("Task<Pet> GetPetAsync(", g.ClientSource, StringComparison.Ordinal);
        Assert.Contains("Task<global::System.Collections.Generic.IReadOnlyList<Pet>> ListPetsAsync(", g.ClientSource, StringComparison.Ordinal);
        Assert.Null(g.Assembly.GetType("Constructs.Envelope"));
        Assert.Null(g.Assembly.GetType("Constructs.GetPetResponse"));
    }

    [Fact]
    public async Task The_client_still_unwraps_the_payload()
    {
        var g = ConstructHarness.Generate(Spec);
        var handler = new RecordingHandler(body: """{"code":0,"message":"Success","payload":{"id":"p1","name":"Rex"}}""");
        var pet = await Generated.CallAsync(g.CreateClient(handler), "GetPetAsync", ("id", "p1"));
        Assert.Equal("p1", Generated.Get(pet!, "Id"));
        Assert.Equal("Rex", Generated.Get(pet!, "Name"));
    }

    [Fact]
    public void A_wrapper_that_something_else_uses_is_generated()
    {
        // The same wrapper as a property of another schema, and as the answer of an operation that is not enveloped.
        var g = ConstructHarness.Generate(Spec
            .Replace(
                "    Pet:\n",
                "    Audit:\n      type: object\n      properties: {lastAnswer: {$ref: '#/components/schemas/GetPetResponse'}}\n    Pet:\n",
                StringComparison.Ordinal)
            .Replace(
                "  /pets:\n",
                "  /raw/{id}:\n    get:\n      operationId: getRawPet\n      x-enkash-envelope: false\n"
                + "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
                + "      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Envelope'}}}}}\n"
                + "  /pets:\n",
                StringComparison.Ordinal));
        Assert.Equal(new[] { "Audit", "Envelope", "GetPetResponse", "Pet" }, g.DeclaredTypeNames("Models"));
        Assert.Contains("Task<Pet> GetPetAsync(", g.ClientSource, StringComparison.Ordinal);
        Assert.Contains("Task<Envelope> GetRawPetAsync(", g.ClientSource, StringComparison.Ordinal);
        Assert.Equal("GetPetResponse?", g.Properties("Audit")["LastAnswer"]);
    }

    [Fact]
    public void Without_the_extension_the_same_schemas_are_ordinary_types()
    {
        var g = ConstructHarness.Generate(string.Join("\n", Spec.Split('\n').Where(l => !l.StartsWith("x-enkash-envelope", StringComparison.Ordinal))));
        Assert.Contains("Envelope", g.DeclaredTypeNames("Models"));
        Assert.Contains("GetPetResponse", g.DeclaredTypeNames("Models"));
        Assert.Contains("Task<GetPetResponse> GetPetAsync(", g.ClientSource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrapper_that_is_not_generated_is_not_reported_as_renamed()
    {
        // 'get_pet_response' and 'GetPetResponse' both want the name GetPetResponse; only a generated one is news.
        var g = ConstructHarness.Generate(Spec.Replace(
            "    Pet:\n",
            "    Get_Pet_Response:\n      allOf:\n        - $ref: '#/components/schemas/Envelope'\n"
            + "        - {type: object, properties: {payload: {$ref: '#/components/schemas/Pet'}}}\n    Pet:\n",
            StringComparison.Ordinal));
        Assert.Equal(new[] { "Pet" }, g.DeclaredTypeNames("Models"));
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "EKG007");
    }
}
