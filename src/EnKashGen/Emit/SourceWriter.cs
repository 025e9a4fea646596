using System;
using System.Text;

namespace EnKashGen.Emit
{
    /// <summary>An indenting writer with <c>\n</c> newlines; <see cref="Block"/> opens a brace scope closed on dispose.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new StringBuilder(4096);
        private int _indent;

        public SourceWriter Line(string line = "")
        {
            if (line.Length > 0)
            {
                _text.Append(' ', _indent * 4);
                _text.Append(line);
            }
            _text.Append('\n');
            return this;
        }

        public Scope Block(string? header = null)
        {
            if (header is not null)
            {
                Line(header);
            }
            Line("{");
            _indent++;
            return new Scope(this, "}");
        }

        /// <summary>A block that ends with <c>};</c> (object initializers, switch expressions).</summary>
        public Scope StatementBlock(string header)
        {
            Line(header);
            Line("{");
            _indent++;
            return new Scope(this, "};");
        }

        public void Indent() => _indent++;

        public void Outdent() => _indent--;

        public void Doc(string? summary, string tag = "summary")
        {
            if (string.IsNullOrWhiteSpace(summary))
            {
                return;
            }
            var lines = Literals.XmlDocLines(summary!);
            if (lines.Count == 1)
            {
                Line("/// <" + tag + ">" + lines[0] + "</" + tag + ">");
                return;
            }
            Line("/// <" + tag + ">");
            foreach (var line in lines)
            {
                Line(line.Length == 0 ? "///" : "/// " + line);
            }
            Line("/// </" + tag + ">");
        }

        public override string ToString() => _text.ToString();

        internal readonly struct Scope : IDisposable
        {
            private readonly SourceWriter _writer;
            private readonly string _close;

            public Scope(SourceWriter writer, string close)
            {
                _writer = writer;
                _close = close;
            }

            public void Dispose()
            {
                _writer._indent--;
                _writer.Line(_close);
            }
        }
    }
}
