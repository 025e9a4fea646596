using System;
using System.Collections;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>
/// readOnly members are the server's: never sent and never required of a request. writeOnly members are the caller's:
/// required of a request, never required of a response. Responses are read through the client, the generated resolver
/// and the generated converters alike.
/// </summary>
public sealed class ReadWriteOnlyConstructTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: Accounts, version: "1"}
        paths:
          /accounts:
            post:
              operationId: createAccount
              requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Account'}}}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Account'}}}}
        components:
          schemas:
            Account:
              type: object
              required: [id, name, password, owner]
              properties:
                id: {type: string, readOnly: true, minLength: 30}
                name: {type: string}
                password: {type: string, writeOnly: true, minLength: 8}
                owner: {$ref: '#/components/schemas/Owner'}
            Owner:
              type: object
              required: [createdAt, email]
              properties:
                createdAt: {type: string, readOnly: true}
                email: {type: string}
        """;

    private static readonly Lazy<Generated> Output = new(() => ConstructHarness.Generate(Spec, "accounts.yaml", "Accounts", "AccountsClient"));

    private static readonly JsonSerializerOptions ByConverter = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static object New(Generated g, string type, params (string Name, object? Value)[] members)
    {
        var value = Activator.CreateInstance(g.LoadedType(type))!;
        foreach (var (name, member) in members)
        {
            value.GetType().GetProperty(name)!.SetValue(value, member);
        }
        return value;
    }

    private static string[] ErrorPaths(Exception error) =>
        ((IEnumerable)error.GetType().GetProperty("Errors")!.GetValue(error)!).Cast<object>().Select(e => (string)e.GetType().GetProperty("Path")!.GetValue(e)!).ToArray();

    [Fact]
    public async Task A_request_leaves_out_readOnly_members_and_does_not_require_or_check_them()
    {
        var g = Output.Value;
        var handler = new RecordingHandler(body: """{"id":"acc_1","name":"n","owner":{"createdAt":"2026-01-01","email":"e@x"}}""");
        // The readOnly members are set, one of them breaking its own rule (minLength 30): neither is sent nor checked.
        var owner = New(g, "Owner", ("Email", "e@x"), ("CreatedAt", "yesterday"));
        var account = New(g, "Account", ("Id", "short"), ("Name", "n"), ("Password", "secret123"), ("Owner", owner));
        await Generated.CallAsync(g.CreateClient(handler), "CreateAccountAsync", ("body", account));
        Assert.Equal("""{"name":"n","password":"secret123","owner":{"email":"e@x"}}""", handler.Last.BodyText);

        // Not set at all: still not required.
        var bare = New(g, "Account", ("Name", "n"), ("Password", "secret123"), ("Owner", New(g, "Owner", ("Email", "e@x"))));
        await Generated.CallAsync(g.CreateClient(handler), "CreateAccountAsync", ("body", bare));
        Assert.Equal("""{"name":"n","password":"secret123","owner":{"email":"e@x"}}""", handler.Last.BodyText);
    }

    [Fact]
    public async Task A_request_still_requires_and_checks_its_writeOnly_and_plain_members()
    {
        var g = Output.Value;
        var handler = new RecordingHandler(body: "{}");
        var account = New(g, "Account", ("Password", "short"), ("Owner", New(g, "Owner")));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Generated.CallAsync(g.CreateClient(handler), "CreateAccountAsync", ("body", account)));
        Assert.Equal("ApiValidationException", error.GetType().Name);
        Assert.Equal(new[] { "$.name", "$.password", "$.owner.email" }, ErrorPaths(error));
        Assert.Empty(handler.Requests);

        var missing = New(g, "Account", ("Name", "n"), ("Owner", New(g, "Owner", ("Email", "e@x"))));
        error = await Assert.ThrowsAnyAsync<Exception>(() => Generated.CallAsync(g.CreateClient(handler), "CreateAccountAsync", ("body", missing)));
        Assert.Equal(new[] { "$.password" }, ErrorPaths(error));
    }

    [Fact]
    public async Task A_response_without_its_writeOnly_members_is_read_and_readOnly_members_are_read_like_any_other()
    {
        var g = Output.Value;
        const string json = """{"id":"acc_1","name":"n","owner":{"createdAt":"2026-01-01","email":"e@x"}}""";
        var viaResolver = g.Deserialize("Account", json)!;
        var viaConverter = JsonSerializer.Deserialize(json, g.LoadedType("Account"), ByConverter)!;
        foreach (var value in new[] { viaResolver, viaConverter })
        {
            Assert.Equal("acc_1", Generated.Get(value, "Id"));
            Assert.Null(Generated.Get(value, "Password"));
            // ...and its C# type says so, while a request must still set it.
            var password = value.GetType().GetProperty("Password")!;
            Assert.Equal(NullabilityState.Nullable, new NullabilityInfoContext().Create(password).ReadState);
            Assert.Contains(password.CustomAttributes, a => a.AttributeType.Name == "RequiredMemberAttribute");
            Assert.Equal("2026-01-01", Generated.Get(Generated.Get(value, "Owner")!, "CreatedAt"));
        }
        // JsonSerializer writes what was read, readOnly members included: values round-trip.
        Assert.Equal(json, JsonSerializer.Serialize(viaResolver, g.LoadedType("Account"), g.JsonOptions));
        Assert.Equal(json, JsonSerializer.Serialize(viaConverter, g.LoadedType("Account"), ByConverter));

        var result = await Generated.CallAsync(g.CreateClient(new RecordingHandler(body: json)), "CreateAccountAsync",
            ("body", New(g, "Account", ("Name", "n"), ("Password", "secret123"), ("Owner", New(g, "Owner", ("Email", "e@x"))))));
        Assert.Equal("acc_1", Generated.Get(result!, "Id"));

        // The other required members are still required of a response.
        Assert.ThrowsAny<JsonException>(() => g.Deserialize("Account", """{"id":"acc_1","owner":{"createdAt":"c","email":"e@x"}}"""));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("""{"name":"n","owner":{"createdAt":"c","email":"e@x"}}""", g.LoadedType("Account"), ByConverter));
    }
}
