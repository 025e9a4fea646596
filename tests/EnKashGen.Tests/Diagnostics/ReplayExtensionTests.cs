using System;
using System.Linq;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EnKashGen.Tests.Diagnostics;

/// <summary>
/// x-enkash-replay, x-enkash-reference and x-enkash-reconcile: what a usable declaration generates, and that each
/// malformed one is reported as EKG025 at its line while the client still compiles without that part.
/// </summary>
public class ReplayExtensionTests
{
    private const string Load = "components:\n  schemas:\n"
        + "    Load: {type: object, required: [account], properties: {account: {type: string}, amount: {type: number}, ref: REFSCHEMA}}\n"
        + "    LoadResult: {type: object, properties: {id: {type: string}, ref: {type: string}}}\n"
        + "    Search: {type: object, required: [account], properties: {account: {type: string}, ref: {type: string}}}\n"
        + "    Txn: {type: object, properties: {txnId: {type: string}, reference: {type: string}}}\n"
        + "paths:\n"
        + "  /loads:\n    post:\n      operationId: loadMoney\n"
        + "      x-enkash-replay: LOADREPLAY\n"
        + "      x-enkash-reference: LOADREFERENCE\n"
        + "      x-enkash-reconcile: RECONCILE\n"
        + "      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Load'}}}}\n"
        + "      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/LoadResult'}}}}}\n"
        + "  /search:\n    post:\n      operationId: findLoads\n"
        + "      x-enkash-replay: SEARCHREPLAY\n"
        + "      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Search'}}}}\n"
        + "      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Txn'}}}}}}\n"
        + "  /loads/{id}:\n    get:\n      operationId: getLoad\n"
        + "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        + "      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/LoadResult'}}}}}\n";

    private const string GoodReconcile = "{operationId: findLoads, reference: ref, filters: [account], match: reference, result: {id: txnId, ref: reference}}";

    private static string Spec(string loadReplay = "unsafe", string reference = "ref", string reconcile = GoodReconcile, string searchReplay = "safe", string refSchema = "{type: string}")
        => "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://api.test'}]\n"
            + Load.Replace("LOADREPLAY", loadReplay).Replace("LOADREFERENCE", reference).Replace("RECONCILE", reconcile).Replace("SEARCHREPLAY", searchReplay).Replace("REFSCHEMA", refSchema);

    private static int LineOf(string text, string fragment) => text.Substring(0, text.IndexOf(fragment, StringComparison.Ordinal)).Count(c => c == '\n') + 1;

    private static (string Client, Diagnostic[] Replay) Generate(string text)
    {
        var result = GeneratorHarness.Run("/p/replay.yaml", text);
        Assert.Empty(result.Exceptions);
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
        var client = result.Sources.Single(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        return (client, result.GeneratorDiagnostics.Where(d => d.Id == "EKG025").ToArray());
    }

    [Fact]
    public void A_usable_declaration_marks_the_search_safe_fills_the_reference_and_offers_the_lookup()
    {
        var (client, replay) = Generate(Spec());

        Assert.Empty(replay);
        Assert.Contains("var request = new global::EnKashGen.Runtime.ApiRequest(\"findLoads\"", client);
        Assert.Equal(1, client.Split("request.ReplaySafe = true;").Length - 1);
        Assert.Contains("body.Ref = global::EnKashGen.Runtime.ReplayGuard.NewReference(32);", client);
        Assert.Matches(@"ReplayGuard\.SendAsync\((_client|this)\._core, request,", client);
        Assert.Matches(@"public async global::System\.Threading\.Tasks\.Task<global::[\w.]+\.LoadResult\?> ReconcileLoadMoneyAsync\(global::[\w.]+\.Load body,", client);
        Assert.Contains("Account = body.Account,", client);
        Assert.Contains("Ref = reference,", client);
        Assert.Contains("Id = item.TxnId,", client);
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("true")]
    public void A_replay_value_other_than_safe_or_unsafe_is_reported_and_the_http_method_decides(string value)
    {
        var text = Spec(searchReplay: value);
        var (client, replay) = Generate(text);

        var d = Assert.Single(replay, x => x.GetMessage().Contains("must be 'safe' or 'unsafe'", StringComparison.Ordinal));
        Assert.Equal(DiagnosticSeverity.Warning, d.Descriptor.DefaultSeverity);
        Assert.Equal(LineOf(text, "x-enkash-replay: " + value), d.Location.GetLineSpan().StartLinePosition.Line + 1);
        // findLoads is a POST, so it is unsafe by its method, and the load's lookup through it is refused too.
        Assert.DoesNotContain("request.ReplaySafe = true;", client);
        Assert.Contains(replay, x => x.GetMessage().Contains("the lookup 'findLoads' is not replay-safe", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("amount", "not a text member")]
    [InlineData("missing", "not a text member")]
    [InlineData("[ref]", "must name a member")]
    public void A_reference_that_is_not_a_text_member_of_the_body_is_reported_and_nothing_is_filled(string reference, string problem)
    {
        var text = Spec(reference: reference, reconcile: "{}");
        var result = GeneratorHarness.Run("/p/replay.yaml", text);
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
        var d = result.GeneratorDiagnostics.First(x => x.Id == "EKG025");
        Assert.Contains(problem, d.GetMessage());
        Assert.Equal(LineOf(text, "x-enkash-reference:"), d.Location.GetLineSpan().StartLinePosition.Line + 1);
        var client = result.Sources.Single(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.DoesNotContain("NewReference", client);
        Assert.DoesNotContain("ReconcileLoadMoneyAsync", client);
    }

    [Theory]
    [InlineData("{type: string, maxLength: 8}", "too few for a unique generated value")]
    [InlineData("{type: string, pattern: '^[a-z]+$'}", "does not accept a generated value")]
    public void A_reference_whose_rules_leave_no_room_for_a_generated_value_is_reported_and_left_to_the_caller(string schema, string problem)
    {
        var (client, replay) = Generate(Spec(refSchema: schema));

        Assert.Contains(problem, Assert.Single(replay).GetMessage());
        Assert.DoesNotContain("NewReference", client);
        // The reference still identifies the call for the lookup when the caller sets it.
        Assert.Contains("request.Reference = body?.Ref;", client);
        Assert.Contains("ReconcileLoadMoneyAsync", client);
    }

    [Fact]
    public void A_reference_with_a_shorter_maximum_and_an_alphanumeric_pattern_gets_a_value_of_that_length()
    {
        var (client, replay) = Generate(Spec(refSchema: "{type: string, maxLength: 20, pattern: '^[A-Za-z0-9]+$'}"));

        Assert.Empty(replay);
        Assert.Contains("NewReference(20)", client);
    }

    [Fact]
    public void A_reference_on_a_safe_call_is_reported_as_not_needed()
    {
        var (client, replay) = Generate(Spec(loadReplay: "safe", reconcile: GoodReconcile));

        Assert.Contains(replay, d => d.GetMessage().Contains("is replay-safe, so its x-enkash-reference 'ref' is not needed", StringComparison.Ordinal));
        Assert.DoesNotContain("NewReference", client);
    }

    [Theory]
    [InlineData("{operationId: nowhere, reference: ref, match: reference}", "'nowhere' does not exist")]
    [InlineData("{operationId: findLoads, reference: account, match: nope}", "'nope' is not a text member of the items")]
    [InlineData("{operationId: findLoads, reference: ref, match: reference}", "required member 'account' is neither the reference nor one of the filters")]
    [InlineData("{operationId: findLoads, reference: ref, filters: [account], match: reference, result: {id: amount}}", "'amount' is not a member of 'Txn'")]
    [InlineData("{operationId: getLoad, reference: ref, match: ref}", "required parameter 'id'")]
    [InlineData("findLoads", "must be an object")]
    public void A_lookup_that_cannot_be_used_is_reported_and_the_open_outcome_stays_unknown(string reconcile, string problem)
    {
        var text = Spec(reconcile: reconcile);
        var (client, replay) = Generate(text);

        var d = Assert.Single(replay);
        Assert.Contains(problem, d.GetMessage());
        Assert.Equal(LineOf(text, "x-enkash-reconcile:"), d.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.DoesNotContain("ReconcileLoadMoneyAsync", client);
        Assert.Matches(@"ReplayGuard\.SendAsync\((_client|this)\._core, request, ct => ", client);
        Assert.Contains(", null, cancellationToken);", client);
    }

    [Fact]
    public void An_unsafe_lookup_is_refused()
    {
        var (_, replay) = Generate(Spec(searchReplay: "unsafe"));

        Assert.Contains("the lookup 'findLoads' is not replay-safe", Assert.Single(replay).GetMessage());
    }
}
