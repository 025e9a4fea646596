using System.Linq;
using EnKashGen.Reading;
using Microsoft.OpenApi;
using Xunit;

namespace EnKashGen.Tests.Reading;

/// <summary>
/// The rules Microsoft.OpenApi checks a document against: its default rules but the one that repeats EKG006, and the
/// example rules only on request; building them leaves the library's own default set as it was.
/// </summary>
public sealed class ReaderRulesTests
{
    [Fact]
    public void Every_default_rule_but_the_dangling_reference_check_is_kept_and_the_default_set_is_left_alone()
    {
        var defaults = ValidationRuleSet.GetDefaultRuleSet().Rules.Select(r => r.Name).ToList();
        Assert.Contains(nameof(OpenApiDocumentRules.OpenApiDocumentReferencesAreValid), defaults);

        var rules = SpecReader.BuildRules(checkExamples: false).Rules.Select(r => r.Name).ToList();

        Assert.Equal(defaults.Where(n => n != nameof(OpenApiDocumentRules.OpenApiDocumentReferencesAreValid)).OrderBy(n => n), rules.OrderBy(n => n));
        Assert.Equal(defaults, ValidationRuleSet.GetDefaultRuleSet().Rules.Select(r => r.Name).ToList());
    }

    [Fact]
    public void The_example_rules_are_added_only_when_examples_are_checked()
    {
        var plain = SpecReader.BuildRules(checkExamples: false).Rules.Select(r => r.Name).ToList();
        var withExamples = SpecReader.BuildRules(checkExamples: true).Rules.Select(r => r.Name).ToList();

        var mismatch = new[]
        {
            OpenApiNonDefaultRules.HeaderMismatchedDataType.Name, OpenApiNonDefaultRules.MediaTypeMismatchedDataType.Name,
            OpenApiNonDefaultRules.ParameterMismatchedDataType.Name, OpenApiNonDefaultRules.SchemaMismatchedDataType.Name,
        };
        Assert.DoesNotContain(plain, mismatch.Contains);
        Assert.Equal(plain.Concat(mismatch).OrderBy(n => n), withExamples.OrderBy(n => n));
    }
}
