using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using SharpYaml;
using SharpYaml.Serialization;
using Xunit;

namespace EnKashGen.Tests.Spec;

/// <summary>Checks that specs/enkash-cards.yaml is a valid, complete and self-consistent description of the EnKash card API.</summary>
public sealed class EnKashSpecTests
{
    private const string TokenOperationId = "getPartnerToken";

    private static readonly (string Method, string Path, string OperationId, string Tag)[] ExpectedOperations =
    {
        ("POST", "/oauth/token", "getPartnerToken", "Auth"),
        ("POST", "/api/v0/partner/enKashCard", "createCard", "Cards"),
        ("POST", "/api/v0/partner/enKashCard/balance", "loadCardBalance", "Cards"),
        ("POST", "/api/v0/partner/enKashCard/block", "blockCard", "Cards"),
        ("POST", "/api/v0/partner/enKashCard/replaceCard", "replaceCard", "Cards"),
        ("POST", "/api/v0/partner/enKashCard/search", "getCardDetails", "Cards"),
        ("POST", "/api/v0/partner/enKashCard/transaction/all", "getTransactionDetails", "Transactions"),
        ("POST", "/api/v0/partner/enKashCard/cardAccount/create", "createCardAccount", "CardAccounts"),
        ("POST", "/api/v0/partner/enKashCard/cardAccount/get", "getCardAccount", "CardAccounts"),
        ("POST", "/api/v0/partner/enKashCard/setPin", "setCardPin", "CardSecurity"),
        ("POST", "/api/v0/partner/enKashCard/otp", "generateCardOtp", "CardSecurity"),
        ("POST", "/api/v0/partner/enKashCard/velocity/rule", "updateVelocityRules", "CardControls"),
        ("POST", "/api/v0/partner/enKashCard/velocity/rule/get", "getVelocityRules", "CardControls"),
        ("GET", "/api/v0/partner/enKashCard/vkyc/link", "getVkycLink", "Kyc"),
    };

    private static readonly string[] ExpectedSensitiveProperties =
    {
        "pinBlock", "otp", "mfaCode", "pan", "docNo", "token", "access_token", "refresh_token", "password",
    };

    private static readonly string[] ForbiddenParameters = { "authorization", "partnerId", "Cookie", "Content-Type" };

    private static readonly Lazy<LoadedSpec> Spec = new(() => LoadedSpec.Parse(File.ReadAllText(TestPaths.EnKashSpec)));

    // (a)
    [Fact]
    public void Spec_parses_with_no_errors_and_no_warnings()
    {
        var diagnostic = Spec.Value.Diagnostic;
        var problems = diagnostic.Errors.Select(e => "error " + e.Pointer + ": " + e.Message)
            .Concat(diagnostic.Warnings.Select(w => "warning " + w.Pointer + ": " + w.Message))
            .ToList();
        AssertNone(problems, "reader diagnostics");
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
    }

    // (b)
    [Fact]
    public void Spec_has_exactly_the_fourteen_expected_operations_each_with_its_tag()
    {
        var actual = Spec.Value.Operations()
            .Select(o => $"{o.Method} {o.Path} {o.Operation.OperationId} [{string.Join(",", (o.Operation.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name))}]")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        var expected = ExpectedOperations
            .Select(o => $"{o.Method} {o.Path} {o.OperationId} [{o.Tag}]")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);
    }

    // (c)
    [Fact]
    public void Openapi_field_is_3_0_3()
    {
        var root = Spec.Value.RawRoot;
        var version = Assert.IsType<YamlScalarNode>(Yaml.Get(root, "openapi"));
        Assert.Equal("3.0.3", version.Value);
    }

    [Fact]
    public void Info_names_the_api_and_the_operations_enkash_has_not_documented()
    {
        var info = Spec.Value.Document.Info;
        Assert.NotNull(info.Description);
        Assert.Equal("EnKash Card Management API", info.Title);
        Assert.False(string.IsNullOrWhiteSpace(info.Version));
        foreach (var missing in new[] { "Physical Card", "View Card", "View Card CVV", "VKYC Status", "Get All Transaction" })
        {
            Assert.Contains(missing, info.Description, StringComparison.Ordinal);
        }
        Assert.Contains("Cookie", info.Description, StringComparison.Ordinal);
        Assert.Contains("{\"request\":\"<base64 AES ciphertext>\"}", info.Description, StringComparison.Ordinal);
    }

    // (d)
    [Fact]
    public void Create_card_example_is_the_documented_gift_card_response()
    {
        var example = Spec.Value.RawMediaExample("/api/v0/partner/enKashCard", "post", "responses/200", "application/json");
        var mapping = Assert.IsType<YamlMappingNode>(example);
        Assert.Equal("0", Yaml.Scalar(mapping, "code"));
        Assert.Equal("Success", Yaml.Scalar(mapping, "message"));
        var payload = Assert.IsType<YamlMappingNode>(Yaml.Get(mapping, "payload"));

        // The docs' example has 89 top-level payload keys; the spec carries it unchanged.
        var keys = payload.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value).ToList();
        Assert.True(keys.Count >= 89, $"the create-card example payload has only {keys.Count} keys");

        var card = Spec.Value.Schema("Card");
        var missing = keys.Where(k => !Props(card).ContainsKey(k)).ToList();
        AssertNone(missing, "example payload keys that are not properties of Card");

        // A few values that must survive unchanged (strings, numbers, nested objects).
        Assert.Equal("cf5295da683104b6580", Yaml.Scalar(payload, "token"));
        Assert.Equal("A", Yaml.Scalar(payload, "blockCode"));
        Assert.Equal("Jan 29, 2025 11:57:51 AM", Yaml.Scalar(payload, "createdOn"));
        Assert.Equal("99500", Yaml.Scalar(payload, "accountBalance"));
        Assert.Equal("ECTNY27ELILVP", Yaml.Scalar(payload, "enkashCardTxnId"));
        Assert.Equal("UL", Yaml.Scalar(Assert.IsType<YamlMappingNode>(Yaml.Get(payload, "cardStatus")), "name"));
        Assert.Equal("Gift", Yaml.Scalar(Assert.IsType<YamlMappingNode>(Yaml.Get(payload, "accountType")), "description"));
    }

    [Fact]
    public void Card_requires_only_the_card_id()
    {
        var card = Spec.Value.Schema("Card");
        var properties = Props(card);
        Assert.True(properties.Count >= 90, $"Card has only {properties.Count} properties");
        Assert.Contains("pan", properties.Keys);
        Assert.Contains("physicalCardRequestDate", properties.Keys);
        Assert.Equal(new[] { "enKashCardId" }, Req(card));

        // The block code of a card is not its status: the documented card has cardStatus UL and blockCode "A".
        Assert.Equal("string", TypeOf(properties["blockCode"]));
        Assert.Null(RefId(properties["blockCode"]));
        Assert.Equal("Gender", RefId(properties["gender"]));
        foreach (var amount in new[] { "otbBalance", "accountBalance", "loadAmount", "lastAllocatedAmount", "usedMtd", "holdBalance" })
        {
            Assert.Equal("number", TypeOf(properties[amount]));
        }
        foreach (var text in new[] { "createdOn", "modifiedOn", "specialDate", "physicalCardRequestDate" })
        {
            Assert.Equal("string", TypeOf(properties[text]));
            Assert.Null(properties[text].Format);
        }
        Assert.Equal("CardStatus", RefId(properties["cardStatus"]));
        Assert.Equal("KycStatus", RefId(properties["kycStatus"]));
        Assert.Equal("AccountTypeInfo", RefId(properties["accountType"]));
        Assert.Equal("BinType", RefId(properties["binType"]));
        Assert.Equal("KitType", RefId(properties["kitType"]));
    }

    [Fact]
    public void Responses_require_only_what_is_always_present_and_let_every_other_scalar_be_null()
    {
        var expectedRequired = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Card"] = new[] { "enKashCardId" },
            ["GetPartnerTokenResult"] = new[] { "access_token" },
        };
        var problems = new List<string>();
        var reached = Spec.Value.ResponseSchemas();
        Assert.Contains("Card", reached);
        Assert.Contains("CardStatus", reached);
        Assert.Contains("CardTransactionDetails", reached);
        Assert.Contains("GetVelocityRulesResult", reached);
        Assert.DoesNotContain("CreateCardRequest", reached);
        foreach (var name in reached)
        {
            var schema = Spec.Value.Schema(name);
            var required = Req(schema).OrderBy(r => r, StringComparer.Ordinal).ToArray();
            var expected = expectedRequired.TryGetValue(name, out var listed) ? listed : Array.Empty<string>();
            if (!required.SequenceEqual(expected))
            {
                problems.Add($"{name} requires [{string.Join(", ", required)}], expected [{string.Join(", ", expected)}]");
            }
            foreach (var (property, member) in Props(schema))
            {
                if (!required.Contains(property) && RefId(member) is null && TypeOf(member) is "string" or "number" or "integer" or "boolean" && !IsNullable(member))
                {
                    problems.Add($"{name}.{property} is optional in an answer but not nullable");
                }
            }
        }
        AssertNone(problems, "response requiredness problems");
    }

    [Fact]
    public void Bodies_and_payloads_are_named_after_their_operations()
    {
        var problems = new List<string>();
        var payloadUses = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (method, path, operation) in Spec.Value.Operations())
        {
            var pascal = char.ToUpperInvariant(operation.OperationId![0]) + operation.OperationId.Substring(1);
            var body = operation.RequestBody?.Content?.Values.Select(m => m.Schema).FirstOrDefault(s => s is not null);
            if (body is not null && RefId(body) != pascal + "Request")
            {
                problems.Add($"{operation.OperationId}: body is {RefId(body) ?? "inline"}, expected {pascal}Request");
            }
            var payload = Spec.Value.Payload(operation);
            if (payload is not null && RefId(payload) is { } named)
            {
                payloadUses.TryGetValue(named, out var users);
                payloadUses[named] = users ??= new List<string>();
                users.Add(pascal);
            }
        }
        foreach (var (name, users) in payloadUses)
        {
            // A payload several operations return is a thing of the domain and keeps its name; any other is a result.
            if (users.Count == 1 && name != users[0] + "Result")
            {
                problems.Add($"{users[0]} returns {name}, expected {users[0]}Result");
            }
            if (users.Count > 1 && users.Any(u => name == u + "Result"))
            {
                problems.Add($"{name} is returned by {string.Join(", ", users)} but named after one of them");
            }
        }
        AssertNone(problems, "names that do not match their operations");
        Assert.Equal(new[] { "CreateCard", "GetCardDetails" }, payloadUses["Card"].OrderBy(u => u, StringComparer.Ordinal));
        Assert.Equal(new[] { "CreateCardAccount", "GetCardAccount" }, payloadUses["CardAccount"].OrderBy(u => u, StringComparer.Ordinal));
        Assert.Contains("LoadCardBalanceResult", payloadUses.Keys);
        Assert.Contains("GetPartnerTokenResult", payloadUses.Keys);
    }

    // (d) continued: required lists against every example in the document.
    [Fact]
    public void Every_required_property_is_present_in_the_examples()
    {
        var result = Spec.Value.ValidateExamples(requiredOnly: true);
        AssertNone(result.Problems, "required properties missing from examples");
        Assert.True(result.ExamplesChecked >= 17, $"only {result.ExamplesChecked} examples were found");
    }

    [Fact]
    public void Every_example_validates_against_its_schema()
    {
        var result = Spec.Value.ValidateExamples(requiredOnly: false);
        AssertNone(result.Problems, "example/schema mismatches");
        Assert.True(result.ExamplesChecked >= 17, $"only {result.ExamplesChecked} examples were found");
    }

    [Fact]
    public void Example_validation_catches_a_broken_example()
    {
        var text = File.ReadAllText(TestPaths.EnKashSpec);
        var broken = text
            .Replace("\"mobile\": \"6001098801\"", "\"mobile\": \"60010\"", StringComparison.Ordinal)
            .Replace("\"enKashCardIds\": [\"EKC94AEX89\"]", "\"enKashCardIds\": []", StringComparison.Ordinal)
            .Replace("\"blockCode\": \"L\"", "\"blockCode\": \"A\"", StringComparison.Ordinal)
            .Replace("\"cardAccountId\": \"CAQL8YCV3\", ", "", StringComparison.Ordinal);
        Assert.NotEqual(text, broken);

        var problems = LoadedSpec.Parse(broken).ValidateExamples(requiredOnly: false).Problems;
        Assert.Contains(problems, p => p.Contains("/mobile", StringComparison.Ordinal) && p.Contains("pattern", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("/enKashCardIds", StringComparison.Ordinal) && p.Contains("minItems", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("/blockCode", StringComparison.Ordinal) && p.Contains("enum", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("cardAccountId", StringComparison.Ordinal) && p.Contains("required", StringComparison.Ordinal));
    }

    [Fact]
    public void Request_constraints_are_as_documented()
    {
        var create = Props(Spec.Value.Schema("CreateCardRequest"));
        Assert.Equal(@"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$", create["email"].Pattern);
        Assert.Equal(@"^\d{10}$", create["mobile"].Pattern);
        Assert.Equal(10, create["mobile"].MinLength);
        Assert.Equal(10, create["mobile"].MaxLength);
        Assert.Equal("number", TypeOf(create["loadAmount"]));
        Assert.Equal(new[] { "cardAccountId", "companyId" }, Req(Spec.Value.Schema("CreateCardRequest")).OrderBy(r => r, StringComparer.Ordinal));

        var velocity = Props(Spec.Value.Schema("UpdateVelocityRulesRequest"));
        Assert.Equal(1, velocity["enKashCardIds"].MinItems);
        Assert.Equal(100, velocity["enKashCardIds"].MaxItems);
        foreach (var limit in new[] { "perTxnLimit", "dtd", "mtd", "ytd", "dtdCount", "mtdCount", "ytdCount", "posDailyLimit", "ecomDailyLimit", "contactLessDailyLimitCount" })
        {
            Assert.Equal("number", TypeOf(velocity[limit]));
            Assert.True(IsNullable(velocity[limit]), limit + " should be nullable");
        }

        Assert.Equal("0.01", Props(Spec.Value.Schema("LoadCardBalanceRequest"))["amount"].Minimum);
        Assert.Equal(new[] { "amount", "transactionType" }, Req(Spec.Value.Schema("LoadCardBalanceRequest")).OrderBy(r => r, StringComparer.Ordinal));
        Assert.Equal("string", TypeOf(Props(Spec.Value.Schema("SetCardPinRequest"))["pinBlock"]));
        Assert.Equal(new[] { "cardAccountId", "companyId", "enKashCardId", "pinBlock" }, Req(Spec.Value.Schema("SetCardPinRequest")).OrderBy(r => r, StringComparer.Ordinal));
        Assert.Equal(new[] { "blockCode", "cardAccountId", "companyId", "enKashCardId", "otpMedium" }, Req(Spec.Value.Schema("BlockCardRequest")).OrderBy(r => r, StringComparer.Ordinal));
        Assert.DoesNotContain("enKashCardId", Req(Spec.Value.Schema("GetCardDetailsRequest")));
        Assert.Equal(new[] { "cardAccountId", "companyId" },
            Req(Spec.Value.Schema("GetTransactionDetailsRequest")).OrderBy(r => r, StringComparer.Ordinal));
    }

    // (e)
    [Fact]
    public void Sensitive_flags_cover_secrets_and_card_data()
    {
        var flagged = new List<(string Location, string Property)>();
        var badValues = new List<string>();
        foreach (var (location, name, property) in Spec.Value.AllProperties())
        {
            if (property.Extensions is not null && property.Extensions.TryGetValue("x-sensitive", out var value))
            {
                if (IsTrue(value))
                {
                    flagged.Add((location, name));
                }
                else
                {
                    badValues.Add(location + "/" + name);
                }
            }
        }
        AssertNone(badValues, "x-sensitive values other than true");

        var flaggedNames = flagged.Select(f => f.Property).ToHashSet(StringComparer.Ordinal);
        var uncovered = ExpectedSensitiveProperties.Where(p => !flaggedNames.Contains(p)).ToList();
        AssertNone(uncovered, "secret or card-data properties without x-sensitive");

        // Masked numbers are already masked and must stay readable.
        Assert.DoesNotContain("maskedNumber", flaggedNames);
        Assert.DoesNotContain("maskedCard", flaggedNames);

        // No flag may sit anywhere but on a property (a misplaced flag would silently do nothing).
        var misplaced = Spec.Value.AllSchemas()
            .Where(s => !s.IsReference && s.Schema.Extensions?.ContainsKey("x-sensitive") == true && !s.IsProperty)
            .Select(s => s.Location)
            .ToList();
        AssertNone(misplaced, "x-sensitive on something that is not a property");
    }

    // (f)
    [Fact]
    public void Enum_varnames_and_descriptions_match_their_enums()
    {
        var problems = new List<string>();
        var enums = Spec.Value.Document.Components!.Schemas!.Where(s => s.Value.Enum is { Count: > 0 }).ToList();
        Assert.True(enums.Count >= 13, $"only {enums.Count} named enum schemas");

        foreach (var (name, schema) in enums)
        {
            var values = schema.Enum!.Select(e => e.GetValue<string>()).ToList();
            var varnames = Strings(schema, "x-enum-varnames", problems, name);
            var descriptions = Strings(schema, "x-enum-descriptions", problems, name);
            if (varnames.Count != values.Count)
            {
                problems.Add($"{name}: {varnames.Count} varnames for {values.Count} values");
            }
            if (descriptions.Count != values.Count)
            {
                problems.Add($"{name}: {descriptions.Count} descriptions for {values.Count} values");
            }
            if (varnames.Distinct(StringComparer.Ordinal).Count() != varnames.Count)
            {
                problems.Add($"{name}: duplicate varnames");
            }
            foreach (var varname in varnames)
            {
                if (!SyntaxFacts.IsValidIdentifier(varname) || SyntaxFacts.GetKeywordKind(varname) != SyntaxKind.None
                    || !char.IsUpper(varname[0]))
                {
                    problems.Add($"{name}: '{varname}' is not a PascalCase C# identifier");
                }
            }
        }
        AssertNone(problems, "enum extension problems");

        var cardStatus = Spec.Value.Schema("CardStatusCode");
        Assert.Equal(new[] { "Locked", "UnLocked", "Blocked", "ActivationInProgress" }, Strings(cardStatus, "x-enum-varnames", problems, "CardStatusCode"));
        Assert.Equal(14, Spec.Value.Schema("KycStatusCode").Enum!.Count);
        Assert.Equal(14, Spec.Value.Schema("CardAccountType").Enum!.Count);
        Assert.Equal(11, Spec.Value.Schema("BalanceEntryType").Enum!.Count);
    }

    [Fact]
    public void Each_value_set_has_one_enum_and_every_use_references_it()
    {
        var enums = Spec.Value.Document.Components!.Schemas!.Where(s => s.Value.Enum is { Count: > 0 }).ToList();
        var duplicates = enums
            .GroupBy(e => string.Join("|", e.Value.Enum!.Select(v => v.GetValue<string>()).OrderBy(v => v, StringComparer.Ordinal)), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" = ", g.Select(e => e.Key)))
            .ToList();
        AssertNone(duplicates, "enums with the same values");
        Assert.False(Spec.Value.Document.Components.Schemas!.ContainsKey("BlockCode"));
        Assert.False(Spec.Value.Document.Components.Schemas!.ContainsKey("CardAccountTypeCode"));

        // Requests and answers name the same enum for the same value set.
        Assert.Equal("CardStatusCode", RefId(Props(Spec.Value.Schema("BlockCardRequest"))["blockCode"]));
        Assert.Equal("CardStatusCode", RefId(Props(Spec.Value.Schema("CardStatus"))["name"]));
        Assert.Equal("CardAccountType", RefId(Props(Spec.Value.Schema("CreateCardAccountRequest"))["accountType"]));
        Assert.Equal("CardAccountType", RefId(Props(Spec.Value.Schema("AccountTypeInfo"))["name"]));
        Assert.Equal("Gender", RefId(Props(Spec.Value.Schema("CreateCardRequest"))["gender"]));
        Assert.Equal("Gender", RefId(Props(Spec.Value.Schema("Card"))["gender"]));
        Assert.Equal("TransactionStatus", RefId(Props(Spec.Value.Schema("CardTransaction"))["status"]));
        Assert.Equal("BalanceEntryType", RefId(Props(Spec.Value.Schema("CardTransaction"))["type"]));

        // No other string property carries a value list of its own.
        var inline = Spec.Value.AllProperties().Where(p => RefId(p.Property) is null && p.Property.Enum is { Count: > 0 }).Select(p => p.Location + "/" + p.Name).ToList();
        AssertNone(inline, "properties with an inline enum");
    }

    [Fact]
    public void Partly_known_enums_are_extensible()
    {
        var extensible = Spec.Value.Document.Components!.Schemas!
            .Where(s => s.Value.Extensions is not null && s.Value.Extensions.TryGetValue("x-enum-extensible", out var v) && IsTrue(v))
            .Select(s => s.Key)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[] { "BalanceEntryType", "TransactionCode", "CardOtpAction", "DocType", "TransactionStatus", "BinTypeCode", "KitTypeCode" })
        {
            Assert.Contains(name, extensible);
        }
        foreach (var name in new[] { "CardStatusCode", "CardAccountType", "OtpMedium", "TransactionType" })
        {
            Assert.DoesNotContain(name, extensible);
        }
    }

    // (g)
    [Fact]
    public void No_operation_lists_auth_partner_or_cookie_headers_as_parameters()
    {
        var offending = new List<string>();
        foreach (var (path, item) in Spec.Value.Document.Paths)
        {
            offending.AddRange((item.Parameters ?? new List<IOpenApiParameter>())
                .Where(p => ForbiddenParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                .Select(p => $"{path}: {p.Name}"));
        }
        foreach (var (method, path, operation) in Spec.Value.Operations())
        {
            offending.AddRange((operation.Parameters ?? new List<IOpenApiParameter>())
                .Where(p => ForbiddenParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                .Select(p => $"{method} {path}: {p.Name}"));
        }
        AssertNone(offending, "header parameters that belong to security schemes or to no one");

        var schemes = Spec.Value.Document.Components!.SecuritySchemes!;
        Assert.Equal(SecuritySchemeType.Http, schemes["bearerAuth"].Type);
        Assert.Equal("bearer", schemes["bearerAuth"].Scheme);
        Assert.Equal(SecuritySchemeType.ApiKey, schemes["partnerId"].Type);
        Assert.Equal(ParameterLocation.Header, schemes["partnerId"].In);
        Assert.Equal("partnerId", schemes["partnerId"].Name);
        Assert.Equal("basic", schemes["partnerBasic"].Scheme);

        var root = Assert.Single(Spec.Value.Document.Security!);
        Assert.Equal(new[] { "bearerAuth", "partnerId" }, root.Keys.Select(k => k.Reference.Id).OrderBy(k => k, StringComparer.Ordinal));
    }

    // (h)
    [Fact]
    public void Every_card_operation_wraps_its_200_response_in_the_envelope_inline()
    {
        var problems = new List<string>();
        foreach (var (method, path, operation) in Spec.Value.Operations())
        {
            if (operation.OperationId == TokenOperationId)
            {
                continue;
            }
            var where = $"{method} {path} ({operation.OperationId})";
            if (operation.Responses is null || !operation.Responses.TryGetValue("200", out var ok) || ok.Content is null || !ok.Content.TryGetValue("application/json", out var media) || media.Schema is null)
            {
                problems.Add(where + ": no application/json 200 response");
                continue;
            }
            var schema = media.Schema;
            if (RefId(schema) is not null)
            {
                problems.Add(where + ": 200 schema is the component " + RefId(schema) + ", not the envelope narrowed inline");
            }
            var allOf = schema.AllOf ?? new List<IOpenApiSchema>();
            if (!allOf.Any(s => RefId(s) == "ResponseEnvelope"))
            {
                problems.Add(where + ": 200 schema does not allOf-include ResponseEnvelope");
            }
            if (!allOf.Any(s => RefId(s) is null && Props(s).ContainsKey("payload")))
            {
                problems.Add(where + ": 200 schema does not narrow payload");
            }
        }
        AssertNone(problems, "envelope problems");

        // The envelope is declared once: no component repeats it for one operation.
        var wrappers = Spec.Value.Document.Components!.Schemas!
            .Where(s => (s.Value.AllOf ?? new List<IOpenApiSchema>()).Any(p => RefId(p) == "ResponseEnvelope"))
            .Select(s => s.Key)
            .ToList();
        AssertNone(wrappers, "components that wrap ResponseEnvelope");

        var envelope = Spec.Value.Schema("ResponseEnvelope");
        Assert.Empty(Req(envelope));
        Assert.Equal("integer", TypeOf(Props(envelope)["code"]));
        Assert.Equal("integer", TypeOf(Props(envelope)["response_code"]));
        Assert.Equal("string", TypeOf(Props(envelope)["message"]));
        Assert.Equal("string", TypeOf(Props(envelope)["response_message"]));
        Assert.Null(TypeOf(Props(envelope)["payload"]));
    }

    [Fact]
    public void Token_operation_is_marked_plain_and_uses_basic_auth_and_a_form()
    {
        var token = Spec.Value.Operations().Single(o => o.Operation.OperationId == TokenOperationId).Operation;
        Assert.True(IsTrue(token.Extensions!["x-enkash-token"]));
        Assert.True(IsFalse(token.Extensions["x-enkash-envelope"]));
        Assert.True(IsFalse(token.Extensions["x-enkash-encryption"]));
        Assert.Equal("https://ekpayout-uat.enkash.in", Assert.Single(token.Servers!).Url);
        Assert.Equal("partnerBasic", Assert.Single(Assert.Single(token.Security!).Keys).Reference.Id);

        var form = token.RequestBody!.Content!["application/x-www-form-urlencoded"].Schema!;
        Assert.Equal("GetPartnerTokenRequest", RefId(form));
        Assert.Equal(new[] { "clientId", "grant_type", "password", "username" }, Req(form).OrderBy(r => r, StringComparer.Ordinal));
        Assert.Equal("password", Props(form)["grant_type"].Default!.GetValue<string>());

        var response = token.Responses!["200"].Content!["application/json"].Schema!;
        Assert.Equal("GetPartnerTokenResult", RefId(response));
        Assert.True(response.AllOf is null or { Count: 0 });
        Assert.Equal("int64", Props(response)["expires_in"].Format);
        Assert.Contains("expires_in", token.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_extensions_are_exactly_as_documented()
    {
        var doc = Spec.Value.Document;
        var envelope = Assert.IsType<JsonObject>(Node(doc.Extensions!["x-enkash-envelope"]));
        Assert.Equal("#/components/schemas/ResponseEnvelope", envelope["schema"]!.GetValue<string>());
        Assert.Equal(new[] { "code", "response_code" }, StringArray(envelope["codeProperties"]));
        Assert.Equal(new[] { "message", "response_message" }, StringArray(envelope["messageProperties"]));
        Assert.Equal("payload", envelope["payloadProperty"]!.GetValue<string>());
        Assert.Equal(0m, envelope["successCode"]!.GetValue<decimal>());
        Assert.Equal(5, envelope.Count);

        var encryption = Assert.IsType<JsonObject>(Node(doc.Extensions["x-enkash-encryption"]));
        Assert.Equal("AES-128-ECB-PKCS7", encryption["algorithm"]!.GetValue<string>());
        Assert.Equal("first 16 bytes of SHA-256 over the UTF-8 client secret", encryption["key"]!.GetValue<string>());
        Assert.Equal("base64", encryption["encoding"]!.GetValue<string>());
        Assert.Equal("request", encryption["requestProperty"]!.GetValue<string>());
        Assert.Equal("request", encryption["responseProperty"]!.GetValue<string>());
        Assert.Equal(5, encryption.Count);

        Assert.Equal(new[] { "https://pay-uat.enkash.in", "https://pay.enkash.in" }, doc.Servers!.Select(s => s.Url));
        Assert.Contains("https://pay-en-uat.enkash.in", doc.Servers![0].Description!, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_operation_schema_and_property_is_described()
    {
        var problems = new List<string>();
        foreach (var (method, path, operation) in Spec.Value.Operations())
        {
            if (string.IsNullOrWhiteSpace(operation.Summary))
            {
                problems.Add($"{method} {path}: no summary");
            }
            if (string.IsNullOrWhiteSpace(operation.Description))
            {
                problems.Add($"{method} {path}: no description");
            }
            problems.AddRange((operation.Parameters ?? new List<IOpenApiParameter>()).Where(p => string.IsNullOrWhiteSpace(p.Description)).Select(p => $"{method} {path}: parameter {p.Name} has no description"));
        }
        foreach (var (location, schema, _, isReference) in Spec.Value.AllSchemas())
        {
            if (!isReference && string.IsNullOrWhiteSpace(schema.Description))
            {
                problems.Add(location + ": no description");
            }
        }
        AssertNone(problems, "undocumented elements");
    }

    private static List<string> Strings(IOpenApiSchema schema, string extension, List<string> problems, string name)
    {
        if (schema.Extensions is null || !schema.Extensions.TryGetValue(extension, out var value) || Node(value) is not JsonArray array)
        {
            problems.Add($"{name}: {extension} missing or not an array");
            return new List<string>();
        }
        var result = new List<string>();
        foreach (var item in array)
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var s))
            {
                result.Add(s);
            }
            else
            {
                problems.Add($"{name}: {extension} holds a non-string item");
            }
        }
        return result;
    }

    private static string[] StringArray(JsonNode? value) =>
        Assert.IsType<JsonArray>(value).Select(v => v!.GetValue<string>()).ToArray();

    private static JsonNode? Node(IOpenApiExtension extension) => Assert.IsType<JsonNodeExtension>(extension).Node;

    private static bool IsTrue(IOpenApiExtension extension) => Node(extension) is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static bool IsFalse(IOpenApiExtension extension) => Node(extension) is JsonValue v && v.TryGetValue<bool>(out var b) && !b;

    private static IDictionary<string, IOpenApiSchema> Props(IOpenApiSchema schema) => schema.Properties ?? new Dictionary<string, IOpenApiSchema>();

    private static ISet<string> Req(IOpenApiSchema schema) => schema.Required ?? new HashSet<string>();

    private static string? RefId(IOpenApiSchema schema) => (schema as OpenApiSchemaReference)?.Reference.Id;

    private static bool IsNullable(IOpenApiSchema schema) => schema.Type is { } t && (t & JsonSchemaType.Null) != 0;

    /// <summary>The schema's type as OpenAPI 3.0 writes it ("string", "object", ...), without null; null when it has none.</summary>
    private static string? TypeOf(IOpenApiSchema schema)
    {
        var type = schema.Type is { } t ? t & ~JsonSchemaType.Null : 0;
        return type switch
        {
            JsonSchemaType.String => "string",
            JsonSchemaType.Integer => "integer",
            JsonSchemaType.Number => "number",
            JsonSchemaType.Boolean => "boolean",
            JsonSchemaType.Object => "object",
            JsonSchemaType.Array => "array",
            0 => null,
            _ => type.ToString(),
        };
    }

    private static void AssertNone(IReadOnlyCollection<string> problems, string what)
    {
        if (problems.Count > 0)
        {
            Assert.Fail($"{problems.Count} {what}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }
    }

    /// <summary>The spec read twice: by Microsoft.OpenApi (resolved model) and as raw YAML (exact example values).</summary>
    private sealed class LoadedSpec
    {
        private LoadedSpec(OpenApiDocument document, OpenApiDiagnostic diagnostic, YamlMappingNode rawRoot)
        {
            Document = document;
            Diagnostic = diagnostic;
            RawRoot = rawRoot;
        }

        public OpenApiDocument Document { get; }

        public OpenApiDiagnostic Diagnostic { get; }

        public YamlMappingNode RawRoot { get; }

        public static LoadedSpec Parse(string text)
        {
            var settings = new OpenApiReaderSettings();
            settings.AddYamlReader();
            var result = OpenApiDocument.Parse(text, "yaml", settings);
            var document = result.Document!;
            var diagnostic = result.Diagnostic!;
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            return new LoadedSpec(document, diagnostic, root);
        }

        public IOpenApiSchema Schema(string name)
        {
            Assert.True(Document.Components!.Schemas!.TryGetValue(name, out var schema), $"schema {name} is missing");
            return schema!;
        }

        /// <summary>The payload schema of an operation's 200 answer: the narrowed payload of an envelope, or the body itself.</summary>
        public IOpenApiSchema? Payload(OpenApiOperation operation)
        {
            if (operation.Responses is null || !operation.Responses.TryGetValue("200", out var ok) || ok.Content is null || !ok.Content.TryGetValue("application/json", out var media) || media.Schema is null)
            {
                return null;
            }
            var parts = media.Schema.AllOf ?? new List<IOpenApiSchema>();
            if (!parts.Any(p => RefId(p) == "ResponseEnvelope"))
            {
                return media.Schema;
            }
            return parts.Where(p => RefId(p) is null).Select(p => Props(p).TryGetValue("payload", out var payload) ? payload : null).FirstOrDefault(p => p is not null);
        }

        /// <summary>The names of the components an answer can contain: the payloads and every component they reach.</summary>
        public ISet<string> ResponseSchemas()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<IOpenApiSchema>();
            foreach (var (_, _, operation) in Operations())
            {
                if (Payload(operation) is { } payload)
                {
                    pending.Push(payload);
                }
            }
            while (pending.Count > 0)
            {
                var schema = pending.Pop();
                if (RefId(schema) is { } id)
                {
                    if (!names.Add(id))
                    {
                        continue;
                    }
                    schema = Schema(id);
                }
                foreach (var member in Props(schema).Values.Concat(schema.AllOf ?? new List<IOpenApiSchema>()))
                {
                    pending.Push(member);
                }
                if (schema.Items is not null)
                {
                    pending.Push(schema.Items);
                }
            }
            return names;
        }

        public IEnumerable<(string Method, string Path, OpenApiOperation Operation)> Operations() =>
            Document.Paths.SelectMany(p => (p.Value.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>()).Select(o => (o.Key.Method.ToUpperInvariant(), p.Key, o.Value)));

        public YamlNode RawMediaExample(string path, string method, string responseOrBody, string mediaType)
        {
            YamlNode? node = Yaml.Get(Yaml.Get(RawRoot, "paths"), path);
            node = Yaml.Get(node, method);
            foreach (var segment in responseOrBody.Split('/'))
            {
                node = Yaml.Get(node, segment);
            }
            node = Yaml.Get(Yaml.Get(Yaml.Get(node, "content"), mediaType), "example");
            Assert.NotNull(node);
            return node!;
        }

        /// <summary>Every schema reachable from the components, with a readable location; inline schemas included, references not followed.</summary>
        /// <remarks><c>IsReference</c> marks a <c>$ref</c> use, whose target is reported under its own component.</remarks>
        public IEnumerable<(string Location, IOpenApiSchema Schema, bool IsProperty, bool IsReference)> AllSchemas()
        {
            foreach (var (name, schema) in Document.Components!.Schemas!)
            {
                foreach (var item in Walk("#/components/schemas/" + name, schema, isProperty: false, isRoot: true))
                {
                    yield return item;
                }
            }
        }

        public IEnumerable<(string Location, string Name, IOpenApiSchema Property)> AllProperties()
        {
            foreach (var (location, owner, _, isReference) in AllSchemas())
            {
                if (isReference)
                {
                    continue;
                }
                foreach (var (propertyName, property) in Props(owner))
                {
                    yield return (location, propertyName, property);
                }
            }
        }

        private static IEnumerable<(string Location, IOpenApiSchema Schema, bool IsProperty, bool IsReference)> Walk(string location, IOpenApiSchema schema, bool isProperty, bool isRoot)
        {
            if (schema is OpenApiSchemaReference && !isRoot)
            {
                yield return (location, schema, isProperty, true);
                yield break;
            }
            yield return (location, schema, isProperty, false);
            foreach (var (name, property) in Props(schema))
            {
                foreach (var item in Walk(location + "/properties/" + name, property, isProperty: true, isRoot: false))
                {
                    yield return item;
                }
            }
            if (schema.Items is not null)
            {
                foreach (var item in Walk(location + "/items", schema.Items, isProperty: false, isRoot: false))
                {
                    yield return item;
                }
            }
            var allOf = schema.AllOf ?? new List<IOpenApiSchema>();
            for (var i = 0; i < allOf.Count; i++)
            {
                foreach (var item in Walk(location + "/allOf/" + i, allOf[i], isProperty: false, isRoot: false))
                {
                    yield return item;
                }
            }
        }

        /// <summary>
        /// Validates every example of the document (media-type examples of request bodies and responses, and schema or
        /// property examples of the components) against its schema, using the raw YAML values so that the reader's own
        /// type guessing plays no part.
        /// </summary>
        public ExampleValidation ValidateExamples(bool requiredOnly)
        {
            var validation = new ExampleValidation(requiredOnly);
            var rawPaths = Assert.IsType<YamlMappingNode>(Yaml.Get(RawRoot, "paths"));
            foreach (var (path, item) in Document.Paths)
            {
                foreach (var (type, operation) in item.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>())
                {
                    var rawOperation = Yaml.Get(Yaml.Get(rawPaths, path), type.Method.ToLowerInvariant());
                    if (operation.RequestBody?.Content is { } requestContent)
                    {
                        var rawContent = Yaml.Get(Yaml.Get(rawOperation, "requestBody"), "content");
                        foreach (var (mediaType, media) in requestContent)
                        {
                            validation.Check($"{operation.OperationId} request {mediaType}", Yaml.Get(Yaml.Get(rawContent, mediaType), "example"), media.Schema);
                        }
                    }
                    foreach (var (status, response) in operation.Responses ?? new OpenApiResponses())
                    {
                        var rawContent = Yaml.Get(Yaml.Get(Yaml.Get(rawOperation, "responses"), status), "content");
                        foreach (var (mediaType, media) in response.Content ?? new Dictionary<string, IOpenApiMediaType>())
                        {
                            validation.Check($"{operation.OperationId} response {status} {mediaType}", Yaml.Get(Yaml.Get(rawContent, mediaType), "example"), media.Schema);
                        }
                    }
                }
            }

            var rawSchemas = Assert.IsType<YamlMappingNode>(Yaml.Get(Yaml.Get(RawRoot, "components"), "schemas"));
            foreach (var (name, schema) in Document.Components!.Schemas!)
            {
                CheckSchemaExamples(validation, "#/components/schemas/" + name, Yaml.Get(rawSchemas, name), schema);
            }
            return validation;
        }

        private static void CheckSchemaExamples(ExampleValidation validation, string location, YamlNode? raw, IOpenApiSchema schema)
        {
            if (raw is not YamlMappingNode map || Yaml.Get(map, "$ref") is not null)
            {
                return;
            }
            validation.Check(location, Yaml.Get(map, "example"), schema);
            if (Yaml.Get(map, "properties") is YamlMappingNode properties)
            {
                foreach (var (name, property) in Props(schema))
                {
                    CheckSchemaExamples(validation, location + "/properties/" + name, Yaml.Get(properties, name), property);
                }
            }
            if (schema.Items is not null)
            {
                CheckSchemaExamples(validation, location + "/items", Yaml.Get(map, "items"), schema.Items);
            }
        }
    }

    private sealed class ExampleValidation
    {
        private readonly bool _requiredOnly;

        public ExampleValidation(bool requiredOnly) => _requiredOnly = requiredOnly;

        public List<string> Problems { get; } = new();

        public int ExamplesChecked { get; private set; }

        public void Check(string location, YamlNode? example, IOpenApiSchema? schema)
        {
            if (example is null || schema is null)
            {
                return;
            }
            ExamplesChecked++;
            Validate(location + " example", example, schema);
        }

        private void Report(string location, string problem, bool isRequired = false)
        {
            if (!_requiredOnly || isRequired)
            {
                Problems.Add(location + ": " + problem);
            }
        }

        private void Validate(string location, YamlNode value, IOpenApiSchema schema)
        {
            var members = Flatten(schema).ToList();
            var type = members.Select(TypeOf).FirstOrDefault(t => t is not null);
            var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                foreach (var (name, property) in Props(member))
                {
                    properties[name] = property;
                }
            }
            var required = members.SelectMany(Req).ToHashSet(StringComparer.Ordinal);
            var nullable = members.Any(IsNullable);

            if (value is YamlScalarNode { Style: ScalarStyle.Plain } nullScalar && Yaml.IsNull(nullScalar))
            {
                if (type is not null && !nullable)
                {
                    Report(location, "null for a non-nullable " + type);
                }
                return;
            }

            if (type is null && properties.Count == 0)
            {
                return; // free-form
            }

            if (type == "object" || (type is null && properties.Count > 0))
            {
                if (value is not YamlMappingNode map)
                {
                    Report(location, "expected an object");
                    return;
                }
                var keys = map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToHashSet(StringComparer.Ordinal);
                foreach (var name in required.Where(r => !keys.Contains(r)).OrderBy(r => r, StringComparer.Ordinal))
                {
                    Report(location, $"required property '{name}' is missing", isRequired: true);
                }
                foreach (var (key, child) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value;
                    if (properties.TryGetValue(name, out var property))
                    {
                        Validate(location + "/" + name, child, property);
                    }
                    else
                    {
                        Report(location + "/" + name, "not a property of the schema");
                    }
                }
                return;
            }

            if (type == "array")
            {
                if (value is not YamlSequenceNode sequence)
                {
                    Report(location, "expected an array");
                    return;
                }
                var count = sequence.Children.Count;
                var minItems = members.Select(m => m.MinItems).FirstOrDefault(v => v is not null);
                var maxItems = members.Select(m => m.MaxItems).FirstOrDefault(v => v is not null);
                if (count < minItems)
                {
                    Report(location, $"{count} items, below minItems {minItems}");
                }
                if (count > maxItems)
                {
                    Report(location, $"{count} items, above maxItems {maxItems}");
                }
                var items = members.Select(m => m.Items).FirstOrDefault(i => i is not null);
                for (var i = 0; i < count; i++)
                {
                    if (items is not null)
                    {
                        Validate(location + "/" + i, sequence.Children[i], items);
                    }
                }
                return;
            }

            if (value is not YamlScalarNode scalar)
            {
                Report(location, "expected a " + type);
                return;
            }
            var text = scalar.Value;
            var plain = scalar.Style == ScalarStyle.Plain;
            switch (type)
            {
                case "string":
                    if (plain && (Yaml.IsNumber(text) || text is "true" or "false"))
                    {
                        Report(location, $"'{text}' is not a string");
                        return;
                    }
                    var enumValues = members.SelectMany(m => m.Enum ?? new List<JsonNode>()).Select(e => e.GetValue<string>()).ToList();
                    if (enumValues.Count > 0 && !enumValues.Contains(text))
                    {
                        Report(location, $"'{text}' is not in enum [{string.Join(", ", enumValues)}]");
                    }
                    foreach (var pattern in members.Select(m => m.Pattern).Where(p => p is not null))
                    {
                        if (!Regex.IsMatch(text, pattern!))
                        {
                            Report(location, $"'{text}' does not match pattern {pattern}");
                        }
                    }
                    var minLength = members.Select(m => m.MinLength).FirstOrDefault(v => v is not null);
                    var maxLength = members.Select(m => m.MaxLength).FirstOrDefault(v => v is not null);
                    if (text.Length < minLength || text.Length > maxLength)
                    {
                        Report(location, $"'{text}' has length {text.Length}, outside [{minLength}, {maxLength}]");
                    }
                    return;
                case "number":
                case "integer":
                    if (!plain || !Yaml.IsNumber(text) || (type == "integer" && !Regex.IsMatch(text, @"^-?\d+$")))
                    {
                        Report(location, $"'{text}' is not an {type}");
                        return;
                    }
                    var number = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                    var minimum = members.Select(m => m.Minimum).Where(v => v is not null).Select(v => (decimal?)decimal.Parse(v!, NumberStyles.Float, CultureInfo.InvariantCulture)).FirstOrDefault();
                    if (number < minimum)
                    {
                        Report(location, $"{text} is below minimum {minimum}");
                    }
                    return;
                case "boolean":
                    if (!plain || text is not ("true" or "false"))
                    {
                        Report(location, $"'{text}' is not a boolean");
                    }
                    return;
                default:
                    Report(location, "unexpected schema type " + type);
                    return;
            }
        }

        private static IEnumerable<IOpenApiSchema> Flatten(IOpenApiSchema schema)
        {
            yield return schema;
            foreach (var member in (schema.AllOf ?? new List<IOpenApiSchema>()).SelectMany(Flatten))
            {
                yield return member;
            }
        }
    }

    private static class Yaml
    {
        public static YamlNode? Get(YamlNode? node, string key)
        {
            if (node is not YamlMappingNode map)
            {
                return null;
            }
            foreach (var (k, v) in map.Children)
            {
                if (k is YamlScalarNode s && s.Value == key)
                {
                    return v;
                }
            }
            return null;
        }

        public static string Scalar(YamlNode node, string key) => Assert.IsType<YamlScalarNode>(Get(node, key)).Value;

        public static bool IsNull(YamlScalarNode scalar) => scalar.Value is "null" or "~" or "" or "Null" or "NULL";

        public static bool IsNumber(string text) => Regex.IsMatch(text, @"^-?(\d+)(\.\d+)?([eE][+-]?\d+)?$");
    }
}
