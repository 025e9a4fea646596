using System.Text;
using EnKashGen.Spec.Fast;
using Xunit;

namespace EnKashGen.Tests.FastYaml;

/// <summary>Deep comparison of two <see cref="DocNode"/> trees: kind, text, explicit flag, member keys and order, every span.</summary>
internal static class DocNodeComparer
{
    /// <summary>The first difference as a readable path and values, or null when the trees are equal.</summary>
    public static string? Diff(DocNode? fast, DocNode? reference, string path = "$")
    {
        if (fast is null || reference is null)
        {
            return fast == reference ? null : $"{path}: {(fast is null ? "null" : "a tree")} vs {(reference is null ? "null" : "a tree")}";
        }
        if (fast.Kind != reference.Kind)
        {
            return $"{path}: kind {fast.Kind} vs {reference.Kind}";
        }
        if (!SameSpan(fast.Span, reference.Span))
        {
            return $"{path}: span {Show(fast.Span)} vs {Show(reference.Span)}";
        }
        switch (fast.Kind)
        {
            case DocNodeKind.Scalar:
                if (fast.Text != reference.Text)
                {
                    return $"{path}: text \"{Escape(fast.Text)}\" vs \"{Escape(reference.Text)}\"";
                }
                return fast.Explicit != reference.Explicit ? $"{path}: explicit {fast.Explicit} vs {reference.Explicit}" : null;
            case DocNodeKind.Sequence:
                if (fast.Items!.Count != reference.Items!.Count)
                {
                    return $"{path}: {fast.Items.Count} items vs {reference.Items.Count}";
                }
                for (var i = 0; i < fast.Items.Count; i++)
                {
                    var diff = Diff(fast.Items[i], reference.Items[i], $"{path}[{i}]");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }
                return null;
            default:
                if (fast.Members!.Count != reference.Members!.Count)
                {
                    return $"{path}: {fast.Members.Count} members vs {reference.Members.Count}";
                }
                for (var i = 0; i < fast.Members.Count; i++)
                {
                    var a = fast.Members[i];
                    var b = reference.Members[i];
                    if (a.Key != b.Key)
                    {
                        return $"{path}: key \"{Escape(a.Key)}\" vs \"{Escape(b.Key)}\" (member {i})";
                    }
                    if (!SameSpan(a.KeySpan, b.KeySpan))
                    {
                        return $"{path}.{a.Key}: key span {Show(a.KeySpan)} vs {Show(b.KeySpan)}";
                    }
                    var diff = Diff(a.Value, b.Value, $"{path}.{a.Key}");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }
                return null;
        }
    }

    public static void AssertEqual(DocNode? fast, DocNode? reference)
    {
        var diff = Diff(fast, reference);
        Assert.True(diff is null, "the fast tree differs from SharpYaml's at " + diff);
    }

    /// <summary>The first difference between the fast parser and SharpYaml on <paramref name="text"/>; null when equal or refused.</summary>
    public static string? FastVersusSharpYaml(string text, out bool refused)
    {
        var reference = SharpYamlDocNodes.Read(text);
        refused = !FastYamlParser.TryParse(text, out var fast);
        if (refused)
        {
            return fast is null ? null : "refused but returned a tree";
        }
        if (reference is null)
        {
            return "the fast parser gave a tree where SharpYaml gives none";
        }
        return Diff(fast, reference);
    }

    public static string Show(DocSpan span) => $"{span.StartLine}:{span.StartColumn}-{span.EndLine}:{span.EndColumn}";

    private static bool SameSpan(DocSpan a, DocSpan b) =>
        a.StartLine == b.StartLine && a.StartColumn == b.StartColumn && a.EndLine == b.EndLine && a.EndColumn == b.EndColumn;

    private static string Escape(string? text)
    {
        if (text is null)
        {
            return "<null>";
        }
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => c.ToString() });
        }
        return builder.ToString();
    }
}
