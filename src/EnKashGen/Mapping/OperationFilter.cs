using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using EnKashGen.Diagnostics;
using EnKashGen.Model;

namespace EnKashGen.Mapping
{
    /// <summary>
    /// The include and exclude filters of one spec (<see cref="SpecFilters"/>): which operations are generated. An
    /// operation is generated when it matches at least one include entry (or no include filter is set) and no exclude
    /// entry. Tags compare ignoring case, operationIds and path templates exactly; path patterns take '*' for any text
    /// within one segment and '**' for any number of whole segments, none included. An operation without a tag matches
    /// no tag entry. Every entry that cannot be read, or that matches no operation of the document, is a warning at the
    /// spec: such an entry is the most likely reason a client lacks an operation its user expects.
    /// </summary>
    internal sealed class OperationFilter
    {
        private static readonly char[] Separators = { ',', ';' };
        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

        private readonly List<Filter> _filters;

        private OperationFilter(List<Filter> filters)
        {
            _filters = filters;
        }

        /// <summary>The filters of <paramref name="settings"/>, or null when none is set (every operation is generated).</summary>
        public static OperationFilter? Create(SpecFilters? settings, DiagnosticBag diagnostics)
        {
            if (settings is null || settings.IsEmpty)
            {
                return null;
            }
            var filters = new List<Filter>();
            Add(filters, "IncludeTags", settings.IncludeTags, include: true, FilterKind.Tags, diagnostics);
            Add(filters, "ExcludeTags", settings.ExcludeTags, include: false, FilterKind.Tags, diagnostics);
            Add(filters, "IncludePaths", settings.IncludePaths, include: true, FilterKind.Paths, diagnostics);
            Add(filters, "ExcludePaths", settings.ExcludePaths, include: false, FilterKind.Paths, diagnostics);
            Add(filters, "IncludeOperations", settings.IncludeOperations, include: true, FilterKind.Operations, diagnostics);
            Add(filters, "ExcludeOperations", settings.ExcludeOperations, include: false, FilterKind.Operations, diagnostics);
            // A value that named nothing usable at all (only separators) is reported and counts as not set.
            return filters.Count == 0 ? null : new OperationFilter(filters);
        }

        /// <summary>
        /// Whether the operation matches an include entry (true when no include filter is set) and whether it matches an
        /// exclude entry. Every entry is tried, so that entries matching nothing can be reported afterwards.
        /// </summary>
        public (bool Included, bool Excluded) Match(string path, IReadOnlyCollection<string> tags, string? operationId)
        {
            var hasInclude = false;
            var included = false;
            var excluded = false;
            foreach (var filter in _filters)
            {
                hasInclude |= filter.Include;
                foreach (var entry in filter.Entries)
                {
                    if (!entry.Matches(filter.Kind, path, tags, operationId))
                    {
                        continue;
                    }
                    entry.Matched = true;
                    if (filter.Include)
                    {
                        included = true;
                    }
                    else
                    {
                        excluded = true;
                    }
                }
            }
            return (included || !hasInclude, excluded);
        }

        /// <summary>Reports every entry that matched no operation of the document, and filters that leave no operation at all.</summary>
        public void ReportUnmatched(DiagnosticBag diagnostics, int generated)
        {
            foreach (var filter in _filters)
            {
                foreach (var entry in filter.Entries.Where(e => !e.Matched))
                {
                    var what = filter.Kind switch
                    {
                        FilterKind.Tags => "which is the tag of no operation in this spec (tags compare ignoring case)",
                        FilterKind.Paths => "which matches no path of this spec (paths compare exactly; '*' stands for text within one segment, '**' for any number of segments)",
                        _ => "which is the operationId of no operation in this spec (operationIds compare exactly)",
                    };
                    diagnostics.AtStart(DiagnosticCatalogue.FilterEntryMatchesNothing, null, filter.Describe(), entry.Text, what, filter.Include ? "includes" : "excludes");
                }
            }
            if (generated == 0)
            {
                diagnostics.AtStart(DiagnosticCatalogue.FiltersLeaveNothing, null, string.Join(", ", _filters.Select(f => f.Name + "=\"" + f.Value + "\"")));
            }
        }

        private static void Add(List<Filter> filters, string name, string? value, bool include, FilterKind kind, DiagnosticBag diagnostics)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }
            var filter = new Filter(name, value!.Trim(), include, kind);
            var texts = value.Split(Separators).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(kind == FilterKind.Tags ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).ToList();
            if (texts.Count == 0)
            {
                diagnostics.AtStart(DiagnosticCatalogue.FilterNamesNothing, null, filter.Describe(), value);
                return;
            }
            foreach (var text in texts)
            {
                if (kind != FilterKind.Paths)
                {
                    filter.Entries.Add(new Entry(text, null));
                    continue;
                }
                var pattern = PathPattern(text, out var problem);
                if (pattern is null)
                {
                    diagnostics.AtStart(DiagnosticCatalogue.FilterBadPathPattern, null, filter.Describe(), text, problem);
                    continue;
                }
                filter.Entries.Add(new Entry(text, pattern));
            }
            // A filter whose entries are all unreadable stays set: an include filter then includes nothing, rather than
            // a typo silently generating the whole API.
            filters.Add(filter);
        }

        /// <summary>
        /// The regular expression for a path pattern such as <c>/users/*/keys</c> or <c>/repos/**</c>, or null with the
        /// reason when the text is not one. Everything but '*' is literal, so '{owner}' matches the template's own text.
        /// </summary>
        internal static Regex? PathPattern(string text, out string? problem)
        {
            problem = null;
            if (text[0] != '/')
            {
                problem = "a path pattern starts with '/', as the paths of the spec do (/repos/**)";
                return null;
            }
            var regex = new StringBuilder("^");
            foreach (var segment in text.Substring(1).Split('/'))
            {
                if (segment == "**")
                {
                    // Zero or more whole segments: '/repos/**' matches '/repos' and everything below it.
                    regex.Append("(?:/[^/]*)*");
                    continue;
                }
                if (segment.IndexOf("**", StringComparison.Ordinal) >= 0)
                {
                    problem = "'**' stands for whole segments only (/repos/**/keys); use '*' for text within a segment";
                    return null;
                }
                regex.Append('/');
                regex.Append(string.Join("[^/]*", segment.Split('*').Select(Regex.Escape)));
            }
            regex.Append('$');
            return new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout);
        }

        private enum FilterKind
        {
            Tags,
            Paths,
            Operations,
        }

        private sealed class Filter
        {
            public Filter(string name, string value, bool include, FilterKind kind)
            {
                Name = name;
                Value = value;
                Include = include;
                Kind = kind;
            }

            /// <summary>The metadata name on an <c>&lt;EnKashSpec&gt;</c> item (IncludeTags); on AdditionalFiles it has the EnKashGen prefix.</summary>
            public string Name { get; }

            public string Value { get; }

            public bool Include { get; }

            public FilterKind Kind { get; }

            public List<Entry> Entries { get; } = new List<Entry>();

            public string Describe() => $"The filter {Name} (EnKashGen{Name})";
        }

        private sealed class Entry
        {
            private readonly Regex? _pattern;

            public Entry(string text, Regex? pattern)
            {
                Text = text;
                _pattern = pattern;
            }

            public string Text { get; }

            public bool Matched { get; set; }

            public bool Matches(FilterKind kind, string path, IReadOnlyCollection<string> tags, string? operationId)
            {
                switch (kind)
                {
                    case FilterKind.Tags:
                        foreach (var tag in tags)
                        {
                            if (string.Equals(tag, Text, StringComparison.OrdinalIgnoreCase))
                            {
                                return true;
                            }
                        }
                        return false;
                    case FilterKind.Operations:
                        return operationId is not null && string.Equals(operationId, Text, StringComparison.Ordinal);
                    default:
                        try
                        {
                            return _pattern!.IsMatch(path);
                        }
                        catch (RegexMatchTimeoutException)
                        {
                            return false;
                        }
                }
            }
        }
    }
}
