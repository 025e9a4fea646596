using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace EnKashGen.Tests.Filtering;

/// <summary>
/// Per-spec operation filters (EnKashGenIncludeTags, ...): which operations are generated, and that only the schemas
/// those operations reach are generated then, under the names they have without a filter.
/// </summary>
public sealed class OperationFilterTests
{
    internal const string ShopPath = "/p/shop.yaml";

    /// <summary>
    /// Six operations: two tagged Pets, one Toys, one tagged both Store and Pets, one untagged, one Admin. Pet and Owner
    /// refer to each other, TreeNode to itself, Toy nests Maker, PetList is an array whose items are an inline object,
    /// ListPetsResponse is a component whose name an inline response type would take, Unused is used by nothing and
    /// holds a construct the generator reports.
    /// </summary>
    internal const string Shop = """
        openapi: 3.0.3
        info:
          title: Shop
          version: '1'
        paths:
          /pets:
            get:
              operationId: listPets
              tags: [Pets]
              responses:
                '200':
                  description: The pets.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items:
                            $ref: '#/components/schemas/PetList'
            post:
              operationId: createPet
              tags: [Pets]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/NewPet'
              responses:
                '201':
                  description: Created.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Pet'
          /pets/{petId}/toys/{toyId}:
            get:
              operationId: getToy
              tags: [Toys]
              parameters:
                - {name: petId, in: path, required: true, schema: {type: string}}
                - {name: toyId, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The toy.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Toy'
          /stores/{storeId}/orders:
            get:
              operationId: listOrders
              tags: [Store, Pets]
              parameters:
                - {name: storeId, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The orders.
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          $ref: '#/components/schemas/Order'
          /health:
            get:
              operationId: health
              responses:
                '200':
                  description: Health.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Health'
          /admin/users/{id}/keys:
            get:
              operationId: listKeys
              tags: [Admin]
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The keys.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ListPetsResponse'
        components:
          schemas:
            Zoo:
              type: object
              properties:
                pets:
                  $ref: '#/components/schemas/PetList'
            PetList:
              type: array
              items:
                type: object
                properties:
                  pet:
                    $ref: '#/components/schemas/Pet'
                  rank:
                    type: integer
            Pet:
              type: object
              required: [id]
              properties:
                id: {type: string}
                owner:
                  $ref: '#/components/schemas/Owner'
                tags:
                  type: array
                  items:
                    $ref: '#/components/schemas/Tag'
            Owner:
              type: object
              properties:
                name: {type: string}
                pets:
                  type: array
                  items:
                    $ref: '#/components/schemas/Pet'
            Tag:
              type: object
              properties:
                label: {type: string}
            NewPet:
              type: object
              required: [name]
              properties:
                name: {type: string, minLength: 1}
            Toy:
              type: object
              properties:
                name: {type: string}
                maker:
                  $ref: '#/components/schemas/Maker'
                parts:
                  $ref: '#/components/schemas/TreeNode'
            Maker:
              type: object
              properties:
                name: {type: string}
            TreeNode:
              type: object
              properties:
                label: {type: string}
                children:
                  type: array
                  items:
                    $ref: '#/components/schemas/TreeNode'
            Order:
              type: object
              properties:
                id: {type: string}
                pet:
                  $ref: '#/components/schemas/Pet'
            Health:
              type: object
              properties:
                status:
                  type: string
                  enum: [up, down]
            ListPetsResponse:
              type: object
              properties:
                keys:
                  type: array
                  items: {type: string}
            Unused:
              type: object
              properties:
                code:
                  type: string
                  not:
                    enum: [x]
        """;

    private static SpecFile ShopSpec => new(ShopPath, Shop, "Acme.Shop", "ShopClient");

    /// <summary>Generates the shop with the given AdditionalFiles metadata (name, value pairs).</summary>
    internal static GenerationResult Generate(params (string Name, string Value)[] metadata) => Generate(ShopSpec, metadata);

    internal static GenerationResult Generate(SpecFile spec, params (string Name, string Value)[] metadata)
    {
        foreach (var (name, value) in metadata)
        {
            spec = spec.With(name, value);
        }
        return GeneratorHarness.Run(new[] { spec });
    }

    /// <summary>The operations of the generated client: its public methods ending in Async, on the client and its tag groups.</summary>
    internal static SortedSet<string> Operations(GenerationResult result) =>
        new(result.Sources.Where(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal))
            .SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword) && m.Identifier.ValueText.EndsWith("Async", StringComparison.Ordinal) && m.Parent is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PublicKeyword))
            .Select(m => m.Identifier.ValueText),
            StringComparer.Ordinal);

    /// <summary>The generated models, enums and unions by name (small specs have one file per type), with their source.</summary>
    internal static SortedDictionary<string, string> Types(GenerationResult result)
    {
        var types = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in result.Sources)
        {
            foreach (var kind in new[] { ".Models.", ".Enums.", ".Unions." })
            {
                var at = source.HintName.IndexOf(kind, StringComparison.Ordinal);
                if (at >= 0)
                {
                    types.Add(source.HintName[(at + kind.Length)..^".g.cs".Length], source.SourceText.ToString());
                }
            }
        }
        return types;
    }

    internal static List<Diagnostic> Filters(GenerationResult result) => result.GeneratorDiagnostics.Where(d => d.Id == "EKG017").ToList();

    private static void AssertCompiles(GenerationResult result)
    {
        Assert.Empty(result.Exceptions);
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
    }

    // ------------------------------------------------------------------ selection

    [Fact]
    public void Without_a_filter_every_operation_and_every_component_is_generated()
    {
        var result = Generate();
        AssertCompiles(result);
        Assert.Equal(new[] { "CreatePetAsync", "GetToyAsync", "HealthAsync", "ListKeysAsync", "ListOrdersAsync", "ListPetsAsync" }, Operations(result));
        var types = Types(result);
        foreach (var component in new[] { "Zoo", "Pet", "Owner", "Tag", "NewPet", "Toy", "Maker", "TreeNode", "Order", "Health", "ListPetsResponse", "Unused" })
        {
            Assert.Contains(component, types.Keys);
        }
        Assert.Empty(Filters(result));
    }

    [Fact]
    public void IncludeTags_generates_the_operations_that_have_one_of_the_tags_compared_ignoring_case()
    {
        var result = Generate(("EnKashGenIncludeTags", "pets"));
        AssertCompiles(result);
        // listOrders is tagged Store and Pets: one matching tag is enough.
        Assert.Equal(new[] { "CreatePetAsync", "ListOrdersAsync", "ListPetsAsync" }, Operations(result));
        Assert.Empty(Filters(result));
    }

    [Fact]
    public void ExcludeTags_removes_the_operations_that_have_any_of_the_tags_and_keeps_untagged_ones()
    {
        var result = Generate(("EnKashGenExcludeTags", "STORE, admin"));
        AssertCompiles(result);
        Assert.Equal(new[] { "CreatePetAsync", "GetToyAsync", "HealthAsync", "ListPetsAsync" }, Operations(result));
    }

    [Fact]
    public void An_untagged_operation_is_not_included_by_IncludeTags_but_another_include_filter_can_include_it()
    {
        var byTag = Generate(("EnKashGenIncludeTags", "Pets"));
        Assert.DoesNotContain("HealthAsync", Operations(byTag));

        // Include filters add up: an operation is generated when it matches any of them.
        var withPath = Generate(("EnKashGenIncludeTags", "Pets"), ("EnKashGenIncludePaths", "/health"));
        AssertCompiles(withPath);
        Assert.Equal(new[] { "CreatePetAsync", "HealthAsync", "ListOrdersAsync", "ListPetsAsync" }, Operations(withPath));
        Assert.Empty(Filters(withPath));
    }

    [Fact]
    public void IncludeOperations_compares_operationIds_exactly()
    {
        var exact = Generate(("EnKashGenIncludeOperations", "getToy;health"));
        AssertCompiles(exact);
        Assert.Equal(new[] { "GetToyAsync", "HealthAsync" }, Operations(exact));

        var otherCase = Generate(("EnKashGenIncludeOperations", "GetToy"));
        Assert.Empty(Operations(otherCase));
        Assert.Contains(Filters(otherCase), d => d.GetMessage().Contains("IncludeOperations", StringComparison.Ordinal) && d.GetMessage().Contains("'GetToy'", StringComparison.Ordinal));
    }

    [Fact]
    public void ExcludeOperations_removes_operations_by_operationId()
    {
        var result = Generate(("EnKashGenExcludeOperations", "createPet, listKeys"));
        AssertCompiles(result);
        Assert.Equal(new[] { "GetToyAsync", "HealthAsync", "ListOrdersAsync", "ListPetsAsync" }, Operations(result));
    }

    [Theory]
    [InlineData("/pets/*/toys/*", "GetToyAsync")]
    [InlineData("/pets/{petId}/toys/{toyId}", "GetToyAsync")]
    // '**' stands for any number of segments, none included: /pets itself matches.
    [InlineData("/pets/**", "CreatePetAsync,GetToyAsync,ListPetsAsync")]
    [InlineData("/**/keys", "ListKeysAsync")]
    [InlineData("/admin/**/keys", "ListKeysAsync")]
    [InlineData("/st*/*/orders", "ListOrdersAsync")]
    [InlineData("/pets,/health", "CreatePetAsync,HealthAsync,ListPetsAsync")]
    public void IncludePaths_matches_path_templates_with_star_within_a_segment_and_double_star_across_segments(string patterns, string expected)
    {
        var result = Generate(("EnKashGenIncludePaths", patterns));
        AssertCompiles(result);
        Assert.Equal(expected.Split(','), Operations(result));
        Assert.Empty(Filters(result));
    }

    [Theory]
    // '*' never crosses a '/': /admin/*/keys does not reach /admin/users/{id}/keys.
    [InlineData("/admin/*/keys")]
    // Paths compare exactly: case and a trailing '/' matter.
    [InlineData("/Pets")]
    [InlineData("/pets/")]
    [InlineData("/pets/*")]
    public void IncludePaths_that_match_no_path_include_nothing_and_are_reported(string pattern)
    {
        var result = Generate(("EnKashGenIncludePaths", pattern));
        Assert.Empty(Operations(result));
        Assert.Contains(Filters(result), d => d.GetMessage().Contains("IncludePaths", StringComparison.Ordinal) && d.GetMessage().Contains("'" + pattern + "'", StringComparison.Ordinal));
    }

    [Fact]
    public void ExcludePaths_removes_the_operations_under_a_pattern()
    {
        var result = Generate(("EnKashGenExcludePaths", "/pets/**"));
        AssertCompiles(result);
        Assert.Equal(new[] { "HealthAsync", "ListKeysAsync", "ListOrdersAsync" }, Operations(result));
    }

    [Fact]
    public void Include_and_exclude_combine_and_exclude_wins()
    {
        var result = Generate(("EnKashGenIncludeTags", "Pets"), ("EnKashGenExcludeOperations", "createPet"), ("EnKashGenExcludePaths", "/stores/**"));
        AssertCompiles(result);
        Assert.Equal(new[] { "ListPetsAsync" }, Operations(result));
        Assert.Empty(Filters(result));
    }

    [Fact]
    public void Entries_are_separated_by_commas_or_semicolons_with_whitespace_ignored()
    {
        var result = Generate(("EnKashGenIncludeTags", "  Toys ;admin,\t, ; "));
        AssertCompiles(result);
        Assert.Equal(new[] { "GetToyAsync", "ListKeysAsync" }, Operations(result));
        Assert.Empty(Filters(result));
    }

    // ------------------------------------------------------------------ reachability

    [Fact]
    public void A_schema_used_only_by_an_excluded_operation_is_not_generated_and_one_used_by_both_is()
    {
        var result = Generate(("EnKashGenExcludeOperations", "createPet"));
        AssertCompiles(result);
        var types = Types(result);
        Assert.DoesNotContain("NewPet", types.Keys);
        // Pet is also reached from listPets and listOrders.
        Assert.Contains("Pet", types.Keys);
        // Components no operation reaches are left out as soon as a filter is set.
        Assert.DoesNotContain("Zoo", types.Keys);
        Assert.DoesNotContain("Unused", types.Keys);
    }

    [Fact]
    public void Nested_and_recursive_schemas_are_reached_through_the_types_that_use_them()
    {
        var toys = Types(Generate(("EnKashGenIncludeTags", "Toys")));
        Assert.Equal(new[] { "Maker", "Toy", "TreeNode" }, toys.Keys);

        // listOrders -> Order -> Pet -> Owner -> Pet (a cycle), and Pet -> Tag.
        var orders = Generate(("EnKashGenIncludeOperations", "listOrders"));
        AssertCompiles(orders);
        Assert.Equal(new[] { "Order", "Owner", "Pet", "Tag" }, Types(orders).Keys);
    }

    [Fact]
    public void Enums_and_inline_types_of_the_reached_schemas_are_generated_too()
    {
        var health = Types(Generate(("EnKashGenIncludeOperations", "health")));
        Assert.Equal(new[] { "Health", "HealthStatus" }, health.Keys);

        // listPets returns an inline object holding PetList, whose items are an inline object that reaches Pet.
        var pets = Generate(("EnKashGenIncludeOperations", "listPets"));
        AssertCompiles(pets);
        Assert.Equal(new[] { "ListPetsResponse2", "Owner", "Pet", "PetListItem", "Tag" }, Types(pets).Keys);
    }

    [Fact]
    public void A_filter_renames_nothing_every_type_it_generates_is_the_same_as_without_it()
    {
        var all = Types(Generate());
        foreach (var filter in new[] { ("EnKashGenIncludeOperations", "listPets"), ("EnKashGenIncludeTags", "Admin"), ("EnKashGenIncludeTags", "Toys,Store"), ("EnKashGenExcludeTags", "Pets") })
        {
            var filtered = Types(Generate(filter));
            Assert.NotEmpty(filtered);
            foreach (var (name, source) in filtered)
            {
                Assert.True(all.TryGetValue(name, out var unfiltered), $"{filter}: '{name}' is not generated without the filter");
                Assert.Equal(unfiltered, source);
            }
        }

        // The component ListPetsResponse keeps its name even when the operation that uses it is left out, so listPets's
        // inline response type is ListPetsResponse2 with and without the filter; PetList's items are named after PetList,
        // not after the first type (Zoo, or the listPets response) that happens to reach them.
        Assert.Contains("ListPetsResponse2", all.Keys);
        Assert.Contains("PetListItem", all.Keys);
        Assert.DoesNotContain("ZooPetsItem", all.Keys);
    }

    [Fact]
    public void Diagnostics_come_only_from_what_is_generated()
    {
        // Unused holds 'not', which the generator reports; no operation reaches Unused.
        var all = Generate();
        Assert.Contains(all.GeneratorDiagnostics, d => d.Id == "EKG008");

        var filtered = Generate(("EnKashGenIncludeTags", "Pets"));
        Assert.DoesNotContain(filtered.GeneratorDiagnostics, d => d.Id == "EKG008");
        Assert.Empty(filtered.GeneratorDiagnostics);
    }

    /// <summary>Two components whose names are the same in C# (AItem): the second one is AItem2.</summary>
    private const string Clash = """
        openapi: 3.0.3
        info:
          title: Clash
          version: '1'
        paths:
          /a:
            get:
              operationId: getA
              tags: [A]
              responses:
                '200':
                  description: A.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/a-item'
          /b:
            get:
              operationId: getB
              tags: [B]
              responses:
                '200':
                  description: B.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/A_Item'
        components:
          schemas:
            a-item:
              type: object
              properties:
                x: {type: string}
            A_Item:
              type: object
              properties:
                y: {type: string}
        """;

    [Fact]
    public void A_renamed_component_keeps_its_new_name_under_a_filter_and_the_rename_is_reported_only_when_it_is_generated()
    {
        var clash = new SpecFile("/p/clash.yaml", Clash, "Acme.Clash", "ClashClient");
        var all = Generate(clash);
        Assert.Equal(new[] { "AItem", "AItem2" }, Types(all).Keys);
        Assert.Single(all.GeneratorDiagnostics, d => d.Id == "EKG007");

        // A_Item is not generated for getA, so its rename is no news.
        var onlyA = Generate(clash, ("EnKashGenIncludeTags", "A"));
        Assert.Equal(new[] { "AItem" }, Types(onlyA).Keys);
        Assert.Empty(onlyA.GeneratorDiagnostics);

        // a-item is not generated for getB, yet A_Item is still AItem2: the name a-item reserves does not move.
        var onlyB = Generate(clash, ("EnKashGenIncludeTags", "B"));
        AssertCompiles(onlyB);
        Assert.Equal(new[] { "AItem2" }, Types(onlyB).Keys);
        Assert.Contains("'AItem2'", Assert.Single(onlyB.GeneratorDiagnostics, d => d.Id == "EKG007").GetMessage(), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ diagnostics

    [Fact]
    public void An_entry_that_matches_no_operation_is_a_warning_at_the_spec_naming_the_filter_and_the_entry()
    {
        var result = Generate(("EnKashGenIncludeTags", "Pets,Cats"), ("EnKashGenExcludeOperations", "deletePet"));
        Assert.Equal(new[] { "CreatePetAsync", "ListOrdersAsync", "ListPetsAsync" }, Operations(result));
        var warnings = Filters(result);
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, d =>
        {
            Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
            Assert.Equal(ShopPath, d.Location.GetLineSpan().Path);
            Assert.Equal(0, d.Location.GetLineSpan().StartLinePosition.Line);
        });
        var include = Assert.Single(warnings, d => d.GetMessage().Contains("IncludeTags (EnKashGenIncludeTags)", StringComparison.Ordinal));
        Assert.Contains("'Cats'", include.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("includes nothing", include.GetMessage(), StringComparison.Ordinal);
        var exclude = Assert.Single(warnings, d => d.GetMessage().Contains("ExcludeOperations (EnKashGenExcludeOperations)", StringComparison.Ordinal));
        Assert.Contains("'deletePet'", exclude.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("excludes nothing", exclude.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pets/**", "starts with '/'")]
    [InlineData("/pets/**x", "'**' stands for whole segments only")]
    [InlineData("/pets/***", "'**' stands for whole segments only")]
    public void A_path_pattern_that_cannot_be_read_is_a_warning_and_includes_nothing(string pattern, string reason)
    {
        var result = Generate(("EnKashGenIncludePaths", pattern));
        var unreadable = Assert.Single(Filters(result), d => d.GetMessage().Contains("not a path pattern", StringComparison.Ordinal));
        Assert.Contains("IncludePaths (EnKashGenIncludePaths)", unreadable.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'" + pattern + "'", unreadable.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(reason, unreadable.GetMessage(), StringComparison.Ordinal);
        // A typo must not generate the whole API: the include filter stays set and includes nothing.
        Assert.Empty(Operations(result));
        Assert.Contains(Filters(result), d => d.GetMessage().Contains("leave no operation", StringComparison.Ordinal));
        AssertCompiles(result);
    }

    [Fact]
    public void A_filter_that_names_nothing_is_a_warning_and_is_ignored()
    {
        var result = Generate(("EnKashGenIncludeTags", " ; , "));
        var warning = Assert.Single(Filters(result));
        Assert.Contains("IncludeTags (EnKashGenIncludeTags)", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("names nothing", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(6, Operations(result).Count);
        Assert.Contains("Unused", Types(result).Keys);
    }

    [Fact]
    public void Filters_that_leave_no_operation_are_reported_and_the_empty_client_still_compiles()
    {
        var result = Generate(("EnKashGenIncludeTags", "Pets"), ("EnKashGenExcludeTags", "Pets"));
        AssertCompiles(result);
        Assert.Empty(Operations(result));
        Assert.Empty(Types(result));
        var warning = Assert.Single(Filters(result));
        Assert.Contains("IncludeTags=\"Pets\"", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("ExcludeTags=\"Pets\"", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("leave no operation", warning.GetMessage(), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ the EnKash spec

    private static SpecFile EnKash => new(TestPaths.EnKashSpec, File.ReadAllText(TestPaths.EnKashSpec), "Acme.EnKash", "EnKashCardsClient");

    [Fact]
    public void The_lookup_of_a_load_is_kept_with_it_and_excluding_it_is_reported()
    {
        var load = Generate(EnKash, ("EnKashGenIncludeOperations", "loadCardBalance"));
        AssertCompiles(load);
        Assert.Equal(new[] { "GetPartnerTokenAsync", "GetTransactionDetailsAsync", "LoadCardBalanceAsync", "ReconcileLoadCardBalanceAsync" }, Operations(load));
        Assert.Empty(load.GeneratorDiagnostics);

        var withoutLookup = Generate(EnKash, ("EnKashGenIncludeOperations", "loadCardBalance"), ("EnKashGenExcludeOperations", "getTransactionDetails"));
        AssertCompiles(withoutLookup);
        Assert.Equal(new[] { "GetPartnerTokenAsync", "LoadCardBalanceAsync" }, Operations(withoutLookup));
        Assert.Contains("'getTransactionDetails' does not exist or is not generated", Assert.Single(withoutLookup.GeneratorDiagnostics, d => d.Id == "EKG025").GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_operation_is_kept_for_the_operations_it_authenticates_unless_excluded()
    {
        var cards = Generate(EnKash, ("EnKashGenIncludeTags", "Cards"));
        AssertCompiles(cards);
        // The transaction search is kept too: it is the lookup of loadCardBalance (x-enkash-reconcile).
        Assert.Equal(new[] { "BlockCardAsync", "CreateCardAsync", "GetCardDetailsAsync", "GetPartnerTokenAsync", "GetTransactionDetailsAsync", "LoadCardBalanceAsync", "ReconcileLoadCardBalanceAsync", "ReplaceCardAsync" }, Operations(cards));
        Assert.Contains("TokenUrl", string.Join("\n", cards.Sources.Where(s => s.HintName.EndsWith(".Options.g.cs", StringComparison.Ordinal)).Select(s => s.SourceText.ToString())), StringComparison.Ordinal);
        Assert.Empty(cards.GeneratorDiagnostics);

        var withoutToken = Generate(EnKash, ("EnKashGenIncludeTags", "Cards"), ("EnKashGenExcludeOperations", "getPartnerToken"));
        AssertCompiles(withoutToken);
        Assert.DoesNotContain("GetPartnerTokenAsync", Operations(withoutToken));
    }
}
