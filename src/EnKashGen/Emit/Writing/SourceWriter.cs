using System;

namespace EnKashGen.Emit
{
    /// <summary>
    /// An indenting writer with <c>\n</c> newlines; <see cref="Block"/> opens a brace scope closed on dispose. Text goes
    /// into one growing char array, and the array of a finished file is kept for the next file on the same thread, so a
    /// spec with thousands of types does not allocate (and collect) a fresh buffer per file.
    /// </summary>
    internal sealed class SourceWriter
    {
        /// <summary>Buffers larger than this (in chars) are not kept between files.</summary>
        private const int MaxKeptBuffer = 1 << 20;

        [ThreadStatic]
        private static char[]? t_spare;

        private char[] _buffer;
        private int _length;
        private int _indent;

        /// <summary>A writer for a fragment (a small, fresh buffer).</summary>
        public SourceWriter()
            : this(new char[256])
        {
        }

        private SourceWriter(char[] buffer)
        {
            _buffer = buffer;
        }

        /// <summary>A writer for a whole file: it reuses the buffer the previous file on this thread gave back in <see cref="Finish"/>.</summary>
        public static SourceWriter ForFile()
        {
            var buffer = t_spare ?? new char[16 * 1024];
            t_spare = null;
            return new SourceWriter(buffer);
        }

        public SourceWriter Line(string line = "")
        {
            if (line.Length > 0)
            {
                var pad = _indent * 4;
                Reserve(pad + line.Length + 1);
                for (var i = 0; i < pad; i++)
                {
                    _buffer[_length + i] = ' ';
                }
                _length += pad;
                line.CopyTo(0, _buffer, _length, line.Length);
                _length += line.Length;
            }
            else
            {
                Reserve(1);
            }
            _buffer[_length++] = '\n';
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

        /// <summary>
        /// Documentation the emitter writes itself: each line is trusted XML (<c>&lt;paramref name="x"/&gt;</c>,
        /// <c>&lt;see cref="..."/&gt;</c>), written as it is. Spec text inside it must go through <see cref="Literals.XmlText"/>.
        /// </summary>
        public void DocMarkup(params string[] lines)
        {
            if (lines.Length == 1)
            {
                Line("/// <summary>" + lines[0] + "</summary>");
                return;
            }
            Line("/// <summary>");
            foreach (var line in lines)
            {
                Line(line.Length == 0 ? "///" : "/// " + line);
            }
            Line("/// </summary>");
        }

        /// <summary>Writes several lines at the current indentation (each line of <paramref name="text"/> indented as the writer is).</summary>
        public void Lines(string text)
        {
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            {
                Line(line);
            }
        }

        /// <summary>Spec text as documentation: escaped, so nothing in the spec becomes markup.</summary>
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

        public override string ToString() => new string(_buffer, 0, _length);

        /// <summary>The text of the file; the writer gives its buffer back for the next file and must not be used again.</summary>
        public string Finish()
        {
            var text = ToString();
            if (_buffer.Length <= MaxKeptBuffer && (t_spare is null || t_spare.Length < _buffer.Length))
            {
                t_spare = _buffer;
            }
            _buffer = new char[0];
            _length = 0;
            return text;
        }

        private void Reserve(int count)
        {
            if (_length + count <= _buffer.Length)
            {
                return;
            }
            var size = Math.Max(_buffer.Length * 2, _length + count);
            var bigger = new char[size];
            Array.Copy(_buffer, bigger, _length);
            _buffer = bigger;
        }

        internal readonly struct Scope : IDisposable
        {
            private readonly SourceWriter _writer;
            private readonly string _close;

            public Scope(SourceWriter writer, string close)
            {
                _writer = writer;
                _close = close;
            }

            /// <summary>Closes the block; a blank line left after its last member is dropped.</summary>
            public void Dispose()
            {
                _writer._indent--;
                if (_writer._length >= 2 && _writer._buffer[_writer._length - 1] == '\n' && _writer._buffer[_writer._length - 2] == '\n')
                {
                    _writer._length--;
                }
                _writer.Line(_close);
            }
        }
    }
}
