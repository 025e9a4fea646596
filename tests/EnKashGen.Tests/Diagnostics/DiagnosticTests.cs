using System.Linq;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EnKashGen.Tests.Diagnostics;

/// <summary>Bad specs give a documented diagnostic at the right line of the spec file; the generator never crashes.</summary>
public class DiagnosticTests
{
    private const string Header = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n";

    private static Diagnostic Single(string path, string text, string id)
    {
        var result = GeneratorHarness.Run(path, text);
        Assert.Empty(result.Exceptions);
        Assert.DoesNotContain(result.DriverDiagnostics.Concat(result.CompileDiagnostics), d => d.Id is "CS8785" or "AD0001");
        var matching = result.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join("; ", result.GeneratorDiagnostics)}");
        Assert.Equal(path, matching[0].Location.GetLineSpan().Path);
        return matching[0];
    }

    private static int Line(Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line + 1;

    [Fact]
    public void Empty_file_reports_EKG001()
    {
        var d = Single("/p/empty.yaml", "  \n", "EKG001");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("empty", d.GetMessage());
    }

    [Fact]
    public void Malformed_yaml_reports_EKG002_at_the_broken_line()
    {
        var text = Header + "paths:\n  /a:\n    get: [\n      responses: {}\n  broken: ]\n";
        var d = Single("/p/bad.yaml", text, "EKG002");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.InRange(Line(d), 7, 9);
    }

    [Fact]
    public void Malformed_json_reports_EKG002_at_the_broken_line()
    {
        var text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\"},\n  \"paths\": {\n    \"/a\": {\"get\": {\"responses\": {}}\n  }\n";
        var d = Single("/p/bad.json", text, "EKG002");
        Assert.InRange(Line(d), 5, 7);
    }

    [Theory]
    [InlineData("openapi: 4.0.0", "4.0.0")]
    [InlineData("openapi: 1.2.0", "1.2.0")]
    [InlineData("swagger: '1.2'", "1.2")]
    public void An_unsupported_version_reports_EKG003_at_the_version_line(string versionLine, string version)
    {
        var text = "# a comment first\n" + versionLine + "\ninfo:\n  title: T\n  version: '1'\npaths: {}\n";
        var d = Single("/p/v.yaml", text, "EKG003");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(2, Line(d));
        Assert.Contains(version, d.GetMessage());
        Assert.Contains("Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2", d.GetMessage());
    }

    [Theory]
    [InlineData("3.0.3")]
    [InlineData("3.1.0")]
    [InlineData("3.1.1")]
    [InlineData("3.2.0")]
    public void Every_supported_openapi_version_generates_a_client(string version)
    {
        var text = "openapi: " + version + "\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {n: {type: integer}}}\n";
        var result = GeneratorHarness.Run("/p/v.yaml", text);
        Assert.Empty(result.Exceptions);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(result.Sources, s => s.HintName.EndsWith(".Client.g.cs"));
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
    }

    [Fact]
    public void Unresolvable_ref_reports_EKG006_at_the_reference()
    {
        var text = Header + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\ncomponents:\n  schemas:\n    Present: {type: object, properties: {a: {type: string}}}\n";
        var result = GeneratorHarness.Run("/p/ref.yaml", text);
        var d = Assert.Single(result.GeneratorDiagnostics, x => x.Id == "EKG006");
        Assert.Equal(14, Line(d));
        Assert.Contains("#/components/schemas/Missing", d.GetMessage());
        // The rest still generates and compiles.
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
        Assert.Contains(result.Sources, s => s.HintName.EndsWith(".Models.Present.g.cs"));
    }

    [Fact]
    public void Names_that_collide_after_sanitising_are_renamed_with_EKG007_at_the_schema()
    {
        var text = Header + "paths: {}\ncomponents:\n  schemas:\n    pet_owner: {type: object, properties: {a: {type: string}}}\n    PetOwner: {type: object, properties: {b: {type: string}}}\n";
        var result = GeneratorHarness.Run("/p/dup.yaml", text);
        var d = Assert.Single(result.GeneratorDiagnostics, x => x.Id == "EKG007");
        Assert.Equal(9, Line(d));
        Assert.Contains("PetOwner2", d.GetMessage());
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
        Assert.Contains(result.Sources, s => s.HintName.EndsWith(".Models.PetOwner.g.cs"));
        Assert.Contains(result.Sources, s => s.HintName.EndsWith(".Models.PetOwner2.g.cs"));
    }

    [Fact]
    public void Duplicate_yaml_keys_report_EKG002_at_the_second_key()
    {
        var text = Header + "paths: {}\ncomponents:\n  schemas:\n    Pet: {type: object}\n    Pet: {type: string}\n";
        var d = Single("/p/dupkey.yaml", text, "EKG002");
        Assert.Equal(9, Line(d));
    }

    [Theory]
    [InlineData("\"description\": \"a\", \"description\": \"b\"", "description")]
    [InlineData("\"x-a\": 1, \"x-\\u0061\": 2", "x-a")]
    [InlineData("\"x-b\": {\"k\": [{\"k\": 1}], \"k\": 2}", "k")]
    public void Duplicate_json_keys_report_EKG002_at_the_second_key(string members, string key)
    {
        // System.Text.Json took the object and threw when it was first read: EKG010 at line 1. Found by fuzzing JSON text.
        var text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\",\n    " + members + "},\n  \"paths\": {}\n}\n";
        var d = Single("/p/dupkey.json", text, "EKG002");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("'" + key + "' appears twice", d.GetMessage(), System.StringComparison.Ordinal);
        var line = text.Split('\n')[3];
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(3, line.LastIndexOf(key == "x-a" ? "\"x-\\u0061\"" : "\"" + key + "\"", System.StringComparison.Ordinal)), d.Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void A_document_that_is_not_openapi_gets_a_clear_error_and_no_output()
    {
        var result = GeneratorHarness.Run("/p/list.yaml", "- a\n- b\n");
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("EKG003", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("not an OpenAPI document", d.GetMessage());
        Assert.DoesNotContain(result.Sources, s => s.HintName.Contains(".Client.g.cs"));
        Assert.Empty(result.Exceptions);
    }

    [Fact]
    public void Invalid_vendor_extension_is_reported_and_ignored()
    {
        var text = Header + "x-enkash-envelope: yes-please\npaths: {}\n";
        var d = Single("/p/ext.yaml", text, "EKG012");
        Assert.Equal(5, Line(d));
    }

    [Theory]
    [InlineData("{type: object, properties: {token: {type: string}}}", "no text member 'access_token'")]
    [InlineData("{type: string}", "not a JSON object")]
    public void A_token_operation_the_client_cannot_use_is_reported_at_the_operation_and_stays_a_plain_call(string response, string problem)
    {
        var text = Header
            + "components:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n"
            + "paths:\n  /token:\n    post:\n      operationId: getToken\n      x-enkash-token: true\n"
            + "      requestBody: {content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {clientId: {type: string}}}}}}\n"
            + "      responses: {'200': {description: ok, content: {application/json: {schema: " + response + "}}}}\n"
            + "  /a:\n    get:\n      operationId: getA\n      security: [{bearer: []}]\n      responses: {'204': {description: ok}}\n";
        var result = GeneratorHarness.Run("/p/token.yaml", text);

        var d = Assert.Single(result.GeneratorDiagnostics, x => x.Id == "EKG024");
        Assert.Equal(DiagnosticSeverity.Warning, d.Descriptor.DefaultSeverity);
        Assert.Equal(10, Line(d));
        Assert.Contains("getToken", d.GetMessage());
        Assert.Contains(problem, d.GetMessage());
        // The token call is an ordinary method, and bearer tokens come from the options instead.
        var client = result.Sources.Single(s => s.HintName.EndsWith(".Client.g.cs")).SourceText.ToString();
        Assert.Contains("GetTokenAsync(", client);
        Assert.DoesNotContain("FetchTokenAsync", client);
        Assert.Contains("AccessTokenProvider", result.Sources.Single(s => s.HintName.EndsWith(".Options.g.cs")).SourceText.ToString());
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
    }
}
