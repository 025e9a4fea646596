using System.Collections.Generic;

namespace EnKashGen.Spec.Fast
{
    /// <summary>What a <see cref="DocNode"/> is: a mapping (JSON object), a sequence (JSON array) or a scalar.</summary>
    internal enum DocNodeKind : byte
    {
        Mapping,
        Sequence,
        Scalar,
    }

    /// <summary>
    /// One node of a spec document as the OpenAPI reader sees it, whatever the format: JSON and YAML both become
    /// mappings, sequences and scalars. A scalar keeps its text exactly as the YAML representation model would give it
    /// (a JSON number or <c>true</c>/<c>null</c> is plain text) and whether it was written as an explicit string (a
    /// quoted or block YAML scalar, or a JSON string), which decides how examples and defaults are typed.
    /// Positions are exactly the <c>Start</c>/<c>End</c> marks SharpYaml's parser gives the node's event (the scalar
    /// event; for a mapping or sequence its start event), so diagnostics land where they always have.
    /// </summary>
    internal sealed class DocNode
    {
        private DocNode(DocNodeKind kind)
        {
            Kind = kind;
        }

        public DocNodeKind Kind { get; }

        /// <summary>The scalar's value (null for mappings and sequences).</summary>
        public string? Text { get; private set; }

        /// <summary>True for a quoted (single or double) or block (literal, folded) scalar, and for every JSON string.</summary>
        public bool Explicit { get; private set; }

        /// <summary>A mapping's members in document order (keys are unique: a parser refuses duplicates).</summary>
        public List<DocMember>? Members { get; private set; }

        /// <summary>A sequence's items in document order.</summary>
        public List<DocNode>? Items { get; private set; }

        /// <summary>The Start and End marks of the node's SharpYaml event (for a mapping or sequence: its start event).</summary>
        public DocSpan Span { get; set; }

        public static DocNode Scalar(string text, bool isExplicit, DocSpan span) => new DocNode(DocNodeKind.Scalar) { Text = text, Explicit = isExplicit, Span = span };

        public static DocNode Mapping(DocSpan start) => new DocNode(DocNodeKind.Mapping) { Members = new List<DocMember>(), Span = start };

        public static DocNode Sequence(DocSpan start) => new DocNode(DocNodeKind.Sequence) { Items = new List<DocNode>(), Span = start };
    }

    /// <summary>A member of a mapping: its key (with the key's own position, where diagnostics about the member point) and value.</summary>
    internal readonly struct DocMember
    {
        public DocMember(string key, DocSpan keySpan, DocNode value)
        {
            Key = key;
            KeySpan = keySpan;
            Value = value;
        }

        public string Key { get; }

        public DocSpan KeySpan { get; }

        public DocNode Value { get; }
    }

    /// <summary>Start and end line/column of a node, with SharpYaml's <c>Mark</c> numbering.</summary>
    internal readonly struct DocSpan
    {
        public DocSpan(int startLine, int startColumn, int endLine, int endColumn)
        {
            StartLine = startLine;
            StartColumn = startColumn;
            EndLine = endLine;
            EndColumn = endColumn;
        }

        public int StartLine { get; }

        public int StartColumn { get; }

        public int EndLine { get; }

        public int EndColumn { get; }
    }
}
